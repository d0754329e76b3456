using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Models.Tests;

public class LinearInitTests
{
    private static List<Linear> Linears(nn.Module model) => model.modules().OfType<Linear>().ToList();

    private static double Variance(Tensor t) => t.to(float64).var(unbiased: false).item<double>();

    [Fact]
    public void GlorotNormalIsKerasKernelWithZeroBias()
    {
        // The Adaact paper's Keras layer: glorot_normal kernel (variance 2 / (fan_in + fan_out) = 1 / fan_avg, a
        // normal truncated at two standard deviations with the std corrected) and zero bias.
        random.manual_seed(5);
        using var model = ModelCatalog.Create("mlp",
            new ModelRequest([400], 200, [600], ["relu"], Init: [LinearInit.GlorotNormal]));
        foreach (var layer in Linears(model))
        {
            long fanOut = layer.weight!.shape[0], fanIn = layer.weight.shape[1];
            double expected = 2.0 / (fanIn + fanOut);
            Assert.InRange(Variance(layer.weight) / expected, 0.97, 1.03);
            double bound = 2 * Math.Sqrt(expected) / 0.87962566103423978;
            Assert.True(layer.weight.abs().max().item<float>() <= bound * (1 + 1e-6));
            Assert.Equal(0f, layer.bias!.abs().max().item<float>());
        }
    }

    [Fact]
    public void OnePerLayerGlorotNormalThenKerasDenseDefault()
    {
        random.manual_seed(6);
        using var model = ModelCatalog.Create("mlp", new ModelRequest([300], 300, [500], ["adaact"],
            Init: [LinearInit.GlorotNormal, LinearInit.GlorotUniform]));
        var (hidden, output) = (Linears(model)[0], Linears(model)[1]);
        double limit = Math.Sqrt(6.0 / 800);
        Assert.True(hidden.weight!.abs().max().item<float>() > limit, "normal tails beyond the uniform's bound");
        Assert.True(output.weight!.abs().max().item<float>() <= limit * (1 + 1e-6));
        Assert.InRange(Variance(output.weight) / (2.0 / 800), 0.97, 1.03);
        Assert.Equal(0f, output.bias!.abs().max().item<float>());
    }

    [Fact]
    public void WithoutInitTheLayersKeepPyTorchsDefault()
    {
        random.manual_seed(7);
        using var model = ModelCatalog.Create("mlp", new ModelRequest([400], 10, [600], ["relu"]));
        var first = Linears(model)[0];
        Assert.True(first.bias!.abs().max().item<float>() > 0);
        Assert.InRange(Variance(first.weight!) * 3 * 400, 0.95, 1.05);   // uniform(+-1/sqrt(fan_in)): 1 / (3 fan_in)
    }

    [Fact]
    public void BadInitsAreClearErrors()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelCatalog.Create("mlp",
            new ModelRequest([4], 1, [10, 10], ["relu"], Init: [LinearInit.GlorotNormal, LinearInit.PyTorch])));
        Assert.Contains("one init for all 3 linear layers or one per layer, got 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => ModelCatalog.Create("cnn-t2",
            new ModelRequest([1, 28, 28], 10, [], ["relu"], Init: [LinearInit.GlorotNormal])));
        Assert.Contains("mlp option", e.Message);
    }
}
