using System.Numerics;
using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Activations.Kernels;

/// <summary>The breakpoints of the three tables of a tri-diagonal TMAF: diagonal, lower (gamma) and upper (beta).</summary>
internal sealed record TriDiagonalGrids(BucketGrid Diagonal, BucketGrid Lower, BucketGrid Upper);

/// <summary>
/// The fused tri-diagonal TMAF along dim 1: <c>y_f = alpha_f(x_f) x_f + gamma_(f-1)(x_(f-1)) x_(f-1) +
/// beta_f(x_(f+1)) x_(f+1)</c>, where lower row j is gamma_j (fed by feature j) and upper row j is beta_j (fed by
/// feature j + 1). Forward makes one pass over the outputs; backward one pass over the inputs, each element giving
/// its own input gradient (from the output gradients of itself and its two neighbours) and adding g * x to the one
/// entry of each table it selected. Per neuron each chunk owns its features' table rows; per layer per-chunk partial
/// tables are reduced in chunk order: no atomics, bitwise repeatable. Saves only the input and the three tables.
/// </summary>
internal sealed class TriDiagonalTmafFunction : torch.autograd.SingleTensorFunction<TriDiagonalTmafFunction>
{
    public override string Name => "FusedTriDiagonalTmaf";

    /// <summary>
    /// vars: x (contiguous CPU float32/float64 with at least two features), the diagonal [sets, m + 1], lower and upper
    /// [rows, m + 1] tables of x's dtype, the <see cref="TriDiagonalGrids"/>.
    /// </summary>
    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var diagonal = ((Tensor)vars[1]).contiguous();
        var lower = ((Tensor)vars[2]).contiguous();
        var upper = ((Tensor)vars[3]).contiguous();
        var grids = (TriDiagonalGrids)vars[4];
        ctx.save_for_backward([x, diagonal, lower, upper]);
        ctx.save_data("grids", grids);
        var y = empty_like(x);
        if (x.dtype == ScalarType.Float32) TriDiagonalTmafKernel.Forward<float>(x, diagonal, lower, upper, y, grids);
        else TriDiagonalTmafKernel.Forward<double>(x, diagonal, lower, upper, y, grids);
        return y;
    }

    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.get_saved_variables();
        var (x, diagonal, lower, upper) = (saved[0], saved[1], saved[2], saved[3]);
        var grids = (TriDiagonalGrids)ctx.get_data("grids");
        var g = grad_output.contiguous();
        var gx = empty_like(x);
        var gradients = new[] { zeros_like(diagonal), zeros_like(lower), zeros_like(upper) };
        if (x.dtype == ScalarType.Float32)
            TriDiagonalTmafKernel.Backward<float>(x, diagonal, lower, upper, g, gx, gradients, grids);
        else TriDiagonalTmafKernel.Backward<double>(x, diagonal, lower, upper, g, gx, gradients, grids);
        return [gx, .. gradients, null!];   // one entry per argument of apply; the grids have no gradient
    }
}

/// <summary>The loops of <see cref="TriDiagonalTmafFunction"/>, generic over float and double.</summary>
internal static class TriDiagonalTmafKernel
{
    /// <summary>Where each table's rows start; a table of one row is shared by every feature.</summary>
    private readonly unsafe struct Rows<T>(Tensor diagonal, Tensor lower, Tensor upper, int width)
        where T : unmanaged
    {
        private readonly T* _diagonal = (T*)KernelLayout.Address(diagonal);
        private readonly T* _lower = (T*)KernelLayout.Address(lower);
        private readonly T* _upper = (T*)KernelLayout.Address(upper);
        private readonly bool _sharedDiagonal = diagonal.shape[0] == 1;
        private readonly bool _sharedOff = lower.shape[0] == 1;

        /// <summary>Row of the table's flat index: the diagonal of feature f.</summary>
        public int Diagonal(int f) => (_sharedDiagonal ? 0 : f) * width;

        /// <summary>gamma_f, what feature f adds to feature f + 1 (f &lt; F - 1).</summary>
        public int Lower(int f) => (_sharedOff ? 0 : f) * width;

        /// <summary>beta_(f-1), what feature f adds to feature f - 1 (f &gt; 0).</summary>
        public int Upper(int f) => (_sharedOff ? 0 : f - 1) * width;

        public T* DiagonalTable => _diagonal;
        public T* LowerTable => _lower;
        public T* UpperTable => _upper;
    }

