using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace Tact.Activations.Kernels;

/// <summary>
/// The loops of <see cref="TriDiagonalTmafFunction"/>, generic over float and double. A chunk is a range of features
/// walked down every sample (per neuron: the chunk owns those features' table rows) or a range of samples with every
/// feature (per layer: each chunk sums into tables of its own). For each sample the chunk's features are one
/// contiguous run of the input; the intervals of the whole run come first (eight float32 elements at a time where
/// <see cref="TypedGrid{T}.Intervals"/> can, and once for all three tables when they share their breakpoints), then
/// one pass combines them.
/// </summary>
internal static class TriDiagonalTmafKernel
{
    /// <summary>Where each table's rows start; a table of one row is shared by every feature.</summary>
    private readonly unsafe struct Rows<T>(Tensor diagonal, Tensor lower, Tensor upper, int width)
        where T : unmanaged
    {
        private readonly bool _sharedDiagonal = diagonal.shape[0] == 1;
        private readonly bool _sharedOff = lower.shape[0] == 1;

        public T* DiagonalTable { get; } = (T*)KernelLayout.Address(diagonal);

        public T* LowerTable { get; } = (T*)KernelLayout.Address(lower);

        public T* UpperTable { get; } = (T*)KernelLayout.Address(upper);

        /// <summary>Row of the table's flat index: the diagonal of feature f.</summary>
        public int Diagonal(int f) => (_sharedDiagonal ? 0 : f) * width;

        /// <summary>gamma_f, what feature f adds to feature f + 1 (f &lt; F - 1).</summary>
        public int Lower(int f) => (_sharedOff ? 0 : f) * width;

        /// <summary>beta_(f-1), what feature f adds to feature f - 1 (f &gt; 0).</summary>
        public int Upper(int f) => (_sharedOff ? 0 : f - 1) * width;
    }

    /// <summary>The three grids in the input's precision, and whether they are one grid.</summary>
    private readonly struct Grids<T>(TriDiagonalGrids grids) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public TypedGrid<T> Diagonal { get; } = new(grids.Diagonal);

        public TypedGrid<T> Lower { get; } = new(grids.Lower);

        public TypedGrid<T> Upper { get; } = new(grids.Upper);

        public bool Shared { get; } = Same(grids.Diagonal, grids.Lower) && Same(grids.Diagonal, grids.Upper);

        /// <summary>
        /// Writes the intervals of a run in each grid into <paramref name="buffer"/> and returns where the lower and
        /// upper ones start (the diagonal's at 0); when the grids are one, they are computed once and all start at 0.
        /// </summary>
        public (int Lower, int Upper) Intervals(ReadOnlySpan<T> x, int[] buffer)
        {
            Diagonal.Intervals(x, buffer.AsSpan(0, x.Length));
            if (Shared) return (0, 0);
            Lower.Intervals(x, buffer.AsSpan(x.Length, x.Length));
            Upper.Intervals(x, buffer.AsSpan(2 * x.Length, x.Length));
            return (x.Length, 2 * x.Length);
        }

