using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Activations.Kernels;

/// <summary>
/// Switch and applicability test of the fused CPU kernels: one custom autograd function per family whose forward and
/// backward each make one pass over the data in C#. The composed-ops implementation stays as the reference and as the
/// fallback for tensors a kernel does not take (CUDA, non-contiguous, other dtypes).
/// </summary>
public static class FusedKernels
{
    /// <summary>
    /// Whether families use their fused kernel where one applies (default true). Turn it off to time or test the
    /// composed reference; like PyTorch's <c>torch.backends</c> flags it is process-wide.
    /// </summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether the kernels run their parallel chunks on libtorch's own intra-op threads (its OpenMP team, where that is
    /// reachable; default true) rather than on .NET's thread pool, which competes for the cores with libtorch's
    /// threads while they spin after each operation. Process-wide, like <see cref="Enabled"/>.
    /// </summary>
    public static bool OnLibTorchThreads { get; set; } = true;

    /// <summary>Whether libtorch's OpenMP team was found (false for libtorch builds without libgomp).</summary>
    public static bool LibTorchThreadsAvailable => OpenMpTeam.Available;

    /// <summary>The families that have a fused kernel so far (the others always run the composed ops).</summary>
    public static IReadOnlySet<string> Families { get; } = new HashSet<string>
    {
        "vnn", "wsgaf", "psigramp", "pe2relu", "pe2id", "pe3relu", "tmaf", "tmaf3",
    };

    /// <summary>True when a fused kernel may take <paramref name="x"/>: enabled, CPU, float32 or float64, contiguous, rank &gt;= 2.</summary>
    public static bool Applies(Tensor x) =>
        Enabled && x.device_type == DeviceType.CPU && x.dtype is ScalarType.Float32 or ScalarType.Float64 && x.dim() >= 2 &&
        x.is_contiguous();
}

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

    /// <summary>Number of chunks over <paramref name="units"/> work units: one when small, else a few per thread.</summary>
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

    /// <summary>The units [start, end) of chunk <paramref name="c"/> of <paramref name="chunks"/> over <paramref name="units"/>.</summary>
    public static (long Start, long End) Chunk(long units, int c, int chunks) => (units * c / chunks, units * (c + 1) / chunks);
}