    /// <summary>The work on one plane: the <c>Inner</c> elements of sample n, feature f.</summary>
    private interface IPlane
    {
        void Run(long n, int f, int chunk);
    }

    /// <summary>
    /// Runs <paramref name="body"/> on every plane, split into <see cref="ChunkCount"/> chunks: per neuron (one table
    /// row per feature) by ranges of features walked down every sample, so a chunk owns its features' rows; per layer
    /// by ranges of (sample, feature) planes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForPlanes<TPlane>(KernelLayout layout, bool byFeature, TPlane body) where TPlane : struct, IPlane
    {
        long units = Units(layout, byFeature);
        int chunks = ChunkCount(layout, byFeature);
        KernelLayout.Run(chunks, c => RunChunk(layout, byFeature, body, c, KernelLayout.Chunk(units, c, chunks)));
    }

    private static long Units(KernelLayout layout, bool byFeature) => byFeature ? layout.Features : layout.Outer * layout.Features;

    /// <summary>The number of chunks <see cref="ForPlanes"/> uses, for sizing per-chunk partial sums.</summary>
    private static int ChunkCount(KernelLayout layout, bool byFeature) => layout.Chunks(Units(layout, byFeature), get_num_threads());

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunChunk<TPlane>(KernelLayout layout, bool byFeature, TPlane body, int c, (long Start, long End) range)
        where TPlane : struct, IPlane
    {
        if (byFeature)
        {
            for (long n = 0; n < layout.Outer; n++)
                for (long f = range.Start; f < range.End; f++) body.Run(n, (int)f, c);
            return;
        }
        for (long p = range.Start; p < range.End; p++) body.Run(p / layout.Features, (int)(p % layout.Features), c);
    }

