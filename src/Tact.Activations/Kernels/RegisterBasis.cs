using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tact.Activations.Kernels;

/// <summary>The weights w_0..w_2 of up to three terms (or their gradient contributions) for one vector of elements.</summary>
internal readonly record struct Weights<T>(Vector<T> W0, Vector<T> W1, Vector<T> W2);

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
    static abstract Vector<T> Value<T>(Vector<T> x, Vector<T> beta, in Weights<T> w) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Returns <c>g sum_k w_k phi_k'(x)</c>; sets <paramref name="wGrad"/> to <c>g phi_k(x)</c> per term and
    /// <paramref name="betaGrad"/> to <c>g sum_k w_k d phi_k / d beta</c>.
    /// </summary>
    static abstract Vector<T> Gradient<T>(Vector<T> x, Vector<T> beta, in Weights<T> w, Vector<T> g, out Weights<T> wGrad,
        out Vector<T> betaGrad) where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>
/// A <see cref="PointwiseBasis"/> that runs its terms in one loop over a segment: each vector of inputs is loaded
/// once, every term and its slope stay in registers, and the results are written once (the span-based form makes a
/// pass per term and per step).
/// </summary>
internal sealed class RegisterBasis<TTerms> : PointwiseBasis where TTerms : struct, IRegisterTerms
{
    /// <summary>The one instance (the basis has no state).</summary>
    public static RegisterBasis<TTerms> Instance { get; } = new();

    private RegisterBasis()
    {
    }

    /// <inheritdoc />
    public override int Count => TTerms.Count;

    /// <inheritdoc />
    public override bool HasBeta => TTerms.HasBeta;

    /// <inheritdoc />
    public override int ScratchLength(int block, bool backward) => 0;

    /// <inheritdoc />
    public override void Forward<T>(in Segment<T> s, Span<T> y, Span<T> scratch) => RegisterLoop<T, TTerms>.Forward(s, y);

    /// <inheritdoc />
    public override void Backward<T>(in Segment<T> s, ReadOnlySpan<T> g, Span<T> gx, Span<T> scratch) =>
        RegisterLoop<T, TTerms>.Backward(s, g, gx);
}

/// <summary>The loops of <see cref="RegisterBasis{TTerms}"/>, one compiled per element type and family.</summary>
internal static class RegisterLoop<T, TTerms> where T : unmanaged, IFloatingPointIeee754<T> where TTerms : struct, IRegisterTerms
{
    private static int Width => Vector<T>.Count;

    // Compiled once at full optimisation, and never inlined into a caller: inlined, the loop would share the caller's
    // inlining budget, which it exceeds, and the terms would become calls.
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Forward(in Segment<T> s, Span<T> y)
    {
        for (int i = 0; i < s.Length; i += Width)
            TTerms.Value(Load(s.X, i), LoadBeta(s, i), LoadWeights(s, i)).StoreUnsafe(ref MemoryMarshal.GetReference(y), (nuint)i);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Backward(in Segment<T> s, ReadOnlySpan<T> g, Span<T> gx)
    {
        for (int i = 0; i < s.Length; i += Width)
        {
            var dx = TTerms.Gradient(Load(s.X, i), LoadBeta(s, i), LoadWeights(s, i), Load(g, i), out var wGrad, out var betaGrad);
            dx.StoreUnsafe(ref MemoryMarshal.GetReference(gx), (nuint)i);
            AddInto(s.SumW(0), i, wGrad.W0);
            if (TTerms.Count > 1) AddInto(s.SumW(1), i, wGrad.W1);
            if (TTerms.Count > 2) AddInto(s.SumW(2), i, wGrad.W2);
            if (TTerms.HasBeta) AddInto(s.SumBeta, i, betaGrad);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Weights<T> LoadWeights(in Segment<T> s, int i) =>
        new(Load(s.W(0), i), TTerms.Count > 1 ? Load(s.W(1), i) : default, TTerms.Count > 2 ? Load(s.W(2), i) : default);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> LoadBeta(in Segment<T> s, int i) => TTerms.HasBeta ? Load(s.Beta, i) : default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Load(ReadOnlySpan<T> span, int i) => Vector.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddInto(Span<T> sums, int i, Vector<T> v) => Lanes.AddInto(ref MemoryMarshal.GetReference(sums), (nuint)i, v);
}
