namespace Tact.Activations;

/// <summary>One parameter set for the whole layer, or one per index of the feature axis (dim 1).</summary>
public enum Granularity
{
    /// <summary>One parameter set shared by every feature of the layer.</summary>
    Layer,
    /// <summary>One parameter set per feature (per channel after a convolution).</summary>
    Neuron,
}
