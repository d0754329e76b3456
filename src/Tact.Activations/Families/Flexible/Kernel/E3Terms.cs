using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tact.Activations.Kernels;

/// <summary>
/// P-E3-ReLU's components: relu(x) (as clamp_min), elu(x) and -elu(-x). With e = exp(-|x|) and d = 1 - e, above 0
/// they are x, x and d, with slopes 1, 1 and e; below, 0, -d and x, with slopes 0, e and 1.
/// </summary>
internal struct E3Terms : IRegisterTerms
{
    public static int Count => 3;

    public static bool HasBeta => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Value<T>(Vector<T> x, Vector<T> beta, in Weights<T> w)
        where T : unmanaged, IFloatingPointIeee754<T>
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
