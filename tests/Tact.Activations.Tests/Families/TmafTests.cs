using Tact.Activations.Spec;
using Tact.Activations.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Tact.Activations.Tests.Families;

public class TmafTests
{
    // Inputs that include the breakpoints themselves and points just beside them.
    private static Tensor Probe(ScalarType dtype) =>
        cat([linspace(-6, 6, 1201, dtype),
            tensor(new[] { 0.0, -0.0, 1.0, 1e-12, -1e-12, 1 + 1e-12, 1 - 1e-12 }, dtype)]).reshape(-1, 1);

    private static void SetValues(ActivationModule module, string name, params double[] values)
    {
        using var _ = no_grad();
        var p = module.named_parameters().Single(p => p.name == name).parameter;
        p.copy_(tensor(values, p.dtype).expand(p.shape));
    }

    [Theory]
    [InlineData("float32")]
    [InlineData("float64")]
    public void OneBreakpointAtZeroWithValues01IsExactlyRelu(string type)
    {
        var dtype = type == "float32" ? float32 : float64;
        using var module = Activations.Create("tmaf(points=[0], per=layer)");
        module.to(dtype);
        SetValues(module, "values", 0, 1);
        using var x = Probe(dtype);
        Assert.True(module.call(x).allclose(F.relu(x), 0, 0));
    }

    [Fact]
    public void ValuesC1AreExactlyLeakyRelu()
    {
        // Parameters are float32 like every TorchSharp parameter: 0.01 is compared in float32, and an exactly
        // representable slope in float64.
        using var module = Activations.Create("tmaf(points=[0], per=layer, init=leaky, slope=0.01)");
        using var x32 = Probe(float32);
        Assert.True(module.call(x32).allclose(F.leaky_relu(x32, 0.01), 0, 0));
        using var wide = Activations.Create("tmaf(points=[0], per=layer, init=leaky, slope=0.125)");
        wide.to(float64);
        using var x = Probe(float64);
        Assert.True(wide.call(x).allclose(F.leaky_relu(x, 0.125), 0, 0));
        // init=relu on the same grid is ReLU without setting anything.
        using var relu = Activations.Create("tmaf(points=[0])", features: 1);
        relu.to(float64);
        Assert.True(relu.call(x).allclose(F.relu(x), 0, 0));
    }

    [Fact]
    public void TheDiscontinuousExampleTakesTheLeftValueAtEachBreakpoint()
    {
        using var module = Activations.Create("tmaf(points=[0, 1], per=layer)");
        module.to(float64);
        SetValues(module, "values", 0, 1, 0);
        double[] z = [-1, 0, 1e-9, 0.5, 1 - 1e-9, 1, 1 + 1e-9, 2];
        double[] expected = [0, 0, 1e-9, 0.5, 1 - 1e-9, 1, 0, 0];
        using var x = tensor(z, float64).reshape(-1, 1);
        Assert.Equal(expected, module.call(x).data<double>().ToArray());
    }

    [Fact]
    public void ReluInitOnAGridIsRelu()
    {
        using var module = Activations.Create("tmaf(grid=-5:5:0.1)", features: 3);
        module.to(float64);
        using var x = randn(50, 3, float64) * 4;
        Assert.True(module.call(x).allclose(F.relu(x), 0, 0));
        Assert.Equal(3 * 102, module.ParameterCount);
    }

    [Fact]
    public void AUniformGridAndTheSamePointsAsAListAgreeExactly()
    {
        using var grid = Activations.Create("tmaf(grid=-2:2:0.5)", features: 4);
        using var list = Activations.Create("tmaf(points=[-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2])", features: 4);
        using (no_grad())
        {
            var values = randn(4, 10);
            grid.parameters().Single().copy_(values);
            list.parameters().Single().copy_(values);
        }
        using var x = randn(64, 4) * 3;
        Assert.True(grid.call(x).allclose(list.call(x), 0, 0));
    }

    [Theory]
    [InlineData("tmaf(grid=-2:2:0.5, per=layer)")]
    [InlineData("tmaf(grid=-2:2:0.5, per=neuron)")]
    [InlineData("tmaf(grid=-2:2:0.5, per=layer, breakpoints=trainable)")]
    [InlineData("tmaf(grid=-2:2:0.5, per=neuron, breakpoints=trainable, temperature=0.3)")]
    [InlineData("tmaf3(grid=-2:2:0.5, per=layer)")]
    [InlineData("tmaf3(grid=-2:2:0.5, per=neuron)")]
    public void GradientsMatchFiniteDifferences(string spec)
    {
        using var module = Activations.Create(spec, features: 5);
        Randomise(module);
        ActivationAssert.GradientsMatch(module, [6, 5, 2]);
    }

    [Theory]
    [InlineData("tmaf(grid=-2:2:0.5, per=neuron)")]
    [InlineData("tmaf(points=[-1, 0.3, 2], per=layer)")]
    [InlineData("tmaf(grid=-2:2:0.5, per=neuron, breakpoints=trainable, temperature=0.3)")]
    [InlineData("tmaf3(grid=-2:2:0.5, per=neuron)")]
    [InlineData("tmaf3(grid=-2:2:0.5, per=layer)")]
    public void FormulaTextIsTheFunction(string spec)
    {
        using var module = Activations.Create(spec, features: 3);
        Randomise(module);
        ActivationAssert.FormulaMatches(module, -3, 3);
    }

