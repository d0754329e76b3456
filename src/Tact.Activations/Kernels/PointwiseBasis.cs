using System.Numerics;

namespace Tact.Activations.Kernels;

/// <summary>
/// The functions phi_1..phi_K of a combination <c>y = sum_k w_k phi_k(x; beta)</c>, evaluated on short spans that
/// stay in the first-level cache. Nearly every family is such a combination: the basis expansions, WSGAF, the
/// flexible combinations (with the inner parameter beta); the small maps that produce w
/// (gates, simplex reparametrisations, softplus of beta) stay in TorchSharp, whose autograd chains them.
/// </summary>
internal abstract class PointwiseBasis
{
    /// <summary>Number of functions K.</summary>
    public abstract int Count { get; }

    /// <summary>Whether the functions depend on a per-set inner parameter beta.</summary>
    public virtual bool HasBeta => false;

    /// <summary>Rows of scratch, each as long as the span, that <see cref="Values{T}"/> and <see cref="Slopes{T}"/> may use.</summary>
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

    /// <summary>Row <paramref name="k"/> of a block of rows of length <paramref name="length"/>.</summary>
    protected static Span<T> Row<T>(Span<T> rows, int k, int length) => rows.Slice(k * length, length);

    /// <summary>Row <paramref name="k"/> of a read-only block of rows.</summary>
    protected static ReadOnlySpan<T> Row<T>(ReadOnlySpan<T> rows, int k, int length) => rows.Slice(k * length, length);
}
