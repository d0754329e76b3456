using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
/// last interval, where <c>bucketize</c> sorts it. <see cref="Intervals"/> does a span at a time, eight float32
/// elements per AVX2 instruction.
/// </summary>
internal readonly struct TypedGrid<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[] _s;
    private readonly T _first;
    private readonly T _inverseStep;
    private readonly T _count;
    private readonly bool _uniform;
    private readonly float _nearBreakpoint;

    public TypedGrid(BucketGrid grid)
    {
        _s = [.. grid.Breakpoints.Select(T.CreateTruncating)];
        _first = _s[0];
        _uniform = grid.Step > 0;
        _inverseStep = _uniform ? T.CreateTruncating(1 / grid.Step) : T.Zero;
        _count = T.CreateTruncating(_s.Length);
        _nearBreakpoint = _uniform ? NearBreakpoint(grid) : 0;
    }

    /// <summary>
    /// A bound, in steps, on how far float32 rounding can move u = (x - s_0) / h for u in [-1, m + 1] (three
    /// roundings of at most |u| + 1 half-ulps each) plus how far the float32 breakpoints sit from s_0 + j h (half an
    /// ulp of the largest, over h, and the grid's 1e-9 uniformity tolerance), doubled for safety.
    /// </summary>
    private static float NearBreakpoint(BucketGrid grid)
    {
        double largest = grid.Breakpoints.Max(Math.Abs), unit = Math.Pow(2, -24);
        double bound = 3 * (grid.Count + 3) * unit + 2 * largest / grid.Step * unit + 1e-9;
        return (float)(2 * bound);
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

    /// <summary>The interval of every element of <paramref name="x"/>, as <see cref="Interval"/> gives it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Intervals(ReadOnlySpan<T> x, Span<int> k)
    {
        int i = 0;
        // Where rounding could move u by a quarter step (huge grids far from 0), the multiply tells nothing: scalar.
        if (typeof(T) == typeof(float) && _uniform && _nearBreakpoint < 0.25f && Avx2.IsSupported)
            i = UniformFloat(MemoryMarshal.Cast<T, float>(x), k);
        for (; i < x.Length; i++) k[i] = Interval(x[i]);
    }

    /// <summary>
    /// <see cref="Interval"/> on a uniform float32 grid, eight at a time; returns how many it did. The guess
    /// ceil((x - s_0) / h) is the interval unless x is within rounding of a breakpoint, which the multiply cannot
    /// tell: there, <c>u = (x - s_0) / h</c> lies within <see cref="_nearBreakpoint"/> of an integer in [-1, m + 1].
    /// Such vectors (rare, and NaN) take the exact scalar path; the others clamp the guess to [0, m].
    /// </summary>
    private unsafe int UniformFloat(ReadOnlySpan<float> x, Span<int> k)
    {
        var first = Vector256.Create(float.CreateTruncating(_first));
        var inverse = Vector256.Create(float.CreateTruncating(_inverseStep));
        var top = Vector256.Create(float.CreateTruncating(_count));
        var near = Vector256.Create(_nearBreakpoint);
        var far = Vector256.Create(1 - _nearBreakpoint);
        var low = Vector256.Create(-1f);
        var high = Vector256.Create(float.CreateTruncating(_count) + 1);
        int i = 0;
        fixed (float* xs = x)
        fixed (int* ks = k)
        {
            for (; i + 8 <= x.Length; i += 8)
            {
                var v = Avx.LoadVector256(xs + i);
                var u = Avx.Multiply(Avx.Subtract(v, first), inverse);
                var guess = Avx.RoundToPositiveInfinity(u);
                var gap = Avx.Subtract(guess, u);
                // Safe: the gap to the integer above is clear of rounding, or u is far outside the grid. NaN is not safe.
                var clear = Avx.And(Avx.CompareGreaterThan(gap, near), Avx.CompareLessThan(gap, far));
                var outside = Avx.Or(Avx.CompareLessThan(u, low), Avx.CompareGreaterThan(u, high));
                if (Avx.MoveMask(Avx.Or(clear, outside)) != 0xFF)
                {
                    for (int j = i; j < i + 8; j++) ks[j] = Interval(T.CreateTruncating(xs[j]));
                    continue;
                }
                var clamped = Avx.Min(Avx.Max(guess, Vector256<float>.Zero), top);
                Avx.Store(ks + i, Avx.ConvertToVector256Int32WithTruncation(clamped));
            }
        }
        return i;
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

/// <summary>
/// The loops of <see cref="TmafFunction"/>, generic over float and double. Every loop walks a contiguous run of
/// elements in blocks: the intervals of a block first (vectorised where <see cref="TypedGrid{T}.Intervals"/> can), then
/// the table lookups. A run either uses one table row (per layer, or one feature's plane of a rank-4 input) or steps
/// to the next row with every element (the features of one sample of a [N, F] input).
/// </summary>
internal static class TmafKernel
{
    /// <summary>Elements per block: the intervals of a block stay in the first-level cache.</summary>
    public const int Block = 256;

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
            Span<int> k = stackalloc int[Block];
            if (sets == 1)
                Forward(typed, xs + start, ys + start, end - start, ts, 0, k);
            else if (layout.Inner == 1)                   // [N, F]: a row of features, a table row each
                for (long n = 0; n < layout.Outer; n++)
                {
                    long row = n * layout.Features + start;
                    Forward(typed, xs + row, ys + row, end - start, ts + start * width, width, k);
                }
            else
                for (long n = 0; n < layout.Outer; n++)
                    for (long f = start; f < end; f++)
                    {
                        long offset = (n * layout.Features + f) * layout.Inner;
                        Forward(typed, xs + offset, ys + offset, layout.Inner, ts + f * width, 0, k);
                    }
        });
    }

    /// <summary>y = t[k(x)] * x on a run of <paramref name="length"/> elements; element j reads row t + j * rowStep.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Forward<T>(in TypedGrid<T> grid, T* x, T* y, long length, T* t, int rowStep, Span<int> k)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (long done = 0; done < length; done += Block)
        {
            int count = (int)Math.Min(Block, length - done);
            T* xs = x + done, ys = y + done;
            T* row = t + done * rowStep;
            grid.Intervals(new ReadOnlySpan<T>(xs, count), k);
            int j = typeof(T) == typeof(float) && Avx2.IsSupported
                ? LookUpFloat((float*)xs, (float*)ys, count, (float*)row, rowStep, k) : 0;
            for (; j < count; j++) ys[j] = row[j * rowStep + k[j]] * xs[j];
        }
    }

    /// <summary>
    /// y_j = t[j * rowStep + k_j] * x_j eight at a time with an AVX2 gather; returns how many it did. Backward uses
    /// it with the output gradient for x.
    /// </summary>
    private static unsafe int LookUpFloat(float* x, float* y, int count, float* t, int rowStep, Span<int> k)
    {
        var step = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * rowStep;
        int j = 0;
        fixed (int* ks = k)
            for (; j + 8 <= count; j += 8)
            {
                var at = Avx2.Add(Avx.LoadVector256(ks + j), Avx2.Add(step, Vector256.Create(j * rowStep)));
                Avx.Store(y + j, Avx.Multiply(Avx2.GatherVector256(t, at, 4), Avx.LoadVector256(x + j)));
            }
        return j;
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
        using var pooled = new PooledSums(sets * width);
        var total = pooled.Array;
        KernelLayout.Run(chunks, c =>
        {
            var (start, end) = KernelLayout.Chunk(units, c, chunks);
            T* xs = (T*)px, ts = (T*)pt, gs = (T*)pg, gxs = (T*)pgx;
            Span<int> k = stackalloc int[Block];
            if (sets == 1)
            {
                var sums = partial[c] = new double[width];
                fixed (double* s = sums)
                    Backward(typed, xs + start, gs + start, gxs + start, end - start, ts, s, 0, k);
                return;
            }
            fixed (double* sums = total)
            {
                if (layout.Inner == 1)                    // [N, F]: a row of features, a table row each
                    for (long n = 0; n < layout.Outer; n++)
                    {
                        long row = n * layout.Features + start;
                        Backward(typed, xs + row, gs + row, gxs + row, end - start, ts + start * width,
                            sums + start * width, width, k);
                    }
                else
                    for (long n = 0; n < layout.Outer; n++)
                        for (long f = start; f < end; f++)
                        {
                            long offset = (n * layout.Features + f) * layout.Inner;
                            Backward(typed, xs + offset, gs + offset, gxs + offset, layout.Inner, ts + f * width,
                                sums + f * width, 0, k);
                        }
            }
        });
        if (sets == 1)
            foreach (var sums in partial)                   // chunk order: the same sum every time
                for (int j = 0; j < width; j++) total[j] += sums[j];
        pooled.CopyTo(gt);
    }

    /// <summary>
    /// dL/dx = t[k(x)] * g and sums[k(x)] += g * x (in double) on a run; element j uses table row t + j * rowStep and
    /// sum row sums + j * rowStep.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Backward<T>(in TypedGrid<T> grid, T* x, T* g, T* gx, long length, T* t, double* sums,
        int rowStep, Span<int> k) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (long done = 0; done < length; done += Block)
        {
            int count = (int)Math.Min(Block, length - done);
            T* xs = x + done, gs = g + done, gxs = gx + done;
            long rowOffset = done * rowStep;
            grid.Intervals(new ReadOnlySpan<T>(xs, count), k);
            T* row = t + rowOffset;
            int j = typeof(T) == typeof(float) && Avx2.IsSupported
                ? LookUpFloat((float*)gs, (float*)gxs, count, (float*)row, rowStep, k) : 0;
            for (; j < count; j++) gxs[j] = row[j * rowStep + k[j]] * gs[j];
            double* sumRow = sums + rowOffset;
            for (j = 0; j < count; j++)
                sumRow[j * rowStep + k[j]] += double.CreateTruncating(gs[j]) * double.CreateTruncating(xs[j]);
        }
    }
}

/// <summary>
/// A zeroed double buffer of a table gradient's size, rented from the shared pool: a fresh array of a large table every
/// backward pass would cost the page faults of new memory (about 7 microseconds each on a virtual machine).
/// </summary>
internal readonly struct PooledSums : IDisposable
{
    private readonly int _length;

    public PooledSums(int length)
    {
        _length = length;
        Array = ArrayPool<double>.Shared.Rent(length);
        System.Array.Clear(Array, 0, length);
    }

    /// <summary>The buffer; only its first <c>length</c> entries are ours.</summary>
    public double[] Array { get; }

    /// <summary>Writes the sums into <paramref name="gradient"/>, a contiguous CPU tensor of as many elements.</summary>
    public void CopyTo(Tensor gradient)
    {
        var source = new ReadOnlySpan<double>(Array, 0, _length);
        if (gradient.dtype == ScalarType.Float32) System.Numerics.Tensors.TensorPrimitives.ConvertTruncating(source, MemoryMarshal.Cast<byte, float>(gradient.bytes));
        else source.CopyTo(MemoryMarshal.Cast<byte, double>(gradient.bytes));
    }

    public void Dispose() => ArrayPool<double>.Shared.Return(Array);
}
