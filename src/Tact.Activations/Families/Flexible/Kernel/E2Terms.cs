using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tact.Activations.Kernels;

/// <summary>
/// P-E2-ReLU's (<typeparamref name="TFirst"/> = relu) and P-E2-Id's (identity) components: the first term, and
/// e2(x; beta) = elu(x; beta) - elu(-x; beta) = x + beta sign(x) (1 - exp(-|x|)).
/// </summary>
internal struct E2Terms<TFirst> : IRegisterTerms where TFirst : struct, IFirstTerm
{
    public static int Count => 2;

    public static bool HasBeta => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Value<T>(Vector<T> x, Vector<T> beta, in Weights<T> w)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (_, d) = Lanes.Decay(x);
        return w.W0 * TFirst.Value(x) + w.W1 * (beta * Towards(x, d) + x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Gradient<T>(Vector<T> x, Vector<T> beta, in Weights<T> w, Vector<T> g, out Weights<T> wGrad,
        out Vector<T> betaGrad) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (e, d) = Lanes.Decay(x);
        var towards = Towards(x, d);
        wGrad = new(g * TFirst.Value(x), g * (beta * towards + x), default);
        var gw1 = g * w.W1;
        betaGrad = gw1 * towards;                                       // d e2 / d beta = sign(x) (1 - exp(-|x|))
        return g * w.W0 * TFirst.Slope(x) + gw1 * (beta * e + Vector<T>.One);   // d e2 / dx = 1 + beta exp(-|x|)
    }

    // sign(x) (1 - exp(-|x|)), 0 at 0
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Towards<T>(Vector<T> x, Vector<T> d) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.LessThan(x, Vector<T>.Zero), -d, d);
}

/// <summary>The first term of P-E2-ReLU or P-E2-Id.</summary>
internal interface IFirstTerm
{
    /// <summary>The term's value.</summary>
    static abstract Vector<T> Value<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Its slope.</summary>
    static abstract Vector<T> Slope<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>relu as <c>clamp_min(x, 0)</c>, whose gradient passes at 0.</summary>
internal struct ClampMinTerm : IFirstTerm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Value<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Lanes.Relu(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Slope<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Lanes.NonNegative(x);
}

/// <summary>The identity.</summary>
internal struct IdentityTerm : IFirstTerm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Value<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T> => x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Slope<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Vector<T>.One;
}
