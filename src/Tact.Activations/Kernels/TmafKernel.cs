using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Activations.Kernels;

/// <summary>
/// Breakpoints s_0 &lt; ... &lt; s_(m-1) and whether they are evenly spaced. The interval of an input is
/// k = #{j : s_j &lt; x}: the value at a breakpoint belongs to the interval on its left, as <c>bucketize</c> has it.
/// </summary>
internal sealed class BucketGrid(double[] breakpoints)
{
    public double[] Breakpoints { get; } = breakpoints;

    public int Count => Breakpoints.Length;

    /// <summary>The step of an evenly spaced grid (to 1e-9 of a step), or 0.</summary>
    public double Step { get; } = UniformStep(breakpoints);

    private static double UniformStep(double[] s)
    {
        if (s.Length < 2) return 0;
        double step = (s[^1] - s[0]) / (s.Length - 1);
        for (int j = 0; j < s.Length; j++)
            if (Math.Abs(s[j] - (s[0] + j * step)) > 1e-9 * step) return 0;
        return step;
    }
}

/// <summary>
/// <see cref="BucketGrid"/> in the input's own precision, so that comparisons at the breakpoints agree with
/// <c>bucketize</c> on a boundary tensor of the input's dtype. On a uniform grid the interval comes from one
/// multiply, corrected by a compare where rounding put it one off; otherwise from a binary search. NaN goes to the
/// last interval, where <c>bucketize</c> sorts it.
/// </summary>
internal readonly struct TypedGrid<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[] _s;
    private readonly T _first;
    private readonly T _inverseStep;
    private readonly T _count;
    private readonly bool _uniform;

    public TypedGrid(BucketGrid grid)
    {
        _s = [.. grid.Breakpoints.Select(T.CreateTruncating)];
        _first = _s[0];
        _uniform = grid.Step > 0;
        _inverseStep = _uniform ? T.CreateTruncating(1 / grid.Step) : T.Zero;
        _count = T.CreateTruncating(_s.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Interval(T x)
    {
        var s = _s;
        int m = s.Length;
        if (T.IsNaN(x)) return m;
        if (_uniform)
        {
            T guess = T.Ceiling((x - _first) * _inverseStep);
            int k = guess <= T.Zero ? 0 : guess >= _count ? m : int.CreateTruncating(guess);
            if (k > 0 && x <= s[k - 1]) k--;
            else if (k < m && x > s[k]) k++;
            return k;
        }
        int lo = 0, hi = m;                       // the answer is in [lo, hi]
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (s[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}

/// <summary>
/// The fused diagonal TMAF: y = t[set, k(x)] * x in one pass; backward gives dL/dx = t[set, k(x)] * g and
/// dL/dt[set, k] = sum of g * x over the inputs in interval k, in one pass, without atomics: per neuron each chunk owns
/// its features' rows of the table gradient; per layer per-chunk partial tables are reduced in chunk order. Saves only
/// the input and the table.
/// </summary>
internal sealed class TmafFunction : torch.autograd.SingleTensorFunction<TmafFunction>
{
    public override string Name => "FusedTmaf";

    /// <summary>vars: x (contiguous CPU float32/float64), table [sets, m + 1] of x's dtype, the <see cref="BucketGrid"/>.</summary>
    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var table = ((Tensor)vars[1]).contiguous();
        var grid = (BucketGrid)vars[2];
        ctx.save_for_backward([x, table]);
        ctx.save_data("grid", grid);
        var y = empty_like(x);
        if (x.dtype == ScalarType.Float32) TmafKernel.Forward<float>(x, table, y, grid);
        else TmafKernel.Forward<double>(x, table, y, grid);
        return y;
    }

    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.get_saved_variables();
        var x = saved[0];
        var table = saved[1];
        var grid = (BucketGrid)ctx.get_data("grid");
        var g = grad_output.contiguous();
        var gx = empty_like(x);
        var gt = zeros_like(table);
        if (x.dtype == ScalarType.Float32) TmafKernel.Backward<float>(x, table, g, gx, gt, grid);
        else TmafKernel.Backward<double>(x, table, g, gx, gt, grid);
        return [gx, gt, null!];   // one entry per argument of apply; the grid has no gradient
    }
}

/// <summary>The loops of <see cref="TmafFunction"/>, generic over float and double.</summary>
internal static class TmafKernel
{
    public static unsafe void Forward<T>(Tensor x, Tensor table, Tensor y, BucketGrid grid)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var layout = KernelLayout.Of(x);
        var typed = new TypedGrid<T>(grid);
        int sets = (int)table.shape[0], width = grid.Count + 1;
        nint px = KernelLayout.Address(x), pt = KernelLayout.Address(table), py = KernelLayout.Address(y);
        // Per neuron: chunks of features; per layer: chunks of the flat element range (one table for all).
        long units = sets == 1 ? layout.Elements : layout.Features;
        int chunks = layout.Chunks(units, get_num_threads());
        KernelLayout.Run(chunks, c =>
        {
            var (start, end) = KernelLayout.Chunk(units, c, chunks);
            T* xs = (T*)px, ys = (T*)py, ts = (T*)pt;
            if (sets == 1)
            {
                for (long i = start; i < end; i++)
                {
                    T v = xs[i];
                    ys[i] = ts[typed.Interval(v)] * v;
                }
                return;
            }
            if (layout.Inner == 1)                        // [N, F]: one element per (n, f)
            {
                for (long n = 0; n < layout.Outer; n++)
                {
                    long row = n * layout.Features;
                    for (long f = start; f < end; f++)
                    {
                        T v = xs[row + f];
                        ys[row + f] = ts[f * width + typed.Interval(v)] * v;
                    }
                }
                return;
            }
            for (long n = 0; n < layout.Outer; n++)
                for (long f = start; f < end; f++)
                {
                    T* t = ts + f * width;
                    long offset = (n * layout.Features + f) * layout.Inner, stop = offset + layout.Inner;
                    for (long i = offset; i < stop; i++)
                    {
                        T v = xs[i];
                        ys[i] = t[typed.Interval(v)] * v;
                    }
                }
        });
    }

    public static unsafe void Backward<T>(Tensor x, Tensor table, Tensor g, Tensor gx, Tensor gt, BucketGrid grid)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var layout = KernelLayout.Of(x);
        var typed = new TypedGrid<T>(grid);
        int sets = (int)table.shape[0], width = grid.Count + 1;
        nint px = KernelLayout.Address(x), pt = KernelLayout.Address(table), pg = KernelLayout.Address(g),
            pgx = KernelLayout.Address(gx);
        long units = sets == 1 ? layout.Elements : layout.Features;
        int chunks = layout.Chunks(units, get_num_threads());
        // Per layer: one partial table per chunk, reduced in chunk order. Per neuron: each chunk owns its features' rows.
        var partial = new double[sets == 1 ? chunks : 1][];
        var total = new double[sets * width];
        KernelLayout.Run(chunks, c =>
        {
            var (start, end) = KernelLayout.Chunk(units, c, chunks);
            T* xs = (T*)px, ts = (T*)pt, gs = (T*)pg, gxs = (T*)pgx;
            if (sets == 1)
            {
                var sums = partial[c] = new double[width];
                for (long i = start; i < end; i++)
                {
                    T v = xs[i], grad = gs[i];
                    int k = typed.Interval(v);
                    gxs[i] = ts[k] * grad;
                    sums[k] += double.CreateTruncating(grad) * double.CreateTruncating(v);
                }
                return;
            }
            if (layout.Inner == 1)                        // [N, F]: one element per (n, f)
            {
                for (long n = 0; n < layout.Outer; n++)
                {
                    long row = n * layout.Features;
                    for (long f = start; f < end; f++)
                    {
                        T v = xs[row + f], grad = gs[row + f];
                        long at = f * width + typed.Interval(v);
                        gxs[row + f] = ts[at] * grad;
                        total[at] += double.CreateTruncating(grad) * double.CreateTruncating(v);
                    }
                }
                return;
            }
            for (long n = 0; n < layout.Outer; n++)
                for (long f = start; f < end; f++)
                {
                    T* t = ts + f * width;
                    int sumBase = (int)f * width;
                    long offset = (n * layout.Features + f) * layout.Inner, stop = offset + layout.Inner;
                    for (long i = offset; i < stop; i++)
                    {
                        T v = xs[i], grad = gs[i];
                        int k = typed.Interval(v);
                        gxs[i] = t[k] * grad;
                        total[sumBase + k] += double.CreateTruncating(grad) * double.CreateTruncating(v);
                    }
                }
        });
        if (sets == 1)
            foreach (var sums in partial)                   // chunk order: the same sum every time
                for (int j = 0; j < width; j++) total[j] += sums[j];
        var destination = MemoryMarshal.Cast<byte, T>(gt.bytes);
        for (int j = 0; j < total.Length; j++) destination[j] = T.CreateTruncating(total[j]);
    }
}
