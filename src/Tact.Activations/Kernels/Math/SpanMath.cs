using System.Numerics;
using System.Runtime.InteropServices;

namespace Tact.Activations.Kernels;

/// <summary>
/// The few element-wise selections the kernels need that <see cref="System.Numerics.Tensors.TensorPrimitives"/>
/// lacks, vectorised with <see cref="Vector{T}"/>.
/// </summary>
internal static class SpanMath
{
    /// <summary><c>dest = x &gt; 0 ? ifPositive : otherwise</c>, element-wise; dest may be one of the inputs.</summary>
    public static void WherePositive<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> ifPositive, ReadOnlySpan<T> otherwise,
        Span<T> dest)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var vx = MemoryMarshal.Cast<T, Vector<T>>(x);
            var va = MemoryMarshal.Cast<T, Vector<T>>(ifPositive);
            var vb = MemoryMarshal.Cast<T, Vector<T>>(otherwise);
            var vd = MemoryMarshal.Cast<T, Vector<T>>(dest);
            for (int v = 0; v < vx.Length; v++)
                vd[v] = Vector.ConditionalSelect(Vector.GreaterThan(vx[v], Vector<T>.Zero), va[v], vb[v]);
            i = vx.Length * Vector<T>.Count;
        }
        for (; i < x.Length; i++) dest[i] = x[i] > T.Zero ? ifPositive[i] : otherwise[i];
    }

    /// <summary>
    /// <c>dest = low &lt;= x &lt;= high ? 1 : 0</c> (or &gt;= low alone when high is +inf): the gradient mask of
    /// <c>clamp</c>, which lets the gradient through at the bounds themselves.
    /// </summary>
    public static void Inside<T>(ReadOnlySpan<T> x, T low, T high, Span<T> dest)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var vx = MemoryMarshal.Cast<T, Vector<T>>(x);
            var vd = MemoryMarshal.Cast<T, Vector<T>>(dest);
            Vector<T> lo = new(low), hi = new(high);
            for (int v = 0; v < vx.Length; v++)
                vd[v] = Vector.ConditionalSelect(
                    Vector.GreaterThanOrEqual(vx[v], lo) & Vector.LessThanOrEqual(vx[v], hi), Vector<T>.One,
                    Vector<T>.Zero);
            i = vx.Length * Vector<T>.Count;
        }
        for (; i < x.Length; i++) dest[i] = x[i] >= low && x[i] <= high ? T.One : T.Zero;
    }

    /// <summary>
    /// <c>dest = x &gt; 0 ? 1 : 0</c>, or <c>x &gt;= 0</c> when <paramref name="inclusive"/>: the gradient masks of
    /// <c>relu</c> (strict) and of <c>clamp_min(0)</c> (inclusive).
    /// </summary>
    public static void Step<T>(ReadOnlySpan<T> x, bool inclusive, Span<T> dest)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inclusive) Inside(x, T.Zero, T.PositiveInfinity, dest);
        else Inside(x, T.Epsilon, T.PositiveInfinity, dest);   // the smallest value above 0
    }
}
