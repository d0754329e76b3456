using System.Numerics;

namespace Tact.Activations.Kernels;

/// <summary>
/// The fused form of one named function for <see cref="NamedKernelBasis"/>: its values and its slopes over a span,
/// written with vectorised passes. Each <see cref="NamedFunction"/> that has one carries it.
/// </summary>
internal abstract class NamedFunctionKernel
{
    /// <summary>
    /// Writes phi(x) into <paramref name="values"/>; <paramref name="work"/> is scratch as long as x.
    /// </summary>
    public abstract void Values<T>(ReadOnlySpan<T> x, Span<T> values, Span<T> work)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Given <paramref name="values"/> = phi(x), writes phi'(x) into <paramref name="slopes"/>.</summary>
    public abstract void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> values, Span<T> slopes, Span<T> work)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
