using Tact.Data;
using Tact.Data.Io;
using Tact.Experiments.Runs;
using Tact.Experiments.Tasks;
using Tact.Experiments.Training;

namespace Tact.Experiments.Tests.BadInput;

/// <summary>
/// Bad-input class 1 (resource bombs): sizes that would exhaust memory are refused by an estimate before anything is
/// allocated. The budget is limited to a few hundred megabytes, so a wrong estimate fails here instead of using memory.
/// </summary>
public class ResourceBombTests
{
    private const long Budget = 256L << 20;

    private static RunConfig Config(int[]? hidden = null, int? train = 200, int dims = 1, int batch = 100,
        string task = "sine",
        string activation = "relu", string model = "mlp", int window = 24, int seriesLength = 3000) => new()
        {
            Task = task,
            Model = model,
            Activations = [activation],
            Hidden = hidden ?? [8],
            TaskOptions = new TaskOptions
            {
                TrainCount = train,
                TestCount = 50,
                Dims = dims,
                Window = window,
                SeriesLength = seriesLength
            },
            Training = new TrainOptions { Epochs = 1, BatchSize = batch },
        };

    public static TheoryData<string, RunConfig> Bombs => new()
    {
        { "hidden width", Config(hidden: [1_000_000_000]) },
        { "two wide layers", Config(hidden: [20_000, 20_000]) },
        { "training samples x dims", Config(train: 2_000_000_000, dims: 100) },
        { "input dims", Config(dims: 100_000_000) },
        { "per-neuron activation parameters", Config(hidden: [200_000],
            activation: "tmaf(per=neuron, grid=-5:5:0.001)") },
        { "batch x width", Config(hidden: [100_000], train: 1_000_000, batch: 1_000_000) },
        { "lstm units", Config(task: "timeseries", model: "lstm", hidden: [100_000]) },
        { "series length", Config(task: "timeseries", seriesLength: 2_000_000_000) },
        { "window", Config(task: "timeseries", window: 100_000_000, seriesLength: 200_000_000) },
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public void SizesBeyondTheBudgetAreRefusedWithWhatTheyNeed(string what, RunConfig config)
    {
        using var limit = MemoryBudget.Limit(Budget);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ResourceLimitException>(() => SingleRun.Prepare(config));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L << 20, what);
        Assert.Contains("needs about", e.Message);
        Assert.Contains("is available", e.Message);
    }

    [Fact]
    public void AnOrdinaryRunFitsTheSameBudget()
    {
        using var limit = MemoryBudget.Limit(Budget);
        SingleRun.Prepare(Config(hidden: [64, 64], activation: "tmaf(per=neuron)")).CheckData();
        SingleRun.Prepare(Config(task: "timeseries", model: "lstm", hidden: [16])).CheckData();
    }

    [Fact]
    public void TheMessageSaysHowMuchIsNeeded()
    {
        using var limit = MemoryBudget.Limit(Budget);
        // 20000 x 20000 weights: 4e8 parameters, 16 bytes each with gradients and Adam's moments: 6.4 GB, plus the
        // training step.
        var e = Assert.Throws<ResourceLimitException>(() => SingleRun.Prepare(Config(hidden: [20_000, 20_000])));
        Assert.Contains("4E+08 parameters", e.Message);
        Assert.Contains("needs about 6.5", e.Message);
    }
}
