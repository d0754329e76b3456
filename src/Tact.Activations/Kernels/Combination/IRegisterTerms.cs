using System.Numerics;

namespace Tact.Activations.Kernels;

/// <summary>
/// The terms of a short combination written for registers: the value and the gradient of
/// <c>y = sum_k w_k phi_k(x; beta)</c> for one <see cref="Vector{T}"/> of elements, sharing every intermediate
/// (one <c>exp</c> for all of them). Implemented by small structs, so the JIT compiles one loop per family and
/// element type with the terms inlined.
/// </summary>
internal interface IRegisterTerms
{
    /// <summary>Number of terms K (at most 3).</summary>
    static abstract int Count { get; }

    /// <summary>Whether the terms depend on the inner parameter beta.</summary>
    static abstract bool HasBeta { get; }

    /// <summary><c>sum_k w_k phi_k(x; beta)</c>.</summary>
    static abstract Vector<T> Value<T>(Vector<T> x, Vector<T> beta, in Weights<T> w)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Returns <c>g sum_k w_k phi_k'(x)</c>; sets <paramref name="wGrad"/> to <c>g phi_k(x)</c> per term and
    /// <paramref name="betaGrad"/> to <c>g sum_k w_k d phi_k / d beta</c>.
    /// </summary>
    static abstract Vector<T> Gradient<T>(Vector<T> x, Vector<T> beta, in Weights<T> w, Vector<T> g,
        out Weights<T> wGrad, out Vector<T> betaGrad) where T : unmanaged, IFloatingPointIeee754<T>;
}
