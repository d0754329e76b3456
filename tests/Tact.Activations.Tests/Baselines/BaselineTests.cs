using Tact.Activations.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Activations.Tests.Baselines;

public class BaselineTests
{
    // The formula of each baseline written independently of TorchSharp.
    public static TheoryData<string, Func<double, double>> Formulas => new()
    {
        { "relu", z => Math.Max(0, z) },
        { "leaky_relu", z => z > 0 ? z : 0.01 * z },
        { "leaky_relu(slope=0.2)", z => z > 0 ? z : 0.2 * z },
        { "prelu", z => z > 0 ? z : 0.25 * z },
        { "prelu(per=neuron, init=0.125)", z => z > 0 ? z : 0.125 * z },
        { "elu", z => z > 0 ? z : Math.Exp(z) - 1 },
        { "elu(alpha=0.5)", z => z > 0 ? z : 0.5 * (Math.Exp(z) - 1) },
        { "selu", z => 1.0507009873554805 * (z > 0 ? z : 1.6732632423543772 * (Math.Exp(z) - 1)) },
        { "gelu", z => 0.5 * z * (1 + ReferenceMath.Erf(z / Math.Sqrt(2))) },
        { "silu", z => z / (1 + Math.Exp(-z)) },
        { "swish", z => z / (1 + Math.Exp(-z)) },
        { "swish(beta=1.5)", z => z / (1 + Math.Exp(-1.5 * z)) },
        { "tanh", Math.Tanh },
        { "sigmoid", z => 1 / (1 + Math.Exp(-z)) },
        { "softplus", z => Math.Log(1 + Math.Exp(z)) },
        { "softplus(beta=2)", z => Math.Log(1 + Math.Exp(2 * z)) / 2 },
        { "identity", z => z },
    };

    [Theory]
    [MemberData(nameof(Formulas))]
    public void MatchesItsFormulaOnAGrid(string spec, Func<double, double> formula)
    {
        using var module = Activations.Create(spec, features: 3);
        module.to(float64);
        using var grid = linspace(-6, 6, 241, float64);
        using var values = module.Evaluate(grid);
        var z = grid.data<double>().ToArray();
        for (int i = 0; i < z.Length; i++)
            for (int j = 0; j < module.Sets; j++)
                Assert.Equal(formula(z[i]), values[i, j].item<double>(), 1e-12);
    }

    [Theory]
    [MemberData(nameof(Formulas))]
    public void FormulaTextEvaluatesToTheModule(string spec, Func<double, double> _)
    {
        using var module = Activations.Create(spec, features: 3);
        ActivationAssert.FormulaMatches(module, tolerance: 1e-12);
    }

    [Theory]
    [InlineData("prelu")]
    [InlineData("prelu(per=neuron)")]
    [InlineData("swish(beta=0.7)")]
    [InlineData("swish(per=neuron)")]
    [InlineData("elu(alpha=2)")]
    [InlineData("gelu")]
    public void GradientsMatchFiniteDifferences(string spec)
    {
        using var module = Activations.Create(spec, features: 5);
        ActivationAssert.GradientsMatch(module);
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("prelu(per=neuron)")]
    [InlineData("swish(per=neuron)")]
    public void KeepsShapeAndDtypeForAnyRank(string spec)
    {
        using var module = Activations.Create(spec, features: 3);
        ActivationAssert.KeepsShapeAndDtype(module);
    }

    [Theory]
    [InlineData("prelu", 0.25)]
    [InlineData("prelu(init=-0.5)", -0.5)]
    [InlineData("prelu(per=neuron, init=0.125)", 0.125)]
    public void PReLUsDerivativeAtZeroIsItsSlopeAsInPyTorch(string spec, double slope)
    {
        // The subgradients at 0 lie between a and 1; PyTorch's prelu takes a there (its backward tests x > 0).
        using var module = Activations.Create(spec, features: 3);
        module.to(float64);
        using var x = zeros(4, 3, float64).requires_grad_();
        module.call(x).sum().backward();
        Assert.True(x.grad!.allclose(full_like(x, slope), 0, 0), $"d/dx at 0 = {x.grad.max().item<double>()}");
        Assert.Equal(0.0, ((PReLU)module).Slope.grad!.abs().max().item<double>());
    }

    [Fact]
    public void PerNeuronParametersAreIndependentAndTrainable()
    {
        using var module = Activations.Create("prelu(per=neuron)", features: 4);
        Assert.Equal(4, module.ParameterCount);
        using var x = full(new long[] { 2, 4 }, -1.0f);
        using var y = module.call(x);
        y.select(1, 2).sum().backward();
        var grad = module.parameters().Single().grad!.data<float>().ToArray();
        Assert.Equal(new float[] { 0, 0, -2, 0 }, grad);
    }

    [Fact]
    public void BadInputShapeNamesTheModuleAndTheExpectedShape()
    {
        using var module = Activations.Create("prelu(per=neuron)", features: 4);
        var e = Assert.Throws<ArgumentException>(() => module.call(zeros(2, 3)));
        Assert.Contains("prelu(per=neuron): expects 4 features", e.Message);
        Assert.Contains("expects 4 features on dim 1", e.Message);
        var rank = Assert.Throws<ArgumentException>(() => module.call(zeros(4)));
        Assert.Contains("rank >= 2", rank.Message);
    }

    [Fact]
    public void MonitorCountsNonFiniteInputs()
    {
        using var module = Activations.Create("relu");
        module.Monitor.Enabled = true;
        using var x = tensor(new[] { 1f, float.NaN, float.PositiveInfinity, -2f }).reshape(2, 2);
        module.call(x).Dispose();
        Assert.Equal(4, module.Monitor.Total);
        Assert.Equal(2, module.Monitor.NonFinite);
        Assert.Equal(-2, module.Monitor.Min);
        Assert.Equal(1, module.Monitor.Max);
    }
}
