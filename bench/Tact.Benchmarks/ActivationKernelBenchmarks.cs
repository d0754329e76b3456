using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Tact.Activations;
using Tact.Activations.Kernels;
using Tact.Experiments.Benchmarks;
using static TorchSharp.torch;

namespace Tact.Benchmarks;

/// <summary>
/// Each family's forward and backward on one [4096, 1024] float32 tensor, per neuron, against ReLU's on the same
/// tensor (the baseline column gives the ratio): with the fused kernel, with the composed reference, and the fused
/// kernel on .NET's thread pool instead of libtorch's threads. The detailed companion of <c>tact bench</c>, which
/// interleaves the same measurements in one process; run with
/// <c>dotnet run -c Release --project bench/Tact.Benchmarks -- --filter '*ActivationKernel*'</c>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class ActivationKernelBenchmarks
{
    private Tensor _x = null!, _grad = null!;
    private ActivationModule _module = null!;
    private nn.Module<Tensor, Tensor> _relu = null!;

    /// <summary>The activation spec (every trainable family, as <c>tact bench</c> times them).</summary>
    [ParamsSource(nameof(Specs))]
    public string Spec { get; set; } = "";

    /// <summary>How the activation runs.</summary>
    [Params("fused", "reference", "fused-dotnet-pool")]
    public string Kernel { get; set; } = "fused";

    public static IEnumerable<string> Specs => ActivationBench.DefaultSpecs;

    [GlobalSetup]
    public void Setup()
    {
        random.manual_seed(1);
        _x = randn(4096, 1024);
        _grad = randn(4096, 1024);
        _module = Tact.Activations.Activations.Create(Spec, 1024);
        _relu = nn.ReLU();
        FusedKernels.Enabled = Kernel != "reference";
        FusedKernels.OnLibTorchThreads = Kernel != "fused-dotnet-pool";
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        FusedKernels.Enabled = true;
        FusedKernels.OnLibTorchThreads = true;
        _module.Dispose();
        _x.Dispose();
        _grad.Dispose();
    }

    /// <summary>ReLU's forward and backward on the same tensor.</summary>
    [Benchmark(Baseline = true)]
    public void Relu() => ForwardBackward(_relu);

    /// <summary>The activation's forward and backward, parameter gradients included.</summary>
    [Benchmark]
    public void Activation() => ForwardBackward(_module);

    private void ForwardBackward(nn.Module<Tensor, Tensor> module)
    {
        using var scope = NewDisposeScope();
        var input = _x.detach().requires_grad_();
        module.call(input).backward([_grad]);
        module.zero_grad();
    }
}
