namespace Tact.Activations.Kernels;

/// <summary>
/// A list of named functions (WSGAF's components, a basis of named functions) for the combination kernel, each
/// evaluated by its own <see cref="NamedFunctionKernel"/>. <see cref="TryCreate"/> returns null when one of them has
/// no fused form, and the family runs the composed ops.
/// </summary>
internal sealed class NamedKernelBasis : SpanBasis
{
    private readonly NamedFunctionKernel[] _kernels;

    private NamedKernelBasis(NamedFunctionKernel[] kernels) => _kernels = kernels;

    /// <summary>The basis of those functions, or null if one has no fused form.</summary>
    public static NamedKernelBasis? TryCreate(IEnumerable<NamedFunction> functions)
    {
        var list = functions.ToArray();
        return list.All(f => f.Kernel is not null) ? new NamedKernelBasis([.. list.Select(f => f.Kernel!)]) : null;
    }

    public override int Count => _kernels.Length;

    public override void Values<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, Span<T> values, Span<T> work)
    {
        int n = x.Length;
        for (int k = 0; k < _kernels.Length; k++) _kernels[k].Values(x, Row(values, k, n), work[..n]);
    }

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, ReadOnlySpan<T> values, Span<T> slopes,
        Span<T> betaSlopes, Span<T> work)
    {
        int n = x.Length;
        for (int k = 0; k < _kernels.Length; k++)
            _kernels[k].Slopes(x, Row(values, k, n), Row(slopes, k, n), work[..n]);
    }
}
