namespace Tact.Activations.Kernels;

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
    public override void Forward<T>(in Segment<T> s, Span<T> y, Span<T> scratch) =>
        RegisterLoop<T, TTerms>.Forward(s, y);

    /// <inheritdoc />
    public override void Backward<T>(in Segment<T> s, ReadOnlySpan<T> g, Span<T> gx, Span<T> scratch) =>
        RegisterLoop<T, TTerms>.Backward(s, g, gx);
}
