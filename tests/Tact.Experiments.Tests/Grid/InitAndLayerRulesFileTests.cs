using System.Text.Json;
using Tact.Experiments.Grid;
using Tact.Experiments.Runs;
using Tact.Experiments.Training;
using Tact.Models;

namespace Tact.Experiments.Tests.Grid;

public class InitAndLayerRulesFileTests
{
    private const string Head = "name: x\ntask: oscillatory\nactivations: [\"tmaf(grid=-5:5:0.1)\"]\n";

    [Fact]
    public void InitAndLayersReachEveryRun()
    {
        var spec = ExperimentFile.Parse(Head + """
            init: { kind: grid, layers: [1], coverage: 0.8, jitter: 0.2, seed: 7, input_range: [-1, 1] }
            layers:
              - { match: linears.0, freeze: true }
              - { match: activations.0, lr_scale: 0.01 }
            seeds: 2
            """, "x.yaml");
        Assert.Equal(0.8, spec.GridInit!.Coverage);
        Assert.Equal(0.2, spec.GridInit.Jitter);
        Assert.Equal((-1.0, 1.0), (spec.GridInit.InputLow!.Value, spec.GridInit.InputHigh!.Value));
        Assert.Equal([1], spec.GridInit.Layers!);
        Assert.Equal([new ParameterRule("linears.0", 0), new ParameterRule("activations.0", 0.01)],
            spec.Training.Parameters!);
        var runs = ExperimentPlan.Expand(spec, Scale.Full).Runs;
        Assert.All(runs, r => Assert.Equal(7L, r.GridInit!.Seed));
        Assert.All(runs, r => Assert.Equal(2, r.Training.Parameters!.Count));
        Assert.Equal(LayerInit.Parse("grid"), ExperimentFile.Parse(Head + "init: grid\n", "x.yaml").GridInit);
        SingleRun.Prepare(runs[0]);
    }

    [Fact]
    public void RunsWithoutInitOrRulesKeepTheirIdentity()
    {
        var config = new RunConfig { Task = "sine", Activations = ["relu"] };
        var json = JsonSerializer.Serialize(config, SingleRun.Json);
        Assert.DoesNotContain("\"gridInit\"", json);
        Assert.DoesNotContain("\"parameters\"", json);
        Assert.NotEqual(config.Id, (config with { GridInit = new LayerInit() }).Id);
        Assert.NotEqual(config.Id,
            (config with { Training = config.Training with { Parameters = [new("linears.0", 0)] } }).Id);
    }

    [Theory]
    [InlineData("init: xavier\n", "x.yaml:4:7: expected one of pytorch|glorot_normal|glorot_uniform|grid")]
    [InlineData("init: { kind: grid, jitter: 1.5 }\n", "x.yaml:4:7: init: jitter must be in [0, 1)")]
    [InlineData("init: { kind: grid, coverage: -1 }\n", "x.yaml:4:31: expected a number > 0")]
    [InlineData("init: { kind: grid, input_range: [1] }\n", "input_range is [low, high]")]
    [InlineData("init: { kind: grid, input_range: [1, 0] }\n", "input_range needs low < high")]
    [InlineData("init: { kind: grid, layers: [0] }\n", "x.yaml:4:30: expected a whole number >= 1")]
    [InlineData("init: { layers: [1] }\n", "missing required key 'kind'")]
    [InlineData("init: { kind: grid, colour: red }\n", "unknown key 'colour' in init")]
    [InlineData("layers: [{ match: linears.0 }]\n", "either freeze: true or lr_scale: FACTOR")]
    [InlineData("layers: [{ match: linears.0, freeze: true, lr_scale: 2 }]\n", "either freeze: true or lr_scale")]
    [InlineData("layers: [{ match: linears.0, lr_scale: 0 }]\n", "x.yaml:4:40: expected a number > 0")]
    [InlineData("layers: [{ match: linears.0, freeze: maybe }]\n", "expected true or false")]
    [InlineData("layers: [{ freeze: true }]\n", "missing required key 'match'")]
    [InlineData("layers: { match: linears.0 }\n", "layers must be a list")]
    public void BadInitOrLayerEntriesNameTheLineAndTheProblem(string tail, string message)
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentFile.Parse(Head + tail, "x.yaml"));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void ARuleForALayerTheModelLacksOrAnInitOnReluFailsBeforeTraining()
    {
        var rule = ExperimentFile.Parse(Head + "layers: [{ match: linears.5, freeze: true }]\n", "x.yaml");
        var e = Assert.Throws<ConfigException>(() =>
            SingleRun.Prepare(ExperimentPlan.Expand(rule, Scale.Full).Runs[0]));
        Assert.Contains("'linears.5' matches no parameter", e.Message);
        var relu = ExperimentFile.Parse(
            "name: x\ntask: oscillatory\nactivations: [relu]\ninit: { kind: grid, layers: [1] }\n", "x.yaml");
        var r = Assert.Throws<ConfigException>(() =>
            SingleRun.Prepare(ExperimentPlan.Expand(relu, Scale.Full).Runs[0]));
        Assert.Contains("no designed range", r.Message);
    }
}
