using System.Numerics;
using System.Runtime.CompilerServices;
using static TorchSharp.torch;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Tact.Activations.Kernels;

/// <summary>
/// The loops of <see cref="CombinationFunction"/>. Each sample's plane of Features x Inner values is cut into
/// segments of at most <see cref="_block"/> elements; a work unit is one segment of one sample, and units are ordered
/// segment by segment so that a chunk of consecutive units mostly walks one segment down many samples. A segment's
/// parameters are spread once into scratch (w_k and beta of each element's feature), its basis values stay in cache
/// while they are combined, and its gradient sums are kept per element and added into the chunk's own totals, which
/// are reduced in chunk order: no atomics, and bitwise repeatable for a given thread count.
/// </summary>
internal sealed unsafe class CombinationKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // A segment's parameters and gradient sums (2 K rows) should stay in the first-level cache beside its data:
    // 512 elements for short combinations, fewer for many terms (128 for 8 Fourier pairs in float32).
    private const int MaxBlock = 512, MinBlock = 64, CacheBytes = 16384;
    private const int FlushEvery = 64;      // blocks between moves of the gradient sums from T into double

    private readonly int _block;
    private readonly PointwiseBasis _basis;
    private readonly KernelLayout _layout;
    private readonly int _k, _sets;
    private readonly long _plane, _segments;
    private readonly T* _x, _wt, _beta;

    public CombinationKernel(PointwiseBasis basis, Tensor x, Tensor wt, Tensor? beta)
    {
        _basis = basis;
        _layout = KernelLayout.Of(x);
        _k = basis.Count;
        _block = Math.Clamp(1 << BitOperations.Log2((uint)(CacheBytes / (_k * Unsafe.SizeOf<T>()))),
            MinBlock, MaxBlock);
        _sets = (int)wt.shape[1];
        _plane = _layout.Features * _layout.Inner;
        _segments = (_plane + _block - 1) / _block;
        _x = Address(x);
        _wt = Address(wt);
        _beta = beta is null ? null : Address(beta);
    }

    private long Units => _segments * _layout.Outer;

    public void Forward(Tensor y)
    {
        T* py = Address(y);
        int chunks = _layout.Chunks(Units, get_num_threads());
        KernelLayout.Run(chunks, c =>
        {
            var s = new Scratch(_k, _block, _basis, backward: false);
            long segment = -1;
            var (start, end) = KernelLayout.Chunk(Units, c, chunks);
            for (long unit = start; unit < end; unit++)
            {
                var (offset, length) = Locate(unit, ref segment, s);
                var x = Whole(new ReadOnlySpan<T>(_x + offset, length), s.PaddedX);
                var y = new Span<T>(py + offset, length);
                var output = x.Length == length ? y : s.PaddedOutput.AsSpan(0, x.Length);
                _basis.Forward(new Segment<T>(x, s.W, s.Beta, _block), output, s.Work);
                if (x.Length != length) output[..length].CopyTo(y);
            }
        });
    }

    /// <summary>
    /// Writes dL/dx into <paramref name="gx"/>; returns dL/dw as [K, sets] and dL/dbeta as [sets], in double.
    /// </summary>
    public (double[] W, double[] Beta) Backward(Tensor g, Tensor gx)
    {
        T* pg = Address(g), pgx = Address(gx);
        int chunks = _layout.Chunks(Units, get_num_threads());
        var partialW = new double[chunks][];
        var partialBeta = new double[chunks][];
        KernelLayout.Run(chunks, c =>
        {
            var s = new Scratch(_k, _block, _basis, backward: true);
            var sinkW = partialW[c] = new double[_k * _sets];
            var sinkBeta = partialBeta[c] = new double[_sets];
            long segment = -1;
            int blocks = 0;
            var (start, end) = KernelLayout.Chunk(Units, c, chunks);
            for (long unit = start; unit < end; unit++)
            {
                if (unit / _layout.Outer != segment && segment >= 0) Flush(segment, s, sinkW, sinkBeta);
                var (offset, length) = Locate(unit, ref segment, s);
                var x = Whole(new ReadOnlySpan<T>(_x + offset, length), s.PaddedX);
                var g = Whole(new ReadOnlySpan<T>(pg + offset, length), s.PaddedGradient);
                var gx = new Span<T>(pgx + offset, length);
                var output = x.Length == length ? gx : s.PaddedOutput.AsSpan(0, x.Length);
                _basis.Backward(new Segment<T>(x, s.W, s.Beta, _block, s.SumW, s.SumBeta), g, output, s.Work);
                if (x.Length != length) output[..length].CopyTo(gx);
                if (++blocks % FlushEvery == 0) Flush(segment, s, sinkW, sinkBeta);
            }
            if (segment >= 0) Flush(segment, s, sinkW, sinkBeta);
        });
        // Chunk order: the same sums every time.
        var totalW = new double[_k * _sets];
        var totalBeta = new double[_sets];
        for (int c = 0; c < chunks; c++)
        {
            for (int i = 0; i < totalW.Length; i++) totalW[i] += partialW[c][i];
            for (int i = 0; i < totalBeta.Length; i++) totalBeta[i] += partialBeta[c][i];
        }
        return (totalW, totalBeta);
    }

    /// <summary>
    /// The element range of a unit (one segment of one sample). When the segment changes, spreads its parameters
    /// into the scratch rows: element i of the segment belongs to feature (first + i) / Inner.
    /// </summary>
    private (long Offset, int Length) Locate(long unit, ref long segment, Scratch s)
    {
        long seg = unit / _layout.Outer, n = unit % _layout.Outer;
        long first = seg * _block;
        int length = (int)Math.Min(_block, _plane - first);
        if (seg != segment)
        {
            segment = seg;
            for (int i = 0; i < length; i++)
            {
                long set = SetOf(first + i);
                for (int k = 0; k < _k; k++) s.W[k * _block + i] = _wt[k * _sets + set];
                if (_beta is not null) s.Beta[i] = _beta[set];
            }
        }
        return (n * _plane + first, length);
    }

    /// <summary>
    /// The span itself when its length is a whole number of vectors, else a copy zero-padded to one, so that every
    /// basis may work in whole vectors. Padding is harmless: the padded gradient is 0, so the padded lanes add 0 to
    /// the sums (every basis is finite at 0), and their outputs are dropped. The parameter rows are a block long, a
    /// whole number of vectors, so the padded lanes read stale but finite parameters.
    /// </summary>
    private static ReadOnlySpan<T> Whole(ReadOnlySpan<T> span, T[] buffer)
    {
        int width = Vector<T>.Count, padded = (span.Length + width - 1) / width * width;
        if (padded == span.Length) return span;
        var copy = buffer.AsSpan(0, padded);
        span.CopyTo(copy);
        copy[span.Length..].Clear();
        return copy;
    }

    private long SetOf(long planeIndex) => _sets == 1 ? 0 : planeIndex / _layout.Inner;

    /// <summary>Moves the running sums of a segment from T into the chunk's double totals and clears them.</summary>
    private void Flush(long segment, Scratch s, double[] sinkW, double[] sinkBeta)
    {
        long first = segment * _block;
        int length = (int)Math.Min(_block, _plane - first);
        for (int k = 0; k < _k; k++) Add(s.SumW.AsSpan(k * _block, length), first, sinkW.AsSpan(k * _sets, _sets));
        if (_basis.HasBeta) Add(s.SumBeta.AsSpan(0, length), first, sinkBeta);
    }

    // Walks the features of the segment's elements by counting, not dividing (a division per element made the
    // flushes a sixth of a backward pass).
    private void Add(Span<T> sums, long first, Span<double> sink)
    {
        if (_sets == 1) sink[0] += double.CreateTruncating(TensorPrimitives.Sum<T>(sums));
        else if (_layout.Inner == 1)
        {
            var run = sink.Slice((int)first, sums.Length);
            for (int i = 0; i < sums.Length; i++) run[i] += double.CreateTruncating(sums[i]);
        }
        else
        {
            long set = first / _layout.Inner, position = first % _layout.Inner;
            for (int i = 0; i < sums.Length; i++)
            {
                sink[(int)set] += double.CreateTruncating(sums[i]);
                if (++position == _layout.Inner) (set, position) = (set + 1, 0);
            }
        }
        sums.Clear();
    }

    private static T* Address(Tensor t) => (T*)KernelLayout.Address(t);

    /// <summary>
    /// One chunk's working memory: each element's parameters, the running gradient sums, the basis's scratch, and
    /// room for a segment padded to whole vectors.
    /// </summary>
    private sealed class Scratch(int k, int block, PointwiseBasis basis, bool backward)
    {
        public readonly T[] W = new T[k * block];
        public readonly T[] Beta = basis.HasBeta ? new T[block] : [];
        public readonly T[] SumW = backward ? new T[k * block] : [];
        public readonly T[] SumBeta = backward && basis.HasBeta ? new T[block] : [];
        public readonly T[] Work = new T[basis.ScratchLength(block, backward)];
        public readonly T[] PaddedX = new T[block];
        public readonly T[] PaddedGradient = backward ? new T[block] : [];
        public readonly T[] PaddedOutput = new T[block];
    }
}
