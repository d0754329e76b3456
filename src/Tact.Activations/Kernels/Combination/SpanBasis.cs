using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Tact.Activations.Kernels;

/// <summary>
/// A basis evaluated by vectorised passes over spans: <see cref="Values{T}"/> writes phi_k(x) row by row,
/// <see cref="Slopes{T}"/> their derivatives, and the combination and gradient sums are further passes
/// (<see cref="TensorPrimitives"/>), all on one segment in the first-level cache. General (any K, any named
/// function), but each step is a pass of its own; every other basis has a loop that keeps its terms in registers
/// (<see cref="RegisterBasis{TTerms}"/>, <see cref="FourierKernelBasis"/>, <see cref="PolynomialKernelBasis"/>,
/// <see cref="GaussianKernelBasis"/>).
/// </summary>
internal abstract class SpanBasis : PointwiseBasis
{
    /// <summary>
    /// Rows of scratch, each as long as the span, that <see cref="Values{T}"/> and <see cref="Slopes{T}"/> may use.
    /// </summary>
    public virtual int WorkRows => 1;

    /// <summary>Writes phi_k(x) into row k of <paramref name="values"/> (rows of length x.Length).</summary>
    public abstract void Values<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, Span<T> values, Span<T> work)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Given the values, writes d phi_k / dx into row k of <paramref name="slopes"/> and, when the basis has beta,
    /// d phi_k / d beta into row k of <paramref name="betaSlopes"/>.
    /// </summary>
    public abstract void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, ReadOnlySpan<T> values, Span<T> slopes,
        Span<T> betaSlopes, Span<T> work)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc />
    // values, work; in backward also slopes, beta slopes and the combined slope
    public override int ScratchLength(int block, bool backward) =>
        block * (Count + Math.Max(1, WorkRows) + (backward ? Count + (HasBeta ? Count : 0) + 1 : 0));

    /// <inheritdoc />
    public override void Forward<T>(in Segment<T> s, Span<T> y, Span<T> scratch)
    {
        int n = s.Length, k = Count;
        Span<T> values = scratch[..(k * n)], work = scratch.Slice(k * n, WorkRows * n);
        Values(s.X, s.Beta, values, work);
        TensorPrimitives.Multiply(values[..n], s.W(0), y);
        for (int j = 1; j < k; j++) TensorPrimitives.MultiplyAdd(values.Slice(j * n, n), s.W(j), y, y);
    }

    /// <inheritdoc />
    public override void Backward<T>(in Segment<T> s, ReadOnlySpan<T> g, Span<T> gx, Span<T> scratch)
    {
        int n = s.Length, k = Count;
        var rest = scratch;
        var values = Take(ref rest, k * n);
        var work = Take(ref rest, Math.Max(1, WorkRows) * n)[..(WorkRows * n)];
        var slopes = Take(ref rest, k * n);
        var betaSlopes = Take(ref rest, HasBeta ? k * n : 0);
        var slope = Take(ref rest, n);
        Values(s.X, s.Beta, values, work);
        Slopes(s.X, s.Beta, values, slopes, betaSlopes, work);
        // dL/dx = g * sum_k w_k phi_k'(x)
        Combine(slopes, s, slope);
        TensorPrimitives.Multiply(slope, g, gx);
        // dL/dw_k += g * phi_k(x), per element of the segment
        for (int j = 0; j < k; j++) TensorPrimitives.MultiplyAdd(values.Slice(j * n, n), g, s.SumW(j), s.SumW(j));
        if (!HasBeta) return;
        // dL/dbeta += g * sum_k w_k d phi_k / d beta
        Combine(betaSlopes, s, slope);
        TensorPrimitives.MultiplyAdd(slope, g, s.SumBeta, s.SumBeta);
    }

    // dest = sum_k w_k row_k
    private void Combine<T>(ReadOnlySpan<T> rows, in Segment<T> s, Span<T> dest)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = s.Length;
        TensorPrimitives.Multiply(rows[..n], s.W(0), dest);
        for (int j = 1; j < Count; j++) TensorPrimitives.MultiplyAdd(rows.Slice(j * n, n), s.W(j), dest, dest);
    }

    private static Span<T> Take<T>(ref Span<T> rest, int length)
    {
        var taken = rest[..length];
        rest = rest[length..];
        return taken;
    }

    /// <summary>Row <paramref name="k"/> of a block of rows of length <paramref name="length"/>.</summary>
    protected static Span<T> Row<T>(Span<T> rows, int k, int length) => rows.Slice(k * length, length);

    /// <summary>Row <paramref name="k"/> of a read-only block of rows.</summary>
    protected static ReadOnlySpan<T> Row<T>(ReadOnlySpan<T> rows, int k, int length) => rows.Slice(k * length, length);
}
