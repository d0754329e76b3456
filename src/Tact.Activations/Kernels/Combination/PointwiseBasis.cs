using System.Numerics;

namespace Tact.Activations.Kernels;

/// <summary>
/// The functions phi_1..phi_K of a combination <c>y = sum_k w_k phi_k(x; beta)</c>, as the fused combination kernel
/// uses them: on one segment of at most a few hundred elements at a time, which stays in the first-level cache.
/// Nearly every family is such a combination: the basis expansions, WSGAF, the flexible combinations (with the inner
/// parameter beta); the small maps that produce w (gates, simplex reparametrisations, softplus of beta) stay in
/// TorchSharp, whose autograd chains them. Most bases (<see cref="RegisterBasis{TTerms}"/> for the short
/// combinations, the Fourier, polynomial and Gaussian bases) run one loop that keeps every term in registers; the
/// general list of named functions, <see cref="SpanBasis"/>, builds the combination from vectorised passes over spans.
/// </summary>
internal abstract class PointwiseBasis
{
    /// <summary>Number of functions K.</summary>
    public abstract int Count { get; }

    /// <summary>Whether the functions depend on a per-set inner parameter beta.</summary>
    public virtual bool HasBeta => false;

    /// <summary>
    /// Elements of scratch the segment methods need for segments of up to <paramref name="block"/> elements.
    /// </summary>
    public abstract int ScratchLength(int block, bool backward);

    /// <summary>Writes <c>y = sum_k w_k phi_k(x; beta)</c> for one segment.</summary>
    public abstract void Forward<T>(in Segment<T> s, Span<T> y, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Writes <c>dL/dx = g sum_k w_k phi_k'(x)</c> into <paramref name="gx"/> and adds, per element, <c>g phi_k(x)</c>
    /// into row k of the segment's weight sums and <c>g sum_k w_k d phi_k / d beta</c> into its beta sums.
    /// </summary>
    public abstract void Backward<T>(in Segment<T> s, ReadOnlySpan<T> g, Span<T> gx, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
