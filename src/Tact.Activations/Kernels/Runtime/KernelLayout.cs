using static TorchSharp.torch;

namespace Tact.Activations.Kernels;

/// <summary>
/// How a kernel walks an input [N, F, d2, ...] seen as [Outer = N, Features = F, Inner = d2 * ...]. Work is split into
/// a fixed number of chunks that depends only on the shape and the thread count. Per-neuron kernels split by feature
/// ranges, so each chunk owns its features' parameters and gradients outright (no reduction, and a small working
/// set); per-layer kernels split by element ranges and reduce per-chunk partial sums in chunk order. Either way the
/// sums are bitwise repeatable for a given thread count.
/// </summary>
internal readonly record struct KernelLayout(long Outer, int Features, long Inner)
{
    public static KernelLayout Of(Tensor x)
    {
        long inner = 1;
        for (int d = 2; d < x.dim(); d++) inner *= x.shape[d];
        return new KernelLayout(x.shape[0], (int)x.shape[1], inner);
    }

    public long Elements => Outer * Features * Inner;

    /// <summary>
    /// Number of chunks over <paramref name="units"/> work units: one when small, else a few per thread.
    /// </summary>
    public int Chunks(long units, int threads)
    {
        const long minimumPerChunk = 1 << 15;
        long byWork = Math.Max(1, Elements / minimumPerChunk);
        return (int)Math.Max(0, Math.Min(Math.Min(units, byWork), Math.Max(1, threads) * 4L));
    }

    /// <summary>
    /// Runs <paramref name="body"/> for chunks 0..n-1: inline for one, else on libtorch's own threads (up to its thread
    /// count; see <see cref="OpenMpTeam"/>), or .NET's thread pool where those are not reachable.
    /// </summary>
    public static void Run(int chunks, Action<int> body)
    {
        if (chunks == 1) body(0);
        else if (chunks > 1 && !(FusedKernels.OnLibTorchThreads && OpenMpTeam.TryRun(chunks, get_num_threads(), body)))
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = get_num_threads() }, body);
    }

    /// <summary>The address of a contiguous CPU tensor's first element (its memory does not move).</summary>
    public static unsafe nint Address(Tensor t) => (nint)System.Runtime.CompilerServices.Unsafe.AsPointer(
        ref System.Runtime.InteropServices.MemoryMarshal.GetReference(t.bytes));

    /// <summary>
    /// The units [start, end) of chunk <paramref name="c"/> of <paramref name="chunks"/> over <paramref name="units"/>.
    /// </summary>
    public static (long Start, long End) Chunk(long units, int c, int chunks) =>
        (units * c / chunks, units * (c + 1) / chunks);
}
