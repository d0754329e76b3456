using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static TorchSharp.torch;

namespace Tact.Activations.Kernels;

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

    /// <summary>
    /// y = t[k(x)] * x on a run of <paramref name="length"/> elements; element j reads row t + j * rowStep.
    /// </summary>
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
        // Per layer: one partial table per chunk, reduced in chunk order.
        // Per neuron: each chunk owns its features' rows.
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
