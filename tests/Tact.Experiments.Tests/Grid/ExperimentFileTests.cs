using Tact.Experiments.Grid;
using Tact.Experiments.Training;

namespace Tact.Experiments.Tests.Grid;

public class ExperimentFileTests
{
    private const string Valid = """
        name: demo
        task: sine
        task_options: { dims: 2, train_size: 300, test_size: 50 }
        hidden: [8, 4]
        activations:
          - relu
          - [tanh, "prelu(per=neuron)"]
          - { label: swish-n, spec: "swish(per=neuron)" }
        grid:
          template: "leaky_relu(slope={s})"
          label: "leaky {s}"
          axes:
            s: [0.01, 0.2]
        optimizer: sgd
        lr: 1.0e-4
        lr_schedule: [{ from: 0.5, lr: 1.0e-5 }]
        loss: sse
        regularizer: { mean: 0.1, boundary: 0.01 }
        epochs: 10
        seeds: 3
        paper_results: { relu: 0.5 }
        smoke: { epochs: 1, seeds: 1, max_cells: 2 }
        """;

    [Fact]
    public void ACellMayHaveItsOwnRegularizerAndModel()
    {
        var spec = ExperimentFile.Parse("""
            name: r
            task: mnist
            model: cae1
            activations:
              - pe2relu(per=neuron)
              - { label: towards-mean, spec: pe2relu(per=neuron), regularizer: { mean: 0.5 } }
            regularizer: { boundary: 0.1 }
            """, "r.yaml");
        var runs = ExperimentPlan.Expand(spec, Scale.Full).Runs;
        Assert.All(runs, r => Assert.Equal("cae1", r.Model));
        Assert.Equal(new Activations.Regularization.ActivationRegularizer(Boundary: 0.1), runs[0].Training.Penalty);
        Assert.Equal(new Activations.Regularization.ActivationRegularizer(Mean: 0.5), runs[1].Training.Penalty);
        Assert.NotEqual(runs[0].Id, runs[1].Id);
    }

    [Fact]
    public void ReadsEveryKey()
    {
        var spec = ExperimentFile.Parse(Valid, "demo.yaml");
        Assert.Equal(["relu", "tanh; prelu(per=neuron)", "swish-n", "leaky 0.01", "leaky 0.2"],
            spec.Cells.Select(c => c.Label));
        Assert.Equal(["leaky_relu(slope=0.2)"], spec.Cells[4].Activations);
        Assert.Equal(2, spec.TaskOptions.Dims);
        Assert.Equal(OptimizerKind.Sgd, spec.Training.Optimizer);
        Assert.Equal(LossKind.Sse, spec.Training.Loss);
        Assert.Equal([new LrStep(0.5, 1e-5)], spec.Training.LrSchedule);
        Assert.Equal(1e-4, spec.Training.LearningRateAt(5));
        Assert.Equal(1e-5, spec.Training.LearningRateAt(6));
        Assert.Equal(0.1, spec.Training.Penalty.Mean);
        Assert.Equal("relu", spec.Baseline);
        Assert.True(spec.LowerIsBetter);
        Assert.Equal(0.5, spec.PaperResults["relu"]);
    }

