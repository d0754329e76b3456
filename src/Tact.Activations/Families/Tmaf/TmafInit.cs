namespace Tact.Activations;

/// <summary>How the values of a TMAF table start.</summary>
public enum TmafInit
{
    /// <summary>0 on intervals left of 0, 1 right of 0: the function t(z) z is ReLU.</summary>
    Relu,
    /// <summary>A small slope left of 0, 1 right of 0: leaky ReLU.</summary>
    Leaky,
    /// <summary>Every value 0.</summary>
    Zero,
}
