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

    /// <summary>
    /// Adds <paramref name="v"/> into the vector of running sums at <paramref name="sums"/> + <paramref name="at"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddInto<T>(ref T sums, nuint at, Vector<T> v) where T : unmanaged =>
        (Vector.LoadUnsafe(ref sums, at) + v).StoreUnsafe(ref sums, at);

    /// <summary>e = exp(-|x|) and d = 1 - e (accurate near 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<T> E, Vector<T> D) Decay<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        VectorMath.ExpDecay(Vector.Abs(x));

    /// <summary>
    /// sigmoid(x) and its slope from e = exp(-|x|): with r = 1 / (1 + e), r above 0 and e r below; e r^2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector<T> Sigmoid, Vector<T> Slope) Sigmoid<T>(Vector<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
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
    public static (Vector<T> Sigmoid, Vector<T> SigmoidSlope, Vector<T> Tanh, Vector<T> TanhSlope)
        SigmoidTanh<T>(Vector<T> x)
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