    [Theory]
    [InlineData("name: x\ntask: sine\nactivations: [relu]\nepoch: 3\n",
        "x.yaml:4:1: unknown key 'epoch' in experiment")]
    [InlineData("name: x\ntask: sine\nactivations: [relu]\nepochs: three\n",
        "x.yaml:4:9: expected a whole number >= 1, got 'three'")]
    [InlineData("name: x\ntask: sine\nactivations: [relux]\n", "x.yaml:3:15: relux: unknown activation")]
    [InlineData("name: x\ntask: sine\nactivations:\n  - prelu(per=\n",
        "x.yaml:4:5: invalid activation spec 'prelu(per=' at position 11")]
    [InlineData("name: x\ntask: nope\nactivations: [relu]\n", "x.yaml:2:7: unknown task 'nope'")]
    [InlineData("name: x\ntask: sine\n", "x.yaml:1:1: no activations")]
    [InlineData("name: x\ntask: sine\nactivations: [relu]\nlr: -1\n", "x.yaml:4:5: expected a number > 0")]
    [InlineData("name: x\ntask: sine\nactivations: [relu]\nbaseline: tanh\n",
        "x.yaml:4:11: baseline 'tanh' is not a cell label")]
    [InlineData("name: x\ntask: sine\nactivations: [relu]\nsmoke: { epoch: 1 }\n",
        "x.yaml:4:10: unknown key 'epoch' in smoke")]
    [InlineData("name: x\ntask: sine\nactivations: [relu, relu]\n", "two cells are labelled 'relu'")]
    [InlineData("name: x\ntask: sine\ngrid: { template: 'elu(alpha={a})', axes: { b: [1] } }\n",
        "x.yaml:3:19: template uses {a}, which is not an axis")]
    [InlineData("name: x\ntask: [sine\n", "x.yaml:3:1: YAML syntax error")]
    [InlineData("task: sine\nactivations: [relu]\n", "missing required key 'name'")]
    [InlineData("name: x\ntask: sine\nactivations: [relu]\nhidden: 20\n", "x.yaml:4:9: hidden must be a list")]
    [InlineData("name: x\ntask: sine\nactivations: [relu]\nmodel: vgg\n",
        "x.yaml:4:8: expected one of mlp|cnn-t2|cnn-t3|cae1|cae2|cae3|lstm|resnet18, got 'vgg'")]
    [InlineData("name: x\ntask: sine\nactivations: [relu]\noutput_activation: tahn\n",
        "x.yaml:4:20: tahn: unknown activation")]
    [InlineData("name: x\ntask: sine\nactivations: [relu]\ninit: glorot\n",
        "x.yaml:4:7: expected one of pytorch|glorot_normal|glorot_uniform|grid, got 'glorot'")]
    [InlineData("name: x\ntask: sine\nactivations: [relu]\nhidden: [4, 4]\ninit: [glorot_normal, pytorch]\n",
        "x.yaml:5:7: init gives 2 values for 3 linear layers; give one or 3")]
    [InlineData("name: x\ntask: mnist\nmodel: cnn-t2\nactivations: [relu]\ninit: glorot_normal\n",
        "x.yaml:5:7: init sets the linear layers of the mlp model, not of cnn-t2")]
    public void BadFilesNameTheLineAndTheProblem(string yaml, string message)
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentFile.Parse(yaml, "x.yaml"));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void TheAdaactExperimentsUseThePapersKerasInit()
    {
        // The paper's Keras Adaact layer: glorot_normal kernel and zero bias; its output Dense: Keras' default.
        var dir = Path.Combine(RepositoryRoot(), "experiments");
        foreach (var name in new[] { "adaact-banknote", "adaact-iris", "adaact-mnist" })
        {
            var spec = ExperimentFile.Load(Path.Combine(dir, name + ".yaml"));
            Assert.Equal([Models.LinearInit.GlorotNormal, Models.LinearInit.GlorotUniform], spec.Init);
            var plan = ExperimentPlan.Expand(spec, Scale.Smoke);
            Assert.All(plan.Runs, r => Assert.Equal(spec.Init, r.Init));
        }
    }

    [Fact]
    public void ShippedExperimentFilesAreValid()
    {
        var dir = Path.Combine(RepositoryRoot(), "experiments");
        var files = Directory.GetFiles(dir, "*.yaml");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var spec = ExperimentFile.Load(file);
            Assert.Equal(Path.GetFileNameWithoutExtension(file), spec.Name);
            Assert.True(spec.Smoke.Epochs is not null, $"{file} has no smoke block");
        }
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "tact.slnx"))) dir = dir.Parent;
        return dir?.FullName
            ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}

public class CellOverrideTests
{
    [Fact]
    public void CellsMayCarryTheirOwnHiddenDimsAndBaseline()
    {
        var spec = ExperimentFile.Parse("""
            name: sine
            task: sine
            activations:
              - { label: relu n3, spec: relu, dims: 3, hidden: [20, 20] }
              - { label: tanh n3, spec: tanh, dims: 3, hidden: [20, 20], baseline: relu n3 }
              - relu
            baseline: relu
            """, "s.yaml");
        var plan = ExperimentPlan.Expand(spec, Scale.Full);
        Assert.Equal(3, plan.Runs[1].TaskOptions.Dims);
        Assert.Equal([20, 20], plan.Runs[1].Hidden);
        Assert.Equal(1, plan.Runs[2].TaskOptions.Dims);
        Assert.Equal("relu n3", plan.Info().BaselineOf("tanh n3"));
        Assert.Equal("relu", plan.Info().BaselineOf("relu n3"));
        var e = Assert.Throws<ConfigException>(() => ExperimentFile.Parse(
            "name: x\ntask: sine\nactivations:\n  - { spec: tanh, baseline: nope }\n", "x.yaml"));
        Assert.Contains("names baseline 'nope'", e.Message);
    }
}
