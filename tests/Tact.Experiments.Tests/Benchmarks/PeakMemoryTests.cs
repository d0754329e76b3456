using Tact.Experiments.Benchmarks;
using static TorchSharp.torch;

namespace Tact.Experiments.Tests.Benchmarks;

public class PeakMemoryTests
{
    [Fact]
    public void CountsATensorWhileItLives()
    {
        using (zeros(16, 1024, 1024)) { }                   // libtorch's own first-use allocations, out of the way
        if (PeakMemory.InUseMb() is not double before)
        {
            Assert.False(OperatingSystem.IsLinux(), "glibc's counters should be readable on Linux");
            return;
        }
        double during;
        using (var big = zeros(16, 1024, 1024))          // 64 MiB of float32
            during = PeakMemory.InUseMb()!.Value;
        double after = PeakMemory.InUseMb()!.Value;
        Assert.InRange(during - before, 63, 80);
        Assert.InRange(during - after, 63, 80);
    }
}
