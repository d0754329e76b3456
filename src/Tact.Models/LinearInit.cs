namespace Tact.Models;

/// <summary>How a model's linear layers start, where a paper states it.</summary>
public enum LinearInit
{
    /// <summary>PyTorch's default: Kaiming-uniform weights (a = sqrt 5) and uniform biases.</summary>
    PyTorch,

    /// <summary>
    /// Keras' <c>glorot_normal</c> kernel (variance 2 / (fan_in + fan_out), a normal truncated at two standard
    /// deviations with the std divided by 0.87962566103423978 so the truncation keeps that variance) and a zero bias.
    /// </summary>
    GlorotNormal,

    /// <summary>Keras' <c>glorot_uniform</c> kernel (Keras' Dense default) and a zero bias.</summary>
    GlorotUniform,
}
