using Tact.Activations.Kernels;
using static TorchSharp.torch;

namespace Tact.Activations.Tests.Kernels;

/// <summary>
/// The kernels' chunks on libtorch's OpenMP team: found, every chunk run once, errors surfaced, same results.
/// </summary>
[Collection(FusedKernelSwitch.Name)]
public class OpenMpTeamTests
{
    [LinuxFact]
    public void LibTorchsTeamIsFound()
    {
        using var _ = ones(1);   // libtorch loaded
        Assert.True(FusedKernels.LibTorchThreadsAvailable, "libgomp was not found among the loaded libraries");
    }

    [LinuxFact]
    public void EveryChunkRunsExactlyOnce()
    {
        var runs = new int[1000];
        Assert.True(OpenMpTeam.TryRun(runs.Length, 2, c => Interlocked.Increment(ref runs[c])));
        Assert.All(runs, r => Assert.Equal(1, r));
    }

    [LinuxFact]
    public void AnExceptionInAChunkReachesTheCaller()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            OpenMpTeam.TryRun(64, 2, c => { if (c == 17) throw new InvalidOperationException("chunk 17"); }));
        Assert.Equal("chunk 17", error.Message);
    }

    [Theory]
    [InlineData("wsgaf(per=neuron)")]
    [InlineData("vnn(per=layer, basis=fourier, terms=4)")]
    [InlineData("tmaf(per=neuron)")]
    public void ResultsAreTheSameOnEitherPool(string spec)
    {
        using var module = Activations.Create(spec, 256);
        using var x = randn(512, 256) * 2;
        using var grad = randn(512, 256);
        bool before = FusedKernels.OnLibTorchThreads;
        try
        {
            FusedKernels.OnLibTorchThreads = true;
            var team = FusedRun.Run(module, x, grad, fused: true);
            FusedKernels.OnLibTorchThreads = false;
            var pool = FusedRun.Run(module, x, grad, fused: true);
            for (int i = 0; i < team.Count; i++)
                Assert.True(team[i].eq(pool[i]).all().item<bool>(), $"output {i} differs");
        }
        finally
        {
            FusedKernels.OnLibTorchThreads = before;
        }
    }
}

/// <summary>A fact about libtorch-cpu's Linux build, which ships libgomp; skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    /// <summary>Sets the skip reason off Linux.</summary>
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "libtorch-cpu ships libgomp on Linux only";
    }
}
