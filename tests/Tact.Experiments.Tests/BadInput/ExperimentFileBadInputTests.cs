using Tact.Experiments.Grid;
using Tact.Experiments.Runs;

namespace Tact.Experiments.Tests.BadInput;

/// <summary>Bad-input classes 1, 2, 3 and 10 for experiment files: every error positioned, before any run.</summary>
public class ExperimentFileBadInputTests
{
    private static ConfigException Refused(string yaml) => Assert.Throws<ConfigException>(()
        => ExperimentFile.Parse(yaml, "x.yaml"));

    [Theory]
    [InlineData(ExperimentFile.MaxDepth + 1)]
    [InlineData(100_000)]
    public void DeeplyNestedYamlIsRefusedWithItsPosition(int depth)
    {
        var e = Refused("name: x\ntask: sine\nactivations: " + new string('[', depth) + new string(']', depth) + "\n");
        Assert.StartsWith("x.yaml:3:", e.Message);
        Assert.Contains($"nested more than {ExperimentFile.MaxDepth} deep", e.Message);
    }

    [Fact]
    public void DeeplyNestedBlockMappingsAreRefusedToo()
    {
        var yaml = "name: x\ntask: sine\nactivations: [relu]\ndescription:\n" +
            string.Concat(Enumerable.Range(1, 200).Select(i => new string(' ', i) + $"k{i}:\n"));
        Assert.Contains("nested more than", Refused(yaml).Message);
    }

    [Theory]
    [InlineData("", "x.yaml:1:1: the file is empty")]
    [InlineData("just a scalar", "x.yaml:1:1: an experiment file holds one YAML mapping")]
    [InlineData("name: x\n---\nname: y\n", "x.yaml:3:1: a second YAML document")]
    [InlineData("name: x\ntask: sine\nactivations: [relu]\nlr: 1e300\n", "x.yaml:4:5: expected a number > 0")]
    [InlineData("name: x\ntask: sine\nactivations: [relu, \"prelu(init=1e300)\"]\n",
        "x.yaml:3:21: prelu: parameter 'init'")]
    [InlineData("name: x\ntask: sine\nactivations: [relu]\nseeds: 100001\n", "x.yaml:4:8: 1 cells x 100001 seeds")]
    public void StructuralErrorsNameFileLineAndColumn(string yaml, string start) => Assert.StartsWith(start,
        Refused(yaml).Message);

    [Fact]
    public void AGridWhoseAxesMultiplyBeyondThePlanBoundIsRefusedBeforeExpansion()
    {
        var axes = string.Join("\n", Enumerable.Range(0, 6).Select(i
            => $"    a{i}: [{string.Join(", ", Enumerable.Range(1, 10))}]"));
        var yaml = $"name: x\ntask: sine\ngrid:\n  template: \"vnn(basis=fourier, " +
            $"terms={{a0}}{{a1}}{{a2}}{{a3}}{{a4}}{{a5}})\"\n  axes:\n{axes}\n";
        var e = Refused(yaml);
        Assert.Contains("the grid's axes make 1E+06 cells", e.Message);
        Assert.StartsWith("x.yaml:4:", e.Message);
    }

    [Fact]
    public void ANulByteSaysTheFileIsNotText()
    {
        var e = Refused("name: x\ntask: sine\n\0\u0001\u0002activations: [relu]\n");
        Assert.StartsWith("x.yaml:3: a NUL byte", e.Message);
        Assert.False(e.Message.Contains('\u0001'));
    }

    [Fact]
    public void NonAsciiLabelsStayIntactInMessages()
    {
        var e = Refused("name: x\ntask: sine\nactivations: [relu]\nbaseline: \"réLU-β\"\n");
        Assert.Contains("baseline 'réLU-β' is not a cell label", e.Message);
    }

    [Fact]
    public void ALearningRateBeyondFloat32IsRefusedForEveryCellBeforeTheFirstRun()
    {
        // 1e39 fits float64 but not the float32 optimiser: the file says where, and a plan built in code is refused
        // for every cell by Prepare, before anything runs.
        Assert.StartsWith("x.yaml:5:11: expected a number > 0 within float32 range",
            Refused("name: x\ntask: sine\nactivations: [relu]\nlr_schedule:\n  - { lr: 1e39, from: 0.5 }\n").Message);
        var spec = ExperimentFile.Parse("name: x\ntask: sine\nactivations: [relu, tanh]\n", "x.yaml");
        var plan = ExperimentPlan.Expand(spec with { Training = spec.Training with { LearningRate = 1e39 } },
            Scale.Full);
        var e = Assert.Throws<ConfigException>(() => ExperimentRunner.Prepare(plan, Shard.All));
        Assert.Contains("within float32 range", e.Message);
    }

    [Fact]
    public void AMissingOrDirectoryFileIsNamed()
    {
        Assert.Contains("not found", Assert.Throws<ConfigException>(()
            => ExperimentFile.Load("/nonexistent/x.yaml")).Message);
        Assert.Contains("is a directory", Assert.Throws<ConfigException>(()
            => ExperimentFile.Load(Path.GetTempPath())).Message);
    }

    [Fact]
    public void RunConfigurationsOfTheSameCellShareACellKeyAcrossSeedsOnly()
    {
        var plan = ExperimentPlan.Expand(ExperimentFile.Parse("name: x\ntask: sine\nactivations: [relu, " +
            "tanh]\nseeds: 3\n", "x.yaml"), Scale.Full);
        Assert.Equal(2, plan.Runs.Select(r => r.CellKey).Distinct().Count());
        Assert.Equal(6, plan.Runs.Select(r => r.Id).Distinct().Count());
        var edited = plan.Runs[0] with { Training = plan.Runs[0].Training with { Epochs = 21 } };
        Assert.NotEqual(plan.Runs[0].CellKey, edited.CellKey);
        Assert.IsType<RunConfig>(edited);
    }
}
