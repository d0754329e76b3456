namespace Tact.Activations;

/// <summary>The gate applied to WSGAF's raw weights.</summary>
public enum WsgafGate
{
    /// <summary>g(w) = w.</summary>
    Linear,
    /// <summary>g(w) = sigmoid(w).</summary>
    Sigmoid,
}
