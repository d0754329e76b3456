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
        "vnn(per=neuron, basis=chebyshev, degree=5)",
        "vnn(per=layer, basis=chebyshev, degree=1)",
        "vnn(per=layer, basis=legendre, degree=5)",
        "vnn(per=neuron, basis=legendre, degree=4, squash=clamp)",
        "vnn(per=neuron, basis=gaussian, centers=5, low=-2, high=2)",
        "vnn(per=neuron, basis=functions, fns=[relu, tanh, sigmoid, elu, silu, softplus, identity, sin, cos, " +
            "gaussian])",
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
    private static readonly long[][] Shapes = [[5, 1], [4, 3], [6, 17], [3, 1000], [300, 17], [2, 3, 4, 5],
        [2, 17, 3, 1], [1, 1000, 2, 2], [2, 3, 40, 40]];

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
        string[] names =
            ["values", "input gradient", .. module.named_parameters().Select(p => $"gradient of {p.name}")];
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
        for (int i = 0; i < first.Count; i++)
            Assert.True(first[i].eq(second[i]).all().item<bool>(), $"output {i} differs between two passes");
    }

    // The families whose kernel keeps every term in registers, with their own float32 exp.
    public static TheoryData<string> RegisterFamilies() =>
        ["wsgaf(per=neuron)", "psigramp(per=neuron)", "pe2relu(per=neuron)", "pe2id(per=layer)", "pe3relu(per=neuron)"];

    public static TheoryData<string> Float32Specs()
    {
        var specs = RegisterFamilies();
        specs.Add("vnn(per=neuron, basis=fourier, terms=8)");
        specs.Add("vnn(per=neuron, basis=chebyshev, degree=5)");
        specs.Add("vnn(per=neuron, basis=gaussian, centers=8)");
        return specs;
    }

    [Theory]
    [MemberData(nameof(Float32Specs))]
    public void Float32AgreesWithTheReferenceToSinglePrecision(string spec)
    {
        // 33 features and 129 rows: segments that end in a partial vector.
        using var module = Activations.Create(spec, 33);
        using var x = randn(129, 33) * 2;
        using var grad = randn(129, 33);
        var fused = FusedRun.Run(module, x, grad, fused: true);
        var reference = FusedRun.Run(module, x, grad, fused: false);
        for (int i = 0; i < fused.Count; i++)
            Assert.True(fused[i].allclose(reference[i], 1e-4, 1e-4),
                $"output {i} differs by {(fused[i] - reference[i]).abs().max().item<float>()}");
    }

    [Theory]
    [MemberData(nameof(RegisterFamilies))]
    public void SpecialInputsGiveWhatTheReferenceGives(string spec)
    {
        // Infinities saturate as in the reference and large values agree. Tiny inputs are left to the precision test
        // below (the reference's exp(x) - 1 loses them in float32), and 0 to the next test. Between about 17 and 88
        // the float32 reference's sigmoid slope s (1 - s) is 0 because s rounds to 1; the kernel's e / (1 + e)^2
        // keeps the true slope there, so those inputs are left out too.
        double[] special = [double.PositiveInfinity, double.NegativeInfinity, 100, -100, 1e4, -1e4, 5, -30];
        foreach (var dtype in new[] { float32, float64 })
        {
            using var module = Activations.Create(spec, special.Length);
            module.to(dtype);
            using var x = tensor(special, dtype).reshape(1, special.Length).repeat(3, 1);
            using var grad = ones_like(x);
            var fused = FusedRun.Run(module, x, grad, fused: true);
            var reference = FusedRun.Run(module, x, grad, fused: false);
            double rtol = dtype == float32 ? 1e-4 : 1e-9;     // per-layer gradients sum terms of opposite signs
            for (int i = 0; i < fused.Count; i++)
                Assert.True(fused[i].allclose(reference[i], rtol, 1e-30, equal_nan: true),
                    $"{dtype} output {i}: fused {fused[i].ToString(TorchSharp.TensorStringStyle.Julia)}, " +
                    $"reference {reference[i].ToString(TorchSharp.TensorStringStyle.Julia)}");
        }
    }

    [Fact]
    public void AtZeroTheE2TermHasItsTrueDerivative()
    {
        // e2(x) = x + beta sign(x) (1 - exp(-|x|)) is smooth, with e2'(0) = 1 + beta; the kernel gives the derivative
        // itself (the next test checks the composed path too).
        using var module = Activations.Create("pe2id(alpha=0, beta=2)", 1);
        using var x = zeros(2, 1);
        var gradient = FusedRun.Run(module, x, ones_like(x), fused: true)[1];
        Assert.True(gradient.allclose(full_like(x, 3.0), 1e-6, 1e-6),
            gradient.ToString(TorchSharp.TensorStringStyle.Julia));
    }

    [Theory]
    [InlineData("pe2id(alpha=0, beta=2)", 3.0)]
    [InlineData("pe2id(alpha=0.25, beta=0.5)", 0.25 + 0.75 * 1.5)]
    [InlineData("pe2relu(alpha=0, beta=2)", 3.0)]
    [InlineData("pe2relu(alpha=0.5, beta=1, constraint=reparam)", 0.5 + 0.5 * 2)]
    public void AtExactlyZeroBothPathsGiveTheE2TermItsTrueDerivative(string spec, double slope)
    {
        // One convention for both paths: e2'(0) = 1 + beta (e2 is smooth there), and relu's slope at 0 is 1 (the
        // clamp's subgradient), so pe2relu's is alpha + (1 - alpha)(1 + beta). Parameter gradients agree too.
        foreach (var dtype in new[] { float64, float32 })
        {
            using var module = Activations.Create(spec, 3);
            module.to(dtype);
            using var x = zeros(new long[] { 2, 3 }, dtype);
            var fused = FusedRun.Run(module, x, ones_like(x), fused: true);
            var composed = FusedRun.Run(module, x, ones_like(x), fused: false);
            foreach (var (path, result) in new[] { ("fused", fused), ("composed", composed) })
                Assert.True(result[1].allclose(full_like(x, slope), 1e-6, 1e-6),
                    $"{spec} {dtype} {path}: d/dx at 0 = {result[1].to(float64).max().item<double>()}");
            for (int i = 0; i < fused.Count; i++)
                Assert.True(fused[i].allclose(composed[i], 1e-6, 1e-6), $"{spec} {dtype}: output {i} differs at 0");
        }
    }

    [Theory]
    [MemberData(nameof(RegisterFamilies))]
    public void NaNInputGivesNaNOutput(string spec)
    {
        // A diverged run must show as NaN, never as a finite activation.
        foreach (var dtype in new[] { float32, float64 })
        {
            using var module = Activations.Create(spec, 3);
            module.to(dtype);
            using var x = tensor(new[] { double.NaN, 1, double.NaN, -1, double.NaN, 0 }, dtype).reshape(2, 3);
            using var y = FusedRun.Run(module, x, ones_like(x), fused: true)[0];
            Assert.True(y.isnan().eq(x.isnan()).all().item<bool>(),
                $"{dtype}: {y.ToString(TorchSharp.TensorStringStyle.Julia)}");
        }
    }

    [Theory]
    [InlineData("wsgaf(init=tanh, std=0)")]
    [InlineData("pe2id(alpha=0, beta=1)")]
    [InlineData("pe3relu(a=0, b=0)")]
    public void SmallInputsKeepTheirRelativePrecisionInFloat32(string spec)
    {
        // tanh(x), x + (1 - exp(-x)) and 1 - exp(-x) near 0: computing 1 - exp(-|x|) as a subtraction would leave
        // an absolute error of 6e-8, a relative error of 6% at 1e-6.
        using var module = Activations.Create(spec, 1);
        using var x = tensor(new[] { 1e-7f, 1e-6f, 3e-5f, 1e-3f, 0.1f, 0.49f, 0.51f }).reshape(-1, 1);
        using var grad = ones_like(x);
        var fused = FusedRun.Run(module, x, grad, fused: true)[0];
        using var exact = FusedRun.Run(module, x.to(float64), grad.to(float64), fused: false)[0];
        var relative = ((fused.to(float64) - exact) / exact).abs().max().item<double>();
        Assert.True(relative < 1e-6, $"relative error {relative}");
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