        private static bool Same(BucketGrid a, BucketGrid b) =>
            ReferenceEquals(a, b) || a.Breakpoints.AsSpan().SequenceEqual(b.Breakpoints);
    }

    /// <summary>The chunks: (samples, features) ranges; per neuron by features, per layer by samples.</summary>
    private readonly record struct Split(KernelLayout Layout, bool ByFeature, int Chunks)
    {
        public static Split Of(KernelLayout layout, bool byFeature) =>
            new(layout, byFeature, layout.Chunks(byFeature ? layout.Features : layout.Outer, get_num_threads()));

        public ((long Start, long End) Samples, (long Start, long End) Features) Ranges(int c) => ByFeature
            ? ((0, Layout.Outer), KernelLayout.Chunk(Layout.Features, c, Chunks))
            : (KernelLayout.Chunk(Layout.Outer, c, Chunks), (0, Layout.Features));
    }

    public static unsafe void Forward<T>(Tensor x, Tensor diagonal, Tensor lower, Tensor upper, Tensor y,
        TriDiagonalGrids grids) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var layout = KernelLayout.Of(x);
        var split = Split.Of(layout, diagonal.shape[0] > 1);
        var rows = new Rows<T>(diagonal, lower, upper, grids.Diagonal.Count + 1);
        var typed = new Grids<T>(grids);
        T* px = (T*)KernelLayout.Address(x), py = (T*)KernelLayout.Address(y);
        KernelLayout.Run(split.Chunks, c =>
        {
            var (samples, features) = split.Ranges(c);
            // The run reaches one feature beyond the chunk on each side: y_f reads its neighbours' intervals.
            int lo = (int)Math.Max(features.Start - 1, 0), hi = (int)Math.Min(features.End + 1, layout.Features);
            int length = (int)((hi - lo) * layout.Inner);
            var k = ArrayPool<int>.Shared.Rent(3 * length);
            try
            {
                for (long n = samples.Start; n < samples.End; n++)
                {
                    T* run = px + (n * layout.Features + lo) * layout.Inner;
                    var (lowerAt, upperAt) = typed.Intervals(new ReadOnlySpan<T>(run, length), k);
                    Span<int> kd = k.AsSpan(0, length), kl = k.AsSpan(lowerAt, length), ku = k.AsSpan(upperAt, length);
                    if (layout.Inner == 1)
                    {
                        fixed (int* d = kd, l = kl, u = ku)
                            ForwardRow(layout, rows, features, lo, run, py + n * layout.Features, d, l, u);
                        continue;
                    }
                    for (int f = (int)features.Start; f < features.End; f++)
                        ForwardFeature(layout, rows, f, lo, run, py + (n * layout.Features + f) * layout.Inner,
                            kd, kl, ku);
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(k);
            }
        });
    }

    // The same for [N, F] input (Inner = 1), where a loop per feature would run once: one loop over the features.
    // run starts at feature lo, the row of outputs y at feature 0; the intervals are the run's.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void ForwardRow<T>(KernelLayout layout, Rows<T> rows, (long Start, long End) features, int lo,
        T* run, T* y, int* kd, int* kl, int* ku) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T* d = rows.DiagonalTable, l = rows.LowerTable, u = rows.UpperTable;
        int last = layout.Features - 1;
        for (int f = (int)features.Start; f < features.End; f++)
        {
            int e = f - lo;
            T sum = d[rows.Diagonal(f) + kd[e]] * run[e];
            if (f > 0) sum += l[rows.Lower(f - 1) + kl[e - 1]] * run[e - 1];
            if (f < last) sum += u[rows.Upper(f + 1) + ku[e + 1]] * run[e + 1];
            y[f] = sum;
        }
    }

    // y_f = alpha_f(x_f) x_f + gamma_(f-1)(x_(f-1)) x_(f-1) + beta_f(x_(f+1)) x_(f+1)
    // over the Inner elements of feature f.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void ForwardFeature<T>(KernelLayout layout, Rows<T> rows, int f, int lo, T* run, T* ys,
        ReadOnlySpan<int> kd, ReadOnlySpan<int> kl, ReadOnlySpan<int> ku)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int inner = (int)layout.Inner, at = (f - lo) * inner;
        T* xs = run + at;
        T* d = rows.DiagonalTable + rows.Diagonal(f);
        for (int i = 0; i < inner; i++) ys[i] = d[kd[at + i]] * xs[i];
        if (f > 0)
        {
            T* l = rows.LowerTable + rows.Lower(f - 1);
            for (int i = 0, e = at - inner; i < inner; i++, e++) ys[i] += l[kl[e]] * run[e];
        }
        if (f < layout.Features - 1)
        {
            T* u = rows.UpperTable + rows.Upper(f + 1);
            for (int i = 0, e = at + inner; i < inner; i++, e++) ys[i] += u[ku[e]] * run[e];
        }
    }

    public static unsafe void Backward<T>(Tensor x, Tensor diagonal, Tensor lower, Tensor upper, Tensor g, Tensor gx,
        Tensor[] gradients, TriDiagonalGrids grids) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var layout = KernelLayout.Of(x);
        var split = Split.Of(layout, diagonal.shape[0] > 1);
        var rows = new Rows<T>(diagonal, lower, upper, grids.Diagonal.Count + 1);
        var typed = new Grids<T>(grids);
        T* px = (T*)KernelLayout.Address(x), pg = (T*)KernelLayout.Address(g), pgx = (T*)KernelLayout.Address(gx);
        // Per neuron every chunk writes only its own rows of one set of totals; per layer each chunk has its own.
        var sums = new double[split.ByFeature ? 1 : Math.Max(1, split.Chunks)][][];
        var totals = gradients.Select(t => new PooledSums((int)t.numel())).ToArray();
        sums[0] = [.. totals.Select(t => t.Array)];
        for (int c = 1; c < sums.Length; c++) sums[c] = [.. gradients.Select(t => new double[t.numel()])];
        KernelLayout.Run(split.Chunks, c =>
        {
            var (samples, features) = split.Ranges(c);
            var own = sums[sums.Length == 1 ? 0 : c];
            int length = (int)((features.End - features.Start) * layout.Inner);
            var k = ArrayPool<int>.Shared.Rent(3 * length);
            try
            {
                for (long n = samples.Start; n < samples.End; n++)
                {
                    long first = (n * layout.Features + features.Start) * layout.Inner;
                    var (lowerAt, upperAt) = typed.Intervals(new ReadOnlySpan<T>(px + first, length), k);
                    Span<int> kd = k.AsSpan(0, length), kl = k.AsSpan(lowerAt, length), ku = k.AsSpan(upperAt, length);
                    if (layout.Inner == 1)
                    {
                        fixed (int* d = kd, l = kl, u = ku)
                            BackwardRow(layout, rows, features, px + first, pg + n * layout.Features, pgx + first,
                                own, d, l, u);
                        continue;
                    }
                    for (int f = (int)features.Start; f < features.End; f++)
                    {
                        long offset = (n * layout.Features + f) * layout.Inner;
                        int at = (int)(offset - first);
                        BackwardFeature(layout, rows, f, px + offset, pg + offset, pgx + offset, own,
                            kd[at..], kl[at..], ku[at..]);
                    }
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(k);
            }
        });
        for (int t = 0; t < gradients.Length; t++)
        {
            var total = sums[0][t];
            for (int c = 1; c < sums.Length; c++)                // chunk order: the same sum every time
                for (int j = 0; j < sums[c][t].Length; j++) total[j] += sums[c][t][j];
            totals[t].CopyTo(gradients[t]);
            totals[t].Dispose();
        }
    }

    // The same for [N, F] input (Inner = 1), in one loop over the chunk's features: xs and gxs start at the chunk's
    // first feature, the row of output gradients g at feature 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void BackwardRow<T>(KernelLayout layout, Rows<T> rows, (long Start, long End) features,
        T* xs, T* g, T* gxs, double[][] sums, int* kd, int* kl, int* ku)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T* d = rows.DiagonalTable, l = rows.LowerTable, u = rows.UpperTable;
        double[] sd = sums[0], sl = sums[1], su = sums[2];
        int first = (int)features.Start, last = layout.Features - 1;
        for (int f = first; f < features.End; f++)
        {
            int e = f - first;
            double v = double.CreateTruncating(xs[e]);
            int at = rows.Diagonal(f) + kd[e];
            T sum = d[at] * g[f];
            sd[at] += double.CreateTruncating(g[f]) * v;
            if (f < last)
            {
                at = rows.Lower(f) + kl[e];
                sum += l[at] * g[f + 1];
                sl[at] += double.CreateTruncating(g[f + 1]) * v;
            }
            if (f > 0)
            {
                at = rows.Upper(f) + ku[e];
                sum += u[at] * g[f - 1];
                su[at] += double.CreateTruncating(g[f - 1]) * v;
            }
            gxs[e] = sum;
        }
    }

    // Over the Inner inputs of feature f: dL/dx_f = alpha_f(x_f) g_f + gamma_f(x_f) g_(f+1) + beta_(f-1)(x_f) g_(f-1),
    // and g * x_f added to the entry of each table that x_f selected.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void BackwardFeature<T>(KernelLayout layout, Rows<T> rows, int f, T* xs, T* gs, T* gxs,
        double[][] sums, ReadOnlySpan<int> kd, ReadOnlySpan<int> kl, ReadOnlySpan<int> ku)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int inner = (int)layout.Inner;
        int dRow = rows.Diagonal(f);
        T* d = rows.DiagonalTable + dRow;
        var sd = sums[0].AsSpan(dRow);
        for (int i = 0; i < inner; i++)
        {
            int k = kd[i];
            gxs[i] = d[k] * gs[i];
            sd[k] += double.CreateTruncating(gs[i]) * double.CreateTruncating(xs[i]);
        }
        if (f < layout.Features - 1)
        {
            int lRow = rows.Lower(f);
            T* l = rows.LowerTable + lRow, next = gs + inner;
            var sl = sums[1].AsSpan(lRow);
            for (int i = 0; i < inner; i++)
            {
                int k = kl[i];
                gxs[i] += l[k] * next[i];
                sl[k] += double.CreateTruncating(next[i]) * double.CreateTruncating(xs[i]);
            }
        }
        if (f > 0)
        {
            int uRow = rows.Upper(f);
            T* u = rows.UpperTable + uRow, previous = gs - inner;
            var su = sums[2].AsSpan(uRow);
            for (int i = 0; i < inner; i++)
            {
                int k = ku[i];
                gxs[i] += u[k] * previous[i];
                su[k] += double.CreateTruncating(previous[i]) * double.CreateTruncating(xs[i]);
            }
        }
    }
}