    [Fact]
    public void AnUntrainedTriDiagonalTmafEqualsTheDiagonalOne()
    {
        using var diagonal = Activations.Create("tmaf(grid=-5:5:0.1)", features: 7);
        using var tri = Activations.Create("tmaf3(grid=-5:5:0.1)", features: 7);
        using (no_grad())
        {
            var values = randn(7, 102);
            diagonal.parameters().Single().copy_(values);
            tri.named_parameters().Single(p => p.name == "values").parameter.copy_(values);
        }
        using var x = randn(32, 7, 3) * 4;
        Assert.True(diagonal.call(x).allclose(tri.call(x), 0, 0));
    }

    [Fact]
    public void TriDiagonalCouplesNeighboursAsEquation24Says()
    {
        // Grid [0, 1] (h = 1): upper grid [1/3, 4/3], lower grid [2/3, 5/3]. Features x = (0.5, 2, -1).
        using var module = (TriDiagonalTmaf)Activations.Create("tmaf3(points=[0, 1])", features: 3);
        module.to(float64);
        using (no_grad())
        {
            module.Values.copy_(tensor(new double[,] { { 0, 1, 2 }, { 0, 3, 4 }, { 5, 6, 7 } }));
            module.LowerValues.copy_(tensor(new double[,] { { 10, 20, 30 }, { 40, 50, 60 } }));
            module.UpperValues.copy_(tensor(new double[,] { { 100, 200, 300 }, { 400, 500, 600 } }));
        }
        using var x = tensor(new[] { 0.5, 2, -1 }, float64).reshape(1, 3);
        var y = module.call(x).data<double>().ToArray();
        // alpha: x0=0.5 in (0,1] -> 1; x1=2 > 1 -> 4; x2=-1 <= 0 -> 5.
        // lower gamma_j(x_j) on [2/3, 5/3]: x0=0.5 -> 10 (row 1 gets 10*0.5); x1=2 -> 60 (row 2 gets 60*2).
        // upper beta_j(x_(j+1)) on [1/3, 4/3]: x1=2 -> 300 (row 0 gets 300*2); x2=-1 -> 400 (row 1 gets 400*-1).
        Assert.Equal(1 * 0.5 + 300 * 2, y[0], 12);
        Assert.Equal(10 * 0.5 + 4 * 2 + 400 * -1, y[1], 12);
        Assert.Equal(60 * 2 + 5 * -1, y[2], 12);
    }

    [Fact]
    public void ParameterCountsFollowTheGrid()
    {
        using var perLayer = Activations.Create("tmaf(grid=-5:5:1, per=layer)");
        Assert.Equal(12, perLayer.ParameterCount);
        using var tri = Activations.Create("tmaf3(grid=-5:5:1)", features: 20);
        Assert.Equal(20 * 12 + 2 * 19 * 12, tri.ParameterCount);
        using var trainable = Activations.Create("tmaf(grid=-5:5:1, breakpoints=trainable)", features: 2);
        Assert.Equal(2 * 12 + 1 + 10, trainable.ParameterCount);
    }

    [Fact]
    public void TrainableBreakpointsStayOrderedAndStartWhereGiven()
    {
        using var module = (Tmaf)Activations.Create("tmaf(grid=-1:1:0.5, breakpoints=trainable)", features: 2);
        Assert.Equal([-1, -0.5, 0, 0.5, 1], module.Breakpoints.Select(b => Math.Round(b, 5)));
        var optimizer = optim.Adam(module.parameters(), 0.5);
        for (int i = 0; i < 20; i++)
        {
            optimizer.zero_grad();
            module.call(randn(16, 2) * 2).square().sum().backward();
            optimizer.step();
        }
        var s = module.Breakpoints;
        Assert.All(s.Zip(s.Skip(1)), p => Assert.True(p.Second > p.First));
    }

    [Fact]
    public void NaNInputGivesNaNOutputNotACrash()
    {
        using var module = Activations.Create("tmaf(grid=-5:5:0.1)", features: 2);
        using var y = module.call(tensor(new[] { float.NaN, 1f }).reshape(1, 2));
        Assert.True(float.IsNaN(y[0, 0].item<float>()));
        Assert.Equal(1f, y[0, 1].item<float>());
    }

    [Theory]
    [InlineData("tmaf(grid=1:0:0.5)", "grid", "step > 0")]
    [InlineData("tmaf(grid=-1:1:0)", "grid", "step > 0")]
    [InlineData("tmaf(points=[1, 0])", "points", "strictly increasing")]
    [InlineData("tmaf(init=gelu)", "init", "relu|leaky|zero")]
    [InlineData("tmaf(breakpoints=trainable, temperature=0)", "temperature", "> 0")]
    [InlineData("tmaf(grid=-1:1:1, points=[0])", "points", "together with grid")]
    [InlineData("tmaf3(per=channel)", "per", "layer|neuron")]
    public void BadSpecsNameFamilyAndParameter(string spec, string parameter, string expected)
    {
        ActivationAssert.RejectsSpec(spec, parameter, expected, features: 4);
    }

    [Fact]
    public void WrongFeatureSizeIsAClearError()
    {
        using var module = Activations.Create("tmaf3", features: 4);
        var e = Assert.Throws<ArgumentException>(() => module.call(zeros(2, 5)));
        Assert.Contains("expects 4 features on dim 1", e.Message);
    }

    [Fact]
    public void KeepsShapeAndDtype()
    {
        using var module = Activations.Create("tmaf3(grid=-1:1:0.5)", features: 3);
        ActivationAssert.KeepsShapeAndDtype(module);
    }

    private static void Randomise(ActivationModule module)
    {
        using var _ = no_grad();
        foreach (var (name, p) in module.named_parameters())
            if (name.Contains("values")) p.copy_(randn_like(p));
    }
}
