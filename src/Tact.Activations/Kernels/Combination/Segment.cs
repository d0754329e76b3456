namespace Tact.Activations.Kernels;

/// <summary>
/// One segment of the combination kernel: its inputs, each element's weights w_k (rows <see cref="Stride"/> apart) and
/// beta, and in backward the running per-element sums of the parameter gradients (the same row layout). Its length is
/// a whole number of <see cref="System.Numerics.Vector{T}"/>s (the kernel pads a ragged segment with zeros).
/// </summary>
internal readonly ref struct Segment<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> beta, int stride,
    Span<T> sumW = default, Span<T> sumBeta = default)
{
    private readonly ReadOnlySpan<T> _w = w;
    private readonly Span<T> _sumW = sumW;

    /// <summary>The inputs.</summary>
    public ReadOnlySpan<T> X { get; } = x;

    /// <summary>beta of each element, or empty when the basis has none.</summary>
    public ReadOnlySpan<T> Beta { get; } = beta.IsEmpty ? default : beta[..x.Length];

    /// <summary>Running sums of the beta gradient per element (backward only; empty without beta).</summary>
    public Span<T> SumBeta { get; } = sumBeta.IsEmpty ? default : sumBeta[..x.Length];

    /// <summary>Distance between consecutive rows of the weights and of the weight sums.</summary>
    public int Stride { get; } = stride;

    /// <summary>Number of elements.</summary>
    public int Length => X.Length;

    /// <summary>w_k of each element.</summary>
    public ReadOnlySpan<T> W(int k) => _w.Slice(k * Stride, Length);

    /// <summary>Running sums of dL/dw_k per element (backward only).</summary>
    public Span<T> SumW(int k) => _sumW.Slice(k * Stride, Length);
}