    public static void Forward<T>(Tensor x, Tensor diagonal, Tensor lower, Tensor upper, Tensor y,
        TriDiagonalGrids grids) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var layout = KernelLayout.Of(x);
        ForPlanes(layout, diagonal.shape[0] > 1, new ForwardPlane<T>(layout, grids, new Rows<T>(diagonal, lower, upper,
            grids.Diagonal.Count + 1), x, y));
    }

    public static void Backward<T>(Tensor x, Tensor diagonal, Tensor lower, Tensor upper, Tensor g, Tensor gx,
        Tensor[] gradients, TriDiagonalGrids grids) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var layout = KernelLayout.Of(x);
        bool byFeature = diagonal.shape[0] > 1;
        // Per neuron every chunk writes only its own rows of one set of totals; per layer each chunk has its own.
        var sums = new double[byFeature ? 1 : Math.Max(1, ChunkCount(layout, byFeature))][][];
        var totals = gradients.Select(t => new PooledSums((int)t.numel())).ToArray();
        sums[0] = [.. totals.Select(t => t.Array)];
        for (int c = 1; c < sums.Length; c++) sums[c] = [.. gradients.Select(t => new double[t.numel()])];
        ForPlanes(layout, byFeature, new BackwardPlane<T>(layout, grids, new Rows<T>(diagonal, lower, upper,
            grids.Diagonal.Count + 1), x, g, gx, sums));
        for (int t = 0; t < gradients.Length; t++)
        {
            var total = sums[0][t];
            for (int c = 1; c < sums.Length; c++)                // chunk order: the same sum every time
                for (int j = 0; j < sums[c][t].Length; j++) total[j] += sums[c][t][j];
            totals[t].CopyTo(gradients[t]);
            totals[t].Dispose();
        }
    }

    /// <summary>y_f = alpha_f(x_f) x_f + gamma_(f-1)(x_(f-1)) x_(f-1) + beta_f(x_(f+1)) x_(f+1) on one plane.</summary>
    private readonly unsafe struct ForwardPlane<T>(KernelLayout layout, TriDiagonalGrids grids, Rows<T> rows, Tensor x, Tensor y)
        : IPlane where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly TypedGrid<T> _gd = new(grids.Diagonal), _gl = new(grids.Lower), _gu = new(grids.Upper);
        private readonly T* _x = (T*)KernelLayout.Address(x), _y = (T*)KernelLayout.Address(y);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run(long n, int f, int chunk)
        {
            long inner = layout.Inner, offset = (n * layout.Features + f) * inner;
            T* xs = _x + offset, ys = _y + offset;
            T* d = rows.DiagonalTable + rows.Diagonal(f);
            // y_f takes gamma_(f-1) of its left neighbour and beta_f of its right neighbour.
            T* l = f > 0 ? rows.LowerTable + rows.Lower(f - 1) : null;
            T* u = f < layout.Features - 1 ? rows.UpperTable + rows.Upper(f + 1) : null;
            for (long i = 0; i < inner; i++)
            {
                T v = xs[i];
                T sum = d[_gd.Interval(v)] * v;
                if (l != null)
                {
                    T left = xs[i - inner];
                    sum += l[_gl.Interval(left)] * left;
                }
                if (u != null)
                {
                    T right = xs[i + inner];
                    sum += u[_gu.Interval(right)] * right;
                }
                ys[i] = sum;
            }
        }
    }

    /// <summary>
    /// On one plane of inputs x_f: dL/dx_f = alpha_f(x_f) g_f + gamma_f(x_f) g_(f+1) + beta_(f-1)(x_f) g_(f-1), and
    /// g * x_f added to the entry of each table that x_f selected.
    /// </summary>
    private readonly unsafe struct BackwardPlane<T>(KernelLayout layout, TriDiagonalGrids grids, Rows<T> rows, Tensor x,
        Tensor g, Tensor gx, double[][][] sums) : IPlane where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly TypedGrid<T> _gd = new(grids.Diagonal), _gl = new(grids.Lower), _gu = new(grids.Upper);
        private readonly T* _x = (T*)KernelLayout.Address(x), _g = (T*)KernelLayout.Address(g), _gx = (T*)KernelLayout.Address(gx);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run(long n, int f, int chunk)
        {
            long inner = layout.Inner, offset = (n * layout.Features + f) * inner;
            T* xs = _x + offset, gs = _g + offset, gxs = _gx + offset;
            var own = sums[sums.Length == 1 ? 0 : chunk];
            double[] sd = own[0], sl = own[1], su = own[2];
            bool feedsRight = f < layout.Features - 1, feedsLeft = f > 0;
            int dRow = rows.Diagonal(f), lRow = feedsRight ? rows.Lower(f) : 0, uRow = feedsLeft ? rows.Upper(f) : 0;
            T* d = rows.DiagonalTable + dRow, l = rows.LowerTable + lRow, u = rows.UpperTable + uRow;
            for (long i = 0; i < inner; i++)
            {
                T v = xs[i], grad = gs[i];
                double vd = double.CreateTruncating(v);
                int k = _gd.Interval(v);
                T sum = d[k] * grad;
                sd[dRow + k] += double.CreateTruncating(grad) * vd;
                if (feedsRight)
                {
                    T next = gs[i + inner];
                    k = _gl.Interval(v);
                    sum += l[k] * next;
                    sl[lRow + k] += double.CreateTruncating(next) * vd;
                }
                if (feedsLeft)
                {
                    T previous = gs[i - inner];
                    k = _gu.Interval(v);
                    sum += u[k] * previous;
                    su[uRow + k] += double.CreateTruncating(previous) * vd;
                }
                gxs[i] = sum;
            }
        }
    }
}
