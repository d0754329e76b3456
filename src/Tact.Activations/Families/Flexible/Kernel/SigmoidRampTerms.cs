using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tact.Activations.Kernels;

/// <summary>P-Sig-Ramp's components: sigmoid(x) and the ramp clamp(beta x + 1/2, 0, 1).</summary>
internal struct SigmoidRampTerms : IRegisterTerms
{
    public static int Count => 2;

    public static bool HasBeta => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Value<T>(Vector<T> x, Vector<T> beta, in Weights<T> w)
        where T : unmanaged, IFloatingPointIeee754<T>
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

    // clamp(beta x + 1/2, 0, 1), NaN kept;
    // inside = 1 within [0, 1], bounds included (not NaN), as clamp's backward has it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Ramp<T>(Vector<T> x, Vector<T> beta, out Vector<T> inside)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (zero, one) = (Vector<T>.Zero, Vector<T>.One);
        var r = beta * x + new Vector<T>(T.One / (T.One + T.One));
        inside = Vector.ConditionalSelect(
            Vector.GreaterThanOrEqual(r, zero) & Vector.LessThanOrEqual(r, one), one, zero);
        return Vector.ConditionalSelect(Vector.LessThan(r, zero), zero,
            Vector.ConditionalSelect(Vector.GreaterThan(r, one), one, r));
    }
}
