using Tact.Data.Synthetic;
using Tact.Experiments.Runs;
using Tact.Experiments.Tasks;
using Tact.Experiments.Training;
using Tact.Models;
using static TorchSharp.torch;

namespace Tact.Experiments.Tests;

public class TrainerTests
{
    [Fact]
    public void MlpLearnsTheOneDimensionalSineTask()
    {
        // sin(pi x) on [-2, 2] has variance 1/2; a trained 1-20-1 ReLU network must get far below that.
        random.manual_seed(1);
        using var data = FunctionTasks.Sine(1, seed: 1, trainCount: 2000, testCount: 500);
        using var model = new Mlp(1, [20], 1, ["relu"]);
        var before = Trainer.Evaluate(model, data, data.Test).Metrics["rmse"];
        var result = Trainer.Fit(model, data,
            new TrainOptions { Epochs = 60, BatchSize = 50, LearningRate = 1e-2, Seed = 1 });
        double rmse = result.Final["rmse"];
        Assert.False(result.Diverged);
        Assert.Equal(60, result.Epochs.Count);
        Assert.True(before > 0.5, $"untrained rmse {before}");
        Assert.True(rmse * rmse < 0.05 * 0.5, $"test MSE {rmse * rmse} is not well below the target variance 0.5");
    }

    [Fact]
    public void ADivergingRunIsReportedAndStops()
    {
        using var data = FunctionTasks.Sine(1, seed: 1, trainCount: 200, testCount: 50);
        random.manual_seed(1);
        using var model = new Mlp(1, [20], 1, ["identity"]);
        var result = Trainer.Fit(model, data, new TrainOptions
        {
            Epochs = 50,
            BatchSize = 200,
            LearningRate = 10,
            Optimizer = OptimizerKind.Sgd,
            Loss = LossKind.Sse,
        });
        Assert.True(result.Diverged);
        Assert.True(result.Epochs.Count < 50);
    }

    [Fact]
    public void RegressionMetricsFollowTheirDefinitions()
    {
        using var p = tensor(new float[] { 1, 2, 3, 4 }).reshape(4, 1);
        using var t = tensor(new float[] { 1, 2, 3, 6 }).reshape(4, 1);
        var m = Metrics.Regression(p, t);
        Assert.Equal(1.0, m["mse"], 12);
        Assert.Equal(1.0, m["rmse"], 12);
        Assert.Equal(Math.Sqrt(4.0 / 50.0), m["rel_l2"], 12);
    }

    [Fact]
    public void SameConfigAndSeedGiveTheSameRun()
    {
        var config = new RunConfig
        {
            Task = "oscillatory",
            TaskOptions = new TaskOptions { TrainCount = 300, TestCount = 100 },
            Activations = ["prelu(per=neuron)"],
            Training = new TrainOptions { Epochs = 3, Seed = 4 },
        };
        var a = SingleRun.Prepare(config).Execute();
        var b = SingleRun.Prepare(config).Execute();
        Assert.Equal(a.Final["rmse"], b.Final["rmse"]);
        Assert.Equal(a.Activations[0].Formula, b.Activations[0].Formula);
        Assert.Equal(20 + 61, a.Parameters.Total);
        Assert.Equal(20, a.Parameters.Activation);
    }

    [Theory]
    [InlineData("nope", "relu", "unknown task 'nope'")]
    [InlineData("sine", "relux", "relux: unknown activation")]
    [InlineData("sine", "prelu(per=", "position 11")]
    [InlineData("sine", "relu;tanh", "got 2 activation specs for 1 hidden layers")]
    public void PrepareRejectsBadConfigurationsBeforeRunning(string task, string activation, string message)
    {
        var config = new RunConfig { Task = task, Activations = activation.Split(';') };
        var e = Assert.Throws<ConfigException>(() => SingleRun.Prepare(config));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void MlpTakesOneSpecPerHiddenLayer()
    {
        using var model = new Mlp(3, [4, 5], 2, ["relu", "prelu(per=neuron)"], outputSpec: "sigmoid");
        Assert.Equal(["relu", "prelu(per=neuron)", "sigmoid"], model.Activations.Select(a => a.ToString()));
        using var y = model.call(randn(7, 3));
        Assert.Equal([7L, 2L], y.shape);
        Assert.All(y.data<float>().ToArray(), v => Assert.InRange(v, 0f, 1f));
    }
}
