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

    /// <summary>
    /// True when a fused kernel may take <paramref name="x"/>: enabled, CPU, float32 or float64, contiguous,
    /// rank &gt;= 2.
    /// </summary>
    public static bool Applies(Tensor x) =>
        Enabled && x.device_type == DeviceType.CPU && x.dtype is ScalarType.Float32 or ScalarType.Float64 &&
        x.dim() >= 2 && x.is_contiguous();
}
