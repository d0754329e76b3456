using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tact.Activations.Kernels;

/// <summary>
/// The pieces the register terms share, for one vector: everything a family needs comes from one
/// <c>e = exp(-|x|)</c>. Selections keep NaN where the composed ops do (relu(NaN) is NaN).
/// </summary>
internal static class Lanes
{
    /// <summary>max(x, 0), NaN kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Relu<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.LessThan(x, Vector<T>.Zero), Vector<T>.Zero, x);

    /// <summary>1 where x &gt; 0, else 0: relu's gradient mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Positive<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero);

    /// <summary>1 where x &gt;= 0, else 0: clamp_min(x, 0)'s gradient mask, which passes the gradient at 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> NonNegative<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero);

    /// <summary>Adds <paramref name="v"/> into the vector of running sums at <paramref name="sums"/> + <paramref name="at"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddInto<T>(ref T sums, nuint at, Vector<T> v) where T : unmanaged =>
        (Vector.LoadUnsafe(ref sums, at) + v).StoreUnsafe(ref sums, at);

    /// <summary>e = exp(-|x|) and d = 1 - e (accurate near 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<T> E, Vector<T> D) Decay<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        VectorMath.ExpDecay(Vector.Abs(x));

    /// <summary>sigmoid(x) and its slope from e = exp(-|x|): with r = 1 / (1 + e), r above 0 and e r below; e r^2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<T> Sigmoid, Vector<T> Slope) Sigmoid<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (e, _) = Decay(x);
        var r = Vector<T>.One / (Vector<T>.One + e);
        var er = e * r;
        return (Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<T>.Zero), r, er), er * r);
    }

    /// <summary>
    /// sigmoid(x) and its slope, tanh(x) and its slope, from e = exp(-|x|) and d = 1 - e: sigmoid as in
    /// <see cref="Sigmoid{T}"/>; with q = 1 / (1 + e^2), tanh(|x|) = d (1 + e) q and 1 - tanh^2 = 4 e^2 q^2, neither of
    /// which cancels (1 - tanh^2 would, where tanh saturates). One division gives both reciprocals.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<T> Sigmoid, Vector<T> SigmoidSlope, Vector<T> Tanh, Vector<T> TanhSlope) SigmoidTanh<T>(Vector<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (e, d) = Decay(x);
        var one = Vector<T>.One;
        var (onePlusE, onePlusE2) = (one + e, e * e + one);
        var both = one / (onePlusE * onePlusE2);
        var r = onePlusE2 * both;
        var q = onePlusE * both;
        var er = e * r;
        var sigmoid = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<T>.Zero), r, er);
        var tanh = d * onePlusE * q;
        var eq = e * q;
        var tanhSlope = (eq + eq) * (eq + eq);
        return (sigmoid, er * r, Vector.ConditionalSelect(Vector.LessThan(x, Vector<T>.Zero), -tanh, tanh), tanhSlope);
    }
}

/// <summary>WSGAF's default components: tanh, relu, sigmoid, in that order.</summary>
internal struct TanhReluSigmoidTerms : IRegisterTerms
{
    public static int Count => 3;

    public static bool HasBeta => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Value<T>(Vector<T> x, Vector<T> beta, in Weights<T> w) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (sigmoid, _, tanh, _) = Lanes.SigmoidTanh(x);
        return w.W0 * tanh + w.W1 * Lanes.Relu(x) + w.W2 * sigmoid;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Gradient<T>(Vector<T> x, Vector<T> beta, in Weights<T> w, Vector<T> g, out Weights<T> wGrad,
        out Vector<T> betaGrad) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (sigmoid, sigmoidSlope, tanh, tanhSlope) = Lanes.SigmoidTanh(x);
        wGrad = new(g * tanh, g * Lanes.Relu(x), g * sigmoid);
        betaGrad = default;
        var slope = w.W0 * tanhSlope + w.W1 * Lanes.Positive(x) + w.W2 * sigmoidSlope;
        return g * slope;
    }
}

