using Tact.Experiments.Runs;
using Tact.Experiments.Tasks;
using Tact.Experiments.Training;

namespace Tact.Experiments.Tests.BadInput;

/// <summary>Bad-input class 9: a loss that grows by orders of magnitude without reaching NaN or Inf is
/// divergence.</summary>
public class DivergenceTests
{
    private static RunRecord Train(double lr) => SingleRun.Prepare(new RunConfig
    {
        Task = "sine",
        Activations = ["relu"],
        Hidden = [16],
        TaskOptions = new TaskOptions { TrainCount = 1000, TestCount = 100 },
        Training = new TrainOptions { Epochs = 3, BatchSize = 50, LearningRate = lr, Optimizer = OptimizerKind.Sgd },
    }).Execute();

    [Fact]
    public void AFiniteLossAboveTheFactorIsRecordedAsDivergence()
    {
        var record = Train(lr: 10);
        Assert.True(record.Diverged);
        Assert.NotNull(record.Divergence);
        Assert.Contains($"above {Trainer.DivergenceFactor:G} x max(first batch loss", record.Divergence);
        // The rule, not NaN, stopped it: the loss it names is finite.
        Assert.DoesNotContain("NaN", record.Divergence);
    }

    [Fact]
    public void AnOrdinaryRunDoesNotDiverge()
    {
        var record = Train(lr: 0.01);
        Assert.False(record.Diverged);
        Assert.Null(record.Divergence);
        Assert.Equal(3, record.Epochs.Count);
    }
}
