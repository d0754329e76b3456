using System.Numerics;

namespace Tact.Activations.Kernels;

/// <summary>
/// The weights w_0..w_2 of up to three terms (or their gradient contributions) for one vector of elements.
/// </summary>
internal readonly record struct Weights<T>(Vector<T> W0, Vector<T> W1, Vector<T> W2);
