using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tact.Activations.Kernels;

/// <summary>The loops of <see cref="RegisterBasis{TTerms}"/>, one compiled per element type and family.</summary>
internal static class RegisterLoop<T, TTerms>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TTerms : struct, IRegisterTerms
{
    private static int Width => Vector<T>.Count;

    // Compiled once at full optimisation, and never inlined into a caller: inlined, the loop would share the caller's
    // inlining budget, which it exceeds, and the terms would become calls.
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Forward(in Segment<T> s, Span<T> y)
    {
        for (int i = 0; i < s.Length; i += Width)
            TTerms.Value(Load(s.X, i), LoadBeta(s, i), LoadWeights(s, i))
                .StoreUnsafe(ref MemoryMarshal.GetReference(y), (nuint)i);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Backward(in Segment<T> s, ReadOnlySpan<T> g, Span<T> gx)
    {
        for (int i = 0; i < s.Length; i += Width)
        {
            var dx = TTerms.Gradient(Load(s.X, i), LoadBeta(s, i), LoadWeights(s, i), Load(g, i), out var wGrad,
                out var betaGrad);
            dx.StoreUnsafe(ref MemoryMarshal.GetReference(gx), (nuint)i);
            AddInto(s.SumW(0), i, wGrad.W0);
            if (TTerms.Count > 1) AddInto(s.SumW(1), i, wGrad.W1);
            if (TTerms.Count > 2) AddInto(s.SumW(2), i, wGrad.W2);
            if (TTerms.HasBeta) AddInto(s.SumBeta, i, betaGrad);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Weights<T> LoadWeights(in Segment<T> s, int i) =>
        new(Load(s.W(0), i), TTerms.Count > 1 ? Load(s.W(1), i) : default,
            TTerms.Count > 2 ? Load(s.W(2), i) : default);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> LoadBeta(in Segment<T> s, int i) => TTerms.HasBeta ? Load(s.Beta, i) : default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Load(ReadOnlySpan<T> span, int i) =>
        Vector.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddInto(Span<T> sums, int i, Vector<T> v) =>
        Lanes.AddInto(ref MemoryMarshal.GetReference(sums), (nuint)i, v);
}
