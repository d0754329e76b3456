using Tact.Activations.Spec;
using Tact.Activations.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Tact.Activations.Tests.Families;

public class VnnTests
{
    public static TheoryData<string> Bases() => new()
    {
        "vnn(basis=fourier, terms=3, omega=0.7)",
        "vnn(basis=fourier, terms=2, linear=false, constant=false)",
        "vnn(basis=poly, degree=4)",
        "vnn(basis=chebyshev, degree=5, squash=clamp)",
        "vnn(basis=legendre, degree=6)",
        "vnn(basis=gaussian, centers=5, low=-2, high=2)",
        "vnn(basis=functions, fns=[relu, tanh, sin, gaussian])",
    };

    [Theory]
    [MemberData(nameof(Bases))]
    public void GradientsFormulaAndShapesPerLayerAndPerNeuron(string spec)
    {
        foreach (var per in new[] { "layer", "neuron" })
        {
            using var module = (Vnn)Activations.Create(spec.Replace(")", $", per={per}, init=normal, std=0.5)"),
                features: 3);
            ActivationAssert.GradientsMatch(module);
            ActivationAssert.FormulaMatches(module, tolerance: 1e-9);
            ActivationAssert.KeepsShapeAndDtype(module);
        }
    }

    [Theory]
    [InlineData("vnn(basis=fourier, terms=8, omega=0.5)", 0.06)]
    public void FittedToReluIsCloseToReluOnTheInterval(string spec, double tolerance)
    {
        // Default init: a least-squares fit to relu on [-3, 3]. The worst error is at the kink.
        using var module = Activations.Create(spec);
        module.to(float64);
        using var z = linspace(-3, 3, 601, float64);
        using var values = module.Evaluate(z);
        double worst = (values.squeeze(1) - F.relu(z)).abs().max().item<double>();
        Assert.True(worst < tolerance, $"{spec}: max |F - relu| = {worst} on [-3, 3]");
    }

    [Fact]
    public void FittedToTanhIsCloseToTanh()
    {
        using var module = Activations.Create("vnn(basis=fourier, terms=6, omega=0.5, fit=tanh)");
        module.to(float64);
        using var z = linspace(-3, 3, 601, float64);
        double worst = (module.Evaluate(z).squeeze(1) - z.tanh()).abs().max().item<double>();
        Assert.True(worst < 0.01, $"max |F - tanh| = {worst}");
    }

    [Fact]
    public void ChebyshevAndLegendrePolynomialsAreTheTextbookOnes()
    {
        // On u in [-1, 1] (clamp): T_3(u) = 4u^3 - 3u, P_3(u) = (5u^3 - 3u) / 2.
        using var t = (Vnn)Activations.Create("vnn(basis=chebyshev, degree=3, squash=clamp, init=normal, std=0)");
        using var p = (Vnn)Activations.Create("vnn(basis=legendre, degree=3, squash=clamp, init=normal, std=0)");
        using var u = linspace(-1, 1, 21, float64).reshape(-1, 1);
        var t3 = t.Basis.Evaluate(u).Last();
        var p3 = p.Basis.Evaluate(u).Last();
        Assert.True(t3.allclose(4 * u.pow(3) - 3 * u, 1e-12, 1e-12));
        Assert.True(p3.allclose((5 * u.pow(3) - 3 * u) / 2, 1e-12, 1e-12));
    }

    [Fact]
    public void DesignedRangesAreTheBasesOwn()
    {
        Assert.Equal((-Math.PI / 2, Math.PI / 2), Activations.Create("vnn(omega=2)").DesignedRange);
        Assert.Equal((-1.0, 1.0), Activations.Create("vnn(basis=poly, squash=clamp)").DesignedRange);
        Assert.Null(Activations.Create("vnn(basis=functions)").DesignedRange);
    }

    [Fact]
    public void ParameterCountFollowsTheBasis()
    {
        Assert.Equal(10, Activations.Create("vnn(terms=4)").ParameterCount);          // 8 + z + 1
        Assert.Equal(5 * 8,
            Activations.Create("vnn(per=neuron, terms=4, linear=false, constant=false)", 5).ParameterCount);
        Assert.Equal(4, Activations.Create("vnn(basis=legendre, degree=3)").ParameterCount);
    }

    [Theory]
    [InlineData("vnn(basis=wavelet)", "basis", "fourier|poly")]
    [InlineData("vnn(basis=poly, degree=-1)", "degree", ">= 0")]
    [InlineData("vnn(terms=0)", "terms", ">= 1")]
    [InlineData("vnn(omega=0)", "omega", "> 0")]
    [InlineData("vnn(init=normal, std=-1)", "std", ">= 0")]
    [InlineData("vnn(fit=swish)", "fit", "not a known function")]
    [InlineData("vnn(interval=[1, 2, 3])", "interval", "two numbers")]
    [InlineData("vnn(basis=gaussian, low=2, high=1)", "high", ">= low")]
    public void BadSpecsNameFamilyAndParameter(string spec, string parameter, string expected)
    {
        ActivationAssert.RejectsSpec(spec, parameter, expected, family: "vnn");
    }

    [Fact]
    public void PerNeuronNeedsTheFeatureCountAndChecksIt()
    {
        Assert.Throws<ActivationSpecException>(() => Activations.Create("vnn(per=neuron)"));
        using var module = Activations.Create("vnn(per=neuron)", 3);
        var e = Assert.Throws<ArgumentException>(() => module.call(zeros(2, 4)));
        Assert.Contains("expects 3 features", e.Message);
    }
}
