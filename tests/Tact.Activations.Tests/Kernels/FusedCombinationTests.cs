using Tact.Activations.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Activations.Tests.Kernels;

/// <summary>
/// The fused combination kernel (vnn with every basis, wsgaf, the flexible combinations) against the
/// composed reference, in float64, for values and every gradient, across granularities and odd shapes.
/// </summary>
[Collection(FusedKernelSwitch.Name)]
public class FusedCombinationTests
{
    private static readonly string[] Specs =
    [
        "vnn(per=neuron, basis=fourier, terms=8)",
        "vnn(per=layer, basis=fourier, terms=3, omega=0.7, linear=false, constant=false)",
        "vnn(per=neuron, basis=poly, degree=5)",
        "vnn(per=neuron, basis=chebyshev, degree=6, squash=clamp)",
        "vnn(per=layer, basis=legendre, degree=5)",
        "vnn(per=neuron, basis=legendre, degree=4, squash=clamp)",
        "vnn(per=neuron, basis=gaussian, centers=5, low=-2, high=2)",
        "vnn(per=neuron, basis=functions, fns=[relu, tanh, sigmoid, elu, silu, softplus, identity, sin, cos, gaussian])",
        "wsgaf(per=neuron)",
        "wsgaf(per=layer, gate=sigmoid, std=large)",
        "psigramp(per=neuron)",
        "psigramp(per=layer, constraint=reparam)",
        "pe2relu(per=neuron)",
        "pe2relu(per=layer, constraint=reparam)",
        "pe2id(per=neuron, constraint=reparam)",
        "pe2id(per=layer)",
        "pe3relu(per=neuron, constraint=reparam)",
        "pe3relu(per=layer)",
    ];

    // Feature sizes 1, 3, 17 and 1000, ranks 2 and 4; 300 rows and 40x40 maps cross the kernel's block and flush sizes.
    private static readonly long[][] Shapes = [[5, 1], [4, 3], [6, 17], [3, 1000], [300, 17], [2, 3, 4, 5], [2, 17, 3, 1], [1, 1000, 2, 2], [2, 3, 40, 40]];

    public static TheoryData<string, long[]> Cases() => FusedRun.Cases(Specs, Shapes);

    [Theory]
    [MemberData(nameof(Cases))]
    public void FusedEqualsReferenceInValuesAndEveryGradient(string spec, long[] shape)
    {
        random.manual_seed(5);
        using var module = Activations.Create(spec, (int)shape[1]);
        module.to(float64);
        using (no_grad())
            foreach (var p in module.parameters()) p.add_(randn_like(p) * 0.5);
        using var x = randn(shape, float64) * 3;
        using var grad = randn(shape, float64);

        var fused = FusedRun.Run(module, x, grad, fused: true);
        var reference = FusedRun.Run(module, x, grad, fused: false);
        Assert.Equal(reference.Count, fused.Count);
        string[] names = ["values", "input gradient", .. module.named_parameters().Select(p => $"gradient of {p.name}")];
        for (int i = 0; i < fused.Count; i++)
            Assert.True(fused[i].allclose(reference[i], 1e-10, 1e-10),
                $"{names[i]} differ by {(fused[i] - reference[i]).abs().max().item<double>()}");
    }

    [Theory]
    [InlineData("vnn(per=neuron, basis=fourier, terms=8)")]
    [InlineData("wsgaf(per=layer)")]
    [InlineData("psigramp(per=neuron)")]
    public void GradientsAreBitwiseRepeatable(string spec)
    {
        using var module = Activations.Create(spec, 64);
        using var x = randn(700, 64, 3) * 2;
        using var grad = randn(700, 64, 3);
        var first = FusedRun.Run(module, x, grad, fused: true);
        var second = FusedRun.Run(module, x, grad, fused: true);
        for (int i = 0; i < first.Count; i++) Assert.True(first[i].eq(second[i]).all().item<bool>(), $"output {i} differs between two passes");
    }

    [Fact]
    public void Float32AgreesWithTheReferenceToSinglePrecision()
    {
        using var module = Activations.Create("vnn(per=neuron, basis=fourier, terms=8)", 33);
        using var x = randn(129, 33) * 2;
        using var grad = randn(129, 33);
        var fused = FusedRun.Run(module, x, grad, fused: true);
        var reference = FusedRun.Run(module, x, grad, fused: false);
        for (int i = 0; i < fused.Count; i++)
            Assert.True(fused[i].allclose(reference[i], 1e-4, 1e-4), $"output {i} differs by {(fused[i] - reference[i]).abs().max().item<float>()}");
    }

    [Fact]
    public void AFunctionWithoutAFusedFormFallsBackToTheComposedOps()
    {
        // gelu has no fused form (.NET has no vectorised erf); the module still works, through the reference.
        using var module = Activations.Create("wsgaf(components=[gelu, relu], init=all)", 3);
        using var x = randn(4, 3, requires_grad: true);
        module.call(x).sum().backward();
        Assert.NotNull(x.grad);
    }
}
