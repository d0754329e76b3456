using Tact.Models;
using static TorchSharp.torch;

namespace Tact.Models.Tests;

public class GridInitTests
{
    private static (double[] W, double[] B) FirstLayer(Mlp mlp)
    {
        var p = mlp.named_parameters().ToDictionary(n => n.name, n => n.parameter);
        return (p["linears.0.weight"].to(float64).data<double>().ToArray(),
            p["linears.0.bias"].to(float64).data<double>().ToArray());
    }

    [Theory]
    [InlineData("tmaf(grid=-5:5:0.1)", -1.0, 1.0)]
    [InlineData("tmaf3(grid=-5:5:0.1)", -1.0, 1.0)]
    [InlineData("tmaf(grid=-2:2:0.5)", 0.0, 4.0)]
    public void EachNeuronsPreActivationsSpanMostOfTheDesignedRangeAndStayInsideIt(string spec, double a, double b)
    {
        using var mlp = new Mlp(1, [20], 1, [spec], gridInit: new LayerInit { Seed = 3 }, inputRange: (a, b));
        var (lo, hi) = mlp.Activations[0].DesignedRange!.Value;
        var (w, bias) = FirstLayer(mlp);
        // The biases' stagger may move an interval by up to half a grid step past the range's ends.
        double half = 0.5 * GridInit.Step(mlp.Activations[0], lo, hi, w.Length) + 1e-6;
        for (int i = 0; i < w.Length; i++)
        {
            double z1 = w[i] * a + bias[i], z2 = w[i] * b + bias[i];
            double span = Math.Abs(z2 - z1);
            Assert.InRange(span, 0.9 * 0.9 * (hi - lo) - 1e-9, 0.9 * 1.1 * (hi - lo) + 1e-9);
            Assert.InRange(Math.Min(z1, z2), lo - half, hi);
            Assert.InRange(Math.Max(z1, z2), lo, hi + half);
        }
        // Jittered magnitudes: no two neurons share one, so their intervals do not line up with each other.
        Assert.Equal(w.Length, w.Select(x => Math.Round(Math.Abs(x), 9)).Distinct().Count());
    }

    [Fact]
    public void BiasesAreStaggeredByFractionsOfTheGridStep()
    {
        using var mlp = new Mlp(1, [10], 1, ["tmaf(grid=-5:5:0.1)"], gridInit: new LayerInit { Seed = 1 },
            inputRange: (-1, 1));
        var (_, bias) = FirstLayer(mlp);
        // Input range centred on 0 and designed range centred on 0: the biases are the staggers alone.
        var sorted = bias.Order().ToArray();
        Assert.All(bias, v => Assert.InRange(v, -0.05 - 1e-6, 0.05 + 1e-6));
        Assert.All(sorted.Zip(sorted.Skip(1), (x, y) => y - x), gap => Assert.Equal(0.01, gap, 6));
    }

    [Fact]
    public void TheInitHasItsOwnSeedAndLeavesTheOtherLayersToTheGlobalGenerator()
    {
        Mlp Build(long global, long seed)
        {
            random.manual_seed(global);
            return new Mlp(1, [8], 1, ["tmaf(grid=-5:5:0.1)"], gridInit: new LayerInit { Seed = seed });
        }
        using var a = Build(1, 7);
        using var b = Build(2, 7);
        using var c = Build(1, 8);
        Assert.Equal(FirstLayer(a).W, FirstLayer(b).W);
        Assert.NotEqual(FirstLayer(a).W, FirstLayer(c).W);
        var outA = a.named_parameters().First(p => p.name == "linears.1.weight").parameter;
        var outB = b.named_parameters().First(p => p.name == "linears.1.weight").parameter;
        Assert.False(outA.allclose(outB));
    }

