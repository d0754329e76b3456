using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tact.Activations.Kernels;

/// <summary>WSGAF's default components: tanh, relu, sigmoid, in that order.</summary>
internal struct TanhReluSigmoidTerms : IRegisterTerms
{
    public static int Count => 3;

    public static bool HasBeta => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Value<T>(Vector<T> x, Vector<T> beta, in Weights<T> w)
        where T : unmanaged, IFloatingPointIeee754<T>
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
