using System.Runtime.InteropServices;

namespace Tact.Experiments.Benchmarks;

/// <summary>
/// Native heap bytes in use, from glibc's <c>mallinfo2</c> (libtorch's CPU allocator takes its memory from malloc).
/// A training step's memory peaks when the forward pass is done and its graph holds every tensor saved for backward;
/// the bytes in use then minus those before the step are what the activations cost beyond the model's own state.
/// </summary>
public static class PeakMemory
{
    /// <summary>MiB of native heap in use, or null where glibc's counters are not available.</summary>
    public static double? InUseMb()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var info = mallinfo2();
            return (double)(info.uordblks + info.hblkhd) / (1024 * 1024);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
    }

    [DllImport("libc.so.6")]
    private static extern MallInfo2 mallinfo2();
}
