using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>Helpers for constrained activations.</summary>
public static class ActivationConstraints
{
    /// <summary>
    /// Projects every <see cref="IProjectedActivation"/> in <paramref name="model"/>; call after each optimiser step.
    /// </summary>
    public static void ProjectAll(nn.Module model)
    {
        foreach (var module in SelfAndDescendants(model).OfType<IProjectedActivation>()) module.Project();
    }

    /// <summary>
    /// The module itself, then every module below it (TorchSharp's <c>modules()</c> leaves out the module itself).
    /// </summary>
    public static IEnumerable<nn.Module> SelfAndDescendants(nn.Module model) => [model, .. model.modules()];

    /// <summary>
    /// Euclidean projection of each row of <paramref name="v"/> onto the probability simplex (Duchi et al. 2008):
    /// sort, find the largest j with u_j &gt; (sum_(i&lt;=j) u_i - 1) / j, shift by that threshold and clip at 0. A row
    /// holding NaN or an infinity (a diverging run) comes out NaN, which the trainer reports as divergence.
    /// </summary>
    public static Tensor ProjectRowsOntoSimplex(Tensor v)
    {
        if (!OnCpuInC(v)) return ProjectRowsOntoSimplexComposed(v);
        var projected = v.detach().clone();
        ProjectRowsInPlace(projected);
        return projected;
    }

    /// <summary>
    /// Projects the rows of <paramref name="v"/> onto the simplex in place (no gradient is recorded). On CPU this is a
    /// loop over the rows in C#, a few microseconds where the dozen tensor operations of the composed form cost about
    /// a hundred: it runs after every optimiser step, for every layer.
    /// </summary>
    public static void ProjectRowsOntoSimplexInPlace(Tensor v)
    {
        using var _ = no_grad();
        if (!OnCpuInC(v))
        {
            v.copy_(ProjectRowsOntoSimplexComposed(v));
            return;
        }
        ProjectRowsInPlace(v);
        // Writing through the tensor's memory bypasses autograd's version counter; an in-place no-op bumps it, so a
        // graph that saved v before the projection still fails loudly in backward instead of using the new values.
        v.mul_(1);
    }

    private static bool OnCpuInC(Tensor v) =>
        v.device_type == TorchSharp.DeviceType.CPU && v.dtype is ScalarType.Float32 or ScalarType.Float64 &&
            v.is_contiguous() && v.dim() == 2;

    private static void ProjectRowsInPlace(Tensor v)
    {
        int k = (int)v.shape[1];
        if (v.dtype == ScalarType.Float32)
            ProjectRows(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(v.bytes), k);
        else ProjectRows(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(v.bytes), k);
    }

    private static void ProjectRows<T>(Span<T> values, int k)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Span<double> u = k <= 64 ? stackalloc double[k] : new double[k];
        for (int start = 0; start + k <= values.Length; start += k)
        {
            var row = values.Slice(start, k);
            bool finite = true;
            for (int i = 0; i < k; i++)
            {
                u[i] = double.CreateTruncating(row[i]);
                finite &= double.IsFinite(u[i]);
            }
            if (!finite)
            {
                row.Fill(T.NaN);
                continue;
            }
            u.Sort((a, b) => b.CompareTo(a));
            double cumulative = 0, theta = 0;
            for (int j = 1; j <= k; j++)
            {
                cumulative += u[j - 1];
                double candidate = (cumulative - 1) / j;
                if (u[j - 1] > candidate) theta = candidate;        // true up to rho, false after
            }
            for (int i = 0; i < k; i++)
                row[i] = T.CreateTruncating(Math.Max(double.CreateTruncating(row[i]) - theta, 0));
        }
    }

    /// <summary>
    /// The same projection in tensor operations, for tensors the loop does not take (CUDA, other layouts).
    /// </summary>
    internal static Tensor ProjectRowsOntoSimplexComposed(Tensor v)
    {
        using var scope = NewDisposeScope();
        long k = v.shape[1];
        var u = v.sort(1, descending: true).Values;
        var cumulative = u.cumsum(1) - 1;
        var index = arange(1, k + 1, dtype: v.dtype).unsqueeze(0);
        // rho >= 1 for any finite row (j = 1 always qualifies); a row holding NaN or Inf (a diverging run) could
        // give 0, so it is clamped and such a row comes out NaN, which the trainer reports as divergence, not as
        // an index error.
        var rho = (u - cumulative / index).gt(0).sum(1, keepdim: true, type: ScalarType.Int64).clamp_min(1);
        var theta = cumulative.gather(1, rho - 1) / rho.to(v.dtype);
        return (v - theta).clamp_min(0).MoveToOuterDisposeScope();
    }
}