    [Fact]
    public void ByDefaultOnlyLayersFeedingAGridActivationAreInitialised()
    {
        random.manual_seed(5);
        using var plain = new Mlp(1, [6, 6], 1, ["relu", "tmaf(grid=-5:5:0.1)"]);
        random.manual_seed(5);
        var init = new LayerInit { InputLow = -1, InputHigh = 1, Seed = 2 };
        using var gridded = new Mlp(1, [6, 6], 1, ["relu", "tmaf(grid=-5:5:0.1)"], gridInit: init);
        var p = plain.named_parameters().ToDictionary(n => n.name, n => n.parameter);
        var g = gridded.named_parameters().ToDictionary(n => n.name, n => n.parameter);
        Assert.True(p["linears.0.weight"].allclose(g["linears.0.weight"]));
        Assert.False(p["linears.1.weight"].allclose(g["linears.1.weight"]));
    }

    [Fact]
    public void ByDefaultOnlyLayersWhoseInputRangeIsKnownAreInitialised()
    {
        random.manual_seed(4);
        using var plain = new Mlp(1, [6, 6], 1, ["tmaf(grid=-5:5:0.1)"]);
        random.manual_seed(4);
        using var gridded = new Mlp(1, [6, 6], 1, ["tmaf(grid=-5:5:0.1)"], gridInit: new LayerInit { Seed = 2 });
        var p = plain.named_parameters().ToDictionary(n => n.name, n => n.parameter);
        var g = gridded.named_parameters().ToDictionary(n => n.name, n => n.parameter);
        Assert.False(p["linears.0.weight"].allclose(g["linears.0.weight"]));
        Assert.True(p["linears.1.weight"].allclose(g["linears.1.weight"]));
        // A ReLU network is left alone: no layer has a designed range.
        random.manual_seed(4);
        using var relu = new Mlp(1, [4], 1, ["relu"]);
        random.manual_seed(4);
        using var reluGridded = new Mlp(1, [4], 1, ["relu"], gridInit: new LayerInit());
        Assert.True(relu.parameters().Zip(reluGridded.parameters()).All(pair => pair.First.allclose(pair.Second)));
    }

    [Fact]
    public void ALayerWithoutADesignedRangeOrInputRangeIsAClearError()
    {
        var relu = Assert.Throws<ArgumentException>(() =>
            new Mlp(1, [4], 1, ["relu"], gridInit: new LayerInit { Layers = [1] }));
        Assert.Contains("no designed range", relu.Message);
        var deep = Assert.Throws<ArgumentException>(() =>
            new Mlp(1, [4, 4], 1, ["tmaf(grid=-5:5:0.1)"], gridInit: new LayerInit { Layers = [1, 2] }));
        Assert.Contains("input_range", deep.Message);
        Assert.Throws<ArgumentException>(() => new Mlp(1, [4], 1, ["tmaf"], gridInit: new LayerInit { Layers = [2] }));
        Assert.Throws<ArgumentException>(() => ModelCatalog.Create("lstm",
            new ModelRequest([5, 2], 2, [4], ["sigmoid"], GridInit: new LayerInit())));
    }

    [Fact]
    public void TheCommandLineFormParses()
    {
        var init = LayerInit.Parse("grid,coverage=0.8,jitter=0.2,seed=9,layers=1+2,input_range=-2:3");
        Assert.Equal(0.8, init.Coverage);
        Assert.Equal(0.2, init.Jitter);
        Assert.Equal(9L, init.Seed);
        Assert.Equal([1, 2], init.Layers!);
        Assert.Equal((-2.0, 3.0), (init.InputLow!.Value, init.InputHigh!.Value));
        Assert.Equal(new LayerInit(), LayerInit.Parse("grid") with { Layers = null });
    }

    [Theory]
    [InlineData("xavier")]
    [InlineData("grid,jitter=1.5")]
    [InlineData("grid,coverage=0")]
    [InlineData("grid,coverage=abc")]
    [InlineData("grid,layers=0")]
    [InlineData("grid,layers=1.5")]
    [InlineData("grid,input_range=1:1")]
    [InlineData("grid,seed=x")]
    [InlineData("grid,colour=red")]
    [InlineData("grid,jitter")]
    public void BadCommandLineFormsAreRejected(string text) =>
        Assert.Throws<ArgumentException>(() => LayerInit.Parse(text));
}
