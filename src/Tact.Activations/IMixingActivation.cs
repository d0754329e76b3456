using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>An activation that mixes K components with weights on the probability simplex.</summary>
public interface IMixingActivation
{
    /// <summary>The mixing weights, [sets, K], each row on the simplex; differentiable.</summary>
    Tensor MixingWeights();

    /// <summary>The mix that gives the family's baseline function (alpha_k0 of the regulariser).</summary>
    IReadOnlyList<double> DefaultMix { get; }
}