/// <summary>P-Sig-Ramp's components: sigmoid(x) and the ramp clamp(beta x + 1/2, 0, 1).</summary>
internal struct SigmoidRampTerms : IRegisterTerms
{
    public static int Count => 2;

    public static bool HasBeta => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Value<T>(Vector<T> x, Vector<T> beta, in Weights<T> w) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (sigmoid, _) = Lanes.Sigmoid(x);
        return w.W0 * sigmoid + w.W1 * Ramp(x, beta, out _);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Gradient<T>(Vector<T> x, Vector<T> beta, in Weights<T> w, Vector<T> g, out Weights<T> wGrad,
        out Vector<T> betaGrad) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (sigmoid, sigmoidSlope) = Lanes.Sigmoid(x);
        var ramp = Ramp(x, beta, out var inside);
        wGrad = new(g * sigmoid, g * ramp, default);
        // Inside the ramp's window the ramp has slope beta in x and x in beta.
        var gInside = g * inside;
        betaGrad = gInside * w.W1 * x;
        return g * w.W0 * sigmoidSlope + gInside * w.W1 * beta;
    }

    // clamp(beta x + 1/2, 0, 1), NaN kept; inside = 1 within [0, 1], bounds included (not NaN), as clamp's backward has it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Ramp<T>(Vector<T> x, Vector<T> beta, out Vector<T> inside) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (zero, one) = (Vector<T>.Zero, Vector<T>.One);
        var r = beta * x + new Vector<T>(T.One / (T.One + T.One));
        inside = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(r, zero) & Vector.LessThanOrEqual(r, one), one, zero);
        return Vector.ConditionalSelect(Vector.LessThan(r, zero), zero, Vector.ConditionalSelect(Vector.GreaterThan(r, one), one, r));
    }
}

/// <summary>
/// P-E2-ReLU's (<typeparamref name="TFirst"/> = relu) and P-E2-Id's (identity) components: the first term, and
/// e2(x; beta) = elu(x; beta) - elu(-x; beta) = x + beta sign(x) (1 - exp(-|x|)).
/// </summary>
internal struct E2Terms<TFirst> : IRegisterTerms where TFirst : struct, IFirstTerm
{
    public static int Count => 2;

    public static bool HasBeta => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Value<T>(Vector<T> x, Vector<T> beta, in Weights<T> w) where T : unmanaged, IFloatingPointIeee754<T>
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

/// <summary>
/// P-E3-ReLU's components: relu(x) (as clamp_min), elu(x) and -elu(-x). With e = exp(-|x|) and d = 1 - e, above 0
/// they are x, x and d, with slopes 1, 1 and e; below, 0, -d and x, with slopes 0, e and 1.
/// </summary>
internal struct E3Terms : IRegisterTerms
{
    public static int Count => 3;

    public static bool HasBeta => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Value<T>(Vector<T> x, Vector<T> beta, in Weights<T> w) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (_, d) = Lanes.Decay(x);
        var (relu, elu, mirrored) = Values(x, d);
        return w.W0 * relu + w.W1 * elu + w.W2 * mirrored;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Gradient<T>(Vector<T> x, Vector<T> beta, in Weights<T> w, Vector<T> g, out Weights<T> wGrad,
        out Vector<T> betaGrad) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (e, d) = Lanes.Decay(x);
        var (relu, elu, mirrored) = Values(x, d);
        wGrad = new(g * relu, g * elu, g * mirrored);
        betaGrad = default;
        var positive = Vector.GreaterThan(x, Vector<T>.Zero);
        var eluSlope = Vector.ConditionalSelect(positive, Vector<T>.One, e);
        var mirroredSlope = Vector.ConditionalSelect(positive, e, Vector<T>.One);
        return g * (w.W0 * Lanes.NonNegative(x) + w.W1 * eluSlope + w.W2 * mirroredSlope);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<T> Relu, Vector<T> Elu, Vector<T> Mirrored) Values<T>(Vector<T> x, Vector<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var positive = Vector.GreaterThan(x, Vector<T>.Zero);
        return (Lanes.Relu(x), Vector.ConditionalSelect(positive, x, -d), Vector.ConditionalSelect(positive, d, x));
    }
}
