namespace Tact.Activations;

/// <summary>How the coefficients of a basis expansion start.</summary>
public enum VnnInit
{
    /// <summary>The least-squares fit of a named function on an interval (ReLU on [-3, 3] by default).</summary>
    Fit,
    /// <summary>Every coefficient drawn from N(0, std).</summary>
    Normal,
}
