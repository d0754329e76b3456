namespace Tact.Checkpoints.Description;

/// <summary>One activation module of a saved model.</summary>
/// <param name="Module">Its dotted path in the model (its tensors are named <c>Module.parameter</c>).</param>
/// <param name="Spec">Its canonical spec: the family and every option that differs from the default.</param>
/// <param name="Sets">Parameter sets: 1 per layer, or the feature count per neuron.</param>
/// <param name="Parameters">Trainable scalars.</param>
/// <param name="InputMin">Smallest finite input seen in the final test evaluation, when it was monitored.</param>
/// <param name="InputMax">Largest finite input seen in the final test evaluation, when it was monitored.</param>
public sealed record ActivationDescription(string Module, string Spec, int Sets, long Parameters,
    double? InputMin = null, double? InputMax = null);
