using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>An activation whose parameters must be projected back onto their set after each optimiser step.</summary>
public interface IProjectedActivation
{
    /// <summary>Projects the parameters in place (without gradient).</summary>
    void Project();
}

/// <summary>An activation that mixes K components with weights on the probability simplex.</summary>
public interface IMixingActivation
{
    /// <summary>The mixing weights, [sets, K], each row on the simplex; differentiable.</summary>
    Tensor MixingWeights();

    /// <summary>The mix that gives the family's baseline function (alpha_k0 of the regulariser).</summary>
    IReadOnlyList<double> DefaultMix { get; }
}

/// <summary>Helpers for constrained activations.</summary>
public static class ActivationConstraints
{
    /// <summary>Projects every <see cref="IProjectedActivation"/> in <paramref name="model"/>; call after each optimiser step.</summary>
    public static void ProjectAll(nn.Module model)
    {
        foreach (var module in SelfAndDescendants(model).OfType<IProjectedActivation>()) module.Project();
    }

    /// <summary>The module itself, then every module below it (TorchSharp's <c>modules()</c> leaves out the module itself).</summary>
    public static IEnumerable<nn.Module> SelfAndDescendants(nn.Module model) => [model, .. model.modules()];

    /// <summary>
    /// Euclidean projection of each row of <paramref name="v"/> onto the probability simplex (Duchi et al. 2008):
    /// sort, find the largest j with u_j &gt; (sum_(i&lt;=j) u_i - 1) / j, shift by that threshold and clip at 0.
    /// </summary>
    public static Tensor ProjectRowsOntoSimplex(Tensor v)
    {
        using var scope = NewDisposeScope();
        long k = v.shape[1];
        var u = v.sort(1, descending: true).Values;
        var cumulative = u.cumsum(1) - 1;
        var index = arange(1, k + 1, dtype: v.dtype).unsqueeze(0);
        // rho >= 1 for any finite row (j = 1 always qualifies); a row holding NaN or Inf (a diverging run) could give 0,
        // so it is clamped and such a row comes out NaN, which the trainer reports as divergence, not as an index error.
        var rho = (u - cumulative / index).gt(0).sum(1, keepdim: true, type: ScalarType.Int64).clamp_min(1);
        var theta = cumulative.gather(1, rho - 1) / rho.to(v.dtype);
        return (v - theta).clamp_min(0).MoveToOuterDisposeScope();
    }
}
