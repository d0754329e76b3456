using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TactPReLU = Tact.Activations.PReLU;

namespace Tact.Activations.Tests.Conversion;

public class ReplaceSequentialTests
{
    private static Sequential Mlp() =>
        nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 6), nn.ReLU(), nn.Linear(6, 1));

    [Fact]
    public void SequentialOfReLUsComputesWhatTheHandBuiltEquivalentComputes()
    {
        manual_seed(1);
        using var model = Mlp();
        var created = Activations.Replace(model, "prelu(per=neuron)");

        Assert.Equal(["1", "3"], created.Select(c => c.Path));
        Assert.Equal([8, 6], created.Select(c => c.Module.Sets));
        Assert.Same(created[0].Module, model[1]);
        Assert.Same(created[1].Module, model[3]);
        using (no_grad())
            foreach (var (_, module) in created) ((TactPReLU)module).Slope.uniform_(-1, 1);

        using var built = nn.Sequential(nn.Linear(4, 8), Activations.Create("prelu(per=neuron)", 8), nn.Linear(8, 6),
            Activations.Create("prelu(per=neuron)", 6), nn.Linear(6, 1));
        var state = model.state_dict();
        Assert.Equal(built.state_dict().Keys.Order(), state.Keys.Order());
        built.load_state_dict(state);
        using var x = randn(16, 4) * 3;
        Assert.True(allclose(built.call(x), model.call(x)));
    }

    [Fact]
    public void TheModelRunsTheNewModulesAndRegistersTheirParameters()
    {
        manual_seed(2);
        using var model = Mlp();
        using var x = randn(32, 4) * 3;
        using var before = model.call(x);
        var created = Activations.Replace(model, "prelu(per=neuron, init=0.5)");

        using var after = model.call(x);
        Assert.False(allclose(before, after)); // a slope of 0.5 instead of 0 below zero
        var slopes = created.Select(c => ((TactPReLU)c.Module).Slope.Handle).ToList();
        Assert.All(slopes, h => Assert.Contains(h, model.parameters().Select(p => p.Handle)));
        Assert.Equal(6 + 2, model.parameters().Count());
        Assert.Contains("1.slope", model.state_dict().Keys);
        Assert.Contains("3.slope", model.state_dict().Keys);
        Assert.Equal(["0", "1", "2", "3", "4"], model.named_children().Select(c => c.name));
        Assert.Contains(model.named_modules(), m => m.name == "3" && ReferenceEquals(m.module, created[1].Module));
    }

    [Fact]
    public void AnOptimiserCreatedAfterConversionTrainsTheNewParameters()
    {
        manual_seed(3);
        using var model = Mlp();
        var created = Activations.Replace(model, "prelu(per=neuron)");
        var slope = ((TactPReLU)created[0].Module).Slope;
        using var initial = slope.detach().clone();
        using var optimizer = optim.SGD(model.parameters(), 0.5);
        using var x = randn(64, 4) * 3;
        using var target = randn(64, 1);

        optimizer.zero_grad();
        using var loss = nn.functional.mse_loss(model.call(x), target);
        loss.backward();
        optimizer.step();

        Assert.NotNull(slope.grad);
        Assert.False(allclose(initial, slope));
    }

    [Fact]
    public void FeatureCountsComeFromTheLayerBeforeAcrossNormsPoolingDropoutAndNestedSequentials()
    {
        using var model = nn.Sequential(
            nn.Conv2d(3, 5, 3), nn.BatchNorm2d(5), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout2d(0.1),
            nn.Sequential(nn.Conv2d(5, 7, 3), nn.ReLU()),
            nn.ReLU(), nn.Flatten(), nn.Linear(7 * 3 * 3, 9), nn.Dropout(0.2), nn.Tanh(), nn.ReLU());
        var created = Activations.Replace(model, "prelu(per=neuron)");

        Assert.Equal(["2", "5.1", "6", "11"], created.Select(c => c.Path));
        Assert.Equal([5, 7, 7, 9], created.Select(c => c.Module.Sets));
        using var y = model.call(randn(2, 3, 12, 12));
        Assert.Equal([2L, 9], y.shape);
    }

    [Fact]
    public void PerLayerSpecsNeedNoFeatureCount()
    {
        using var model = nn.Sequential(nn.ReLU(), nn.Linear(3, 3), nn.ReLU());
        var created = Activations.Replace(model, "swish");
        Assert.Equal(["0", "2"], created.Select(c => c.Path));
        Assert.All(created, c => Assert.Equal(Granularity.Layer, c.Module.Per));
    }

    [Fact]
    public void ASpecThatIsPerNeuronByDefaultGetsItsFeatureCounts()
    {
        using var model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2));
        var created = Activations.Replace(model, "tmaf");
        Assert.Equal(Granularity.Neuron, created.Single().Module.Per);
        Assert.Equal(4, created.Single().Module.Sets);
        using var y = model.call(randn(5, 3));
        Assert.Equal([5L, 2], y.shape);
    }

    [Fact]
    public void NamesMatchTorchSharpAndTactModulesAlike()
    {
        using var model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 4), Activations.Create("tanh"),
            nn.Linear(4, 5), nn.GELU(), nn.Linear(5, 6), nn.ReLU(), nn.LeakyReLU(), Activations.Create("leaky_relu"),
            Activations.Create("relu"));

        var created = Activations.Replace(model, "prelu(per=neuron)", names: ["tanh", "GELU", "leaky_relu"]);
        Assert.Equal(["1", "3", "5", "8", "9"], created.Select(c => c.Path));
        Assert.Equal([3, 4, 5, 6, 6], created.Select(c => c.Module.Sets));
        Assert.IsType<ReLU>(model[7]);

        // By default only ReLUs, TorchSharp's and tact's.
        var relus = Activations.Replace(model, "swish");
        Assert.Equal(["7", "10"], relus.Select(c => c.Path));
        Assert.IsType<FixedActivation>(Activations.Create("relu"));
    }

    [Fact]
    public void APredicateSelectsByPathAndModule()
    {
        using var model = Mlp();
        var created = Activations.Replace(model, "swish", where: (path, module) => path == "3");
        Assert.Equal(["3"], created.Select(c => c.Path));
        Assert.IsType<ReLU>(model[1]);
    }

    [Fact]
    public void NewModulesTakeTheModelsDtypeAndTheTrainingFlag()
    {
        using var model = Mlp().to(float64);
        model.eval();
        var created = Activations.Replace(model, "prelu(per=neuron)");
        Assert.All(created, c => Assert.Equal(float64, c.Module.parameters().Single().dtype));
        Assert.All(created, c => Assert.False(c.Module.training));
        using var y = model.call(randn(3, 4, dtype: float64));
        Assert.Equal(float64, y.dtype);
    }
}
