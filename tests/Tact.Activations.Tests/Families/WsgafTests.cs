using Tact.Activations.Spec;
using Tact.Activations.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Tact.Activations.Tests.Families;

public class WsgafTests
{
    [Theory]
    [InlineData(0, "tanh")]
    [InlineData(1, "relu")]
    [InlineData(2, "sigmoid")]
    public void OneHotLinearWeightsGiveExactlyThatComponent(int k, string name)
    {
        using var module = (Wsgaf)Activations.Create("wsgaf(per=neuron, gate=linear)", features: 3);
        module.to(float64);
        using (no_grad()) module.Weights.copy_(F.one_hot(full(3, k, int64), 3).to(float64));
        using var x = randn(40, 3, float64) * 3;
        using var expected = name switch { "tanh" => x.tanh(), "relu" => F.relu(x), _ => x.sigmoid() };
        // Exact up to the last bits: the fused kernel's vectorised tanh and sigmoid round differently from libtorch's.
        Assert.True(module.call(x).allclose(expected, 1e-15, 1e-15));
    }

    [Theory]
    [InlineData("wsgaf(per=layer, gate=linear)")]
    [InlineData("wsgaf(per=neuron, gate=sigmoid)")]
    [InlineData("wsgaf(per=neuron, components=[elu, gelu, silu, softplus, identity, sin, cos, gaussian])")]
    public void GradientsFormulaAndShapes(string spec)
    {
        using var module = Activations.Create(spec, features: 4);
        using (no_grad()) module.parameters().Single().copy_(randn(module.parameters().Single().shape));
        ActivationAssert.GradientsMatch(module);
        ActivationAssert.FormulaMatches(module);
        ActivationAssert.KeepsShapeAndDtype(module);
    }

    [Theory]
    [InlineData("wsgaf(init=relu, std=small)", "linear", 1, 0.05)]
    [InlineData("wsgaf(init=tanh, std=large)", "linear", 0, 0.5)]
    [InlineData("wsgaf(init=sigmoid, gate=sigmoid, std=small)", "sigmoid", 2, 0.1)]
    [InlineData("wsgaf(init=relu, gate=sigmoid, std=large)", "sigmoid", 1, 1.0)]
    [InlineData("wsgaf(init=all, std=0.2)", "linear", -1, 0.2)]
    [InlineData("wsgaf(init=all, gate=sigmoid)", "sigmoid", -1, 0.1)]
    public void InitPresetsHaveThePapersMeansAndSpreads(string spec, string gate, int chosen, double std)
    {
        random.manual_seed(5);
        using var module = (Wsgaf)Activations.Create(spec, features: 20000);
        var w = module.Weights.detach();
        for (int k = 0; k < 3; k++)
        {
            double expectedMean = chosen >= 0 ? (k == chosen ? 1 : 0) : (gate == "linear" ? 1.0 / 3 : 0);
            var column = w.select(1, k);
            Assert.Equal(expectedMean, column.mean().item<float>(), 0.03 * Math.Max(std, 0.1));
            Assert.Equal(std, column.std().item<float>(), 0.05 * std);
        }
    }

    [Theory]
    [InlineData("wsgaf(components=[tanh, swish])", "components", "not a known function")]
    [InlineData("wsgaf(components=[tanh, tanh])", "components", "twice")]
    [InlineData("wsgaf(std=-1)", "std", ">= 0")]
    [InlineData("wsgaf(std=huge)", "std", "small, large")]
    [InlineData("wsgaf(gate=relu)", "gate", "linear|sigmoid")]
    [InlineData("wsgaf(init=elu)", "init", "all|tanh|relu|sigmoid")]
    public void BadSpecsNameFamilyAndParameter(string spec, string parameter, string expected)
    {
        ActivationAssert.RejectsSpec(spec, parameter, expected, family: "wsgaf");
    }
}
