using Tact.Data.Synthetic;
using Tact.Experiments.Runs;
using Tact.Experiments.Tasks;
using Tact.Experiments.Training;
using static TorchSharp.torch;

namespace Tact.Experiments.Tests;

public class ValidationSplitTests
{
    [Fact]
    public void HoldsOutADeterministicDisjointPartOfTheTrainingSplit()
    {
        using var data = FunctionTasks.Oscillatory(seed: 1, trainCount: 200, testCount: 50);
        using var a = DataTasks.WithValidation(data, 0.25, seed: 7);
        using var b = DataTasks.WithValidation(data, 0.25, seed: 7);
        using var c = DataTasks.WithValidation(data, 0.25, seed: 8);
        Assert.Equal(150, a.Train.Count);
        Assert.Equal(50, a.Validation!.Count);
        Assert.True(a.Validation.X.allclose(b.Validation!.X), "the same seed holds out the same samples");
        Assert.False(a.Validation.X.allclose(c.Validation!.X), "another seed holds out others");
        // Together the two parts are the training split, each sample once.
        var all = cat([a.Train.X, a.Validation.X], 0).reshape(-1).sort().Values;
        Assert.True(all.allclose(data.Train.X.reshape(-1).sort().Values));
        Assert.True(a.Test.X.allclose(data.Test.X));
    }

    [Fact]
    public void PerEpochValidationMetricsAreRecordedAndTheRunIdOnlyChangesWhenAsked()
    {
        var config = new RunConfig
        {
            Task = "sine",
            TaskOptions = new TaskOptions { TrainCount = 300, TestCount = 100 },
            Activations = ["relu"],
            Training = new TrainOptions { Epochs = 2 },
        };
        var withValidation = config with { TaskOptions = config.TaskOptions with { Validation = 0.2 } };
        var record = SingleRun.Prepare(withValidation).Execute();
        Assert.All(record.Epochs, e => Assert.True(e.ValidationLoss > 0 && e.ValidationMetrics!.ContainsKey("rel_l2")));
        // The input monitors saw exactly one pass over the test split (100 samples x 20 hidden units), not the
        // validation split or the training batches.
        Assert.Equal(100 * 20, record.Activations[0].Monitor.Total);
        Assert.All(SingleRun.Prepare(config).Execute().Epochs, e => Assert.Null(e.ValidationLoss));
        Assert.NotEqual(config.Id, withValidation.Id);
        // Stores written before the option existed keep their run ids: a zero fraction is not serialised.
        Assert.DoesNotContain("validation", System.Text.Json.JsonSerializer.Serialize(config, SingleRun.Json));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void FractionsOutsideTheUnitIntervalAreConfigErrors(double fraction)
    {
        var config = new RunConfig
        {
            Task = "sine",
            Activations = ["relu"],
            TaskOptions = new TaskOptions { Validation = fraction }
        };
        var e = Assert.Throws<ConfigException>(() => SingleRun.Prepare(config));
        Assert.Contains("validation must be a fraction", e.Message);
    }
}
