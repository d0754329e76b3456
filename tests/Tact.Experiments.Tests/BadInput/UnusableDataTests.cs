using Tact.Experiments.Runs;
using Tact.Experiments.Tasks;
using Tact.Experiments.Training;
using Tact.TestFixtures;

namespace Tact.Experiments.Tests.BadInput;

/// <summary>Bad-input class 4: data the readers accept but training cannot use, refused before training.</summary>
public class UnusableDataTests
{
    private static string Dir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tact-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static ConfigException Refused(RunConfig config) =>
        Assert.Throws<ConfigException>(() => SingleRun.Prepare(config).CheckData());

    private static RunConfig Mnist(string dir, double validation = 0, LossKind loss = LossKind.Auto) => new()
    {
        Task = "mnist",
        Activations = ["relu"],
        TaskOptions = new TaskOptions { DataDir = dir, Validation = validation },
        Training = new TrainOptions { Epochs = 1, Loss = loss },
    };

    [Fact]
    public void TrainAndTestShapesThatDiffer()
    {
        var dir = Dir();
        Fixtures.MnistDirectory(dir, 10, 5, gzip: false);
        File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte"), Fixtures.Idx(2051, [5, 4, 3], new byte[60]));
        Assert.Contains("training samples are [1, 3, 4] but test samples are [1, 4, 3]", Refused(Mnist(dir)).Message);
    }

    [Fact]
    public void ADataSetWithNoItems()
    {
        var dir = Dir();
        Fixtures.MnistDirectory(dir, 0, 5, gzip: false);
        Assert.Contains("the training split holds no samples", Refused(Mnist(dir)).Message);
    }

    [Fact]
    public void FewerRowsThanAValidationSplitNeeds()
    {
        var dir = Dir();
        Fixtures.MnistDirectory(dir, 1, 5, gzip: false);
        Assert.Contains("leaves no validation or no training data", Refused(Mnist(dir, validation: 0.5)).Message);
    }

    [Fact]
    public void ASeriesShorterThanItsWindow()
    {
        var config = new RunConfig
        {
            Task = "timeseries",
            Activations = ["relu"],
            TaskOptions = new TaskOptions { Window = 200, SeriesLength = 150 }
        };
        var e = Refused(config);
        Assert.Contains("series of 150 steps is shorter than window 200", e.Message);
        Assert.DoesNotContain("Parameter", e.Message);
    }

    [Fact]
    public void DataPointingAtAFileOrAnEmptyFolder()
    {
        var dir = Dir();
        var file = Path.Combine(dir, "x.txt");
        File.WriteAllText(file, "x");
        Assert.Contains("is a file; mnist reads a directory", Refused(Mnist(file)).Message);
        var empty = Path.Combine(dir, "empty");
        Directory.CreateDirectory(empty);
        Assert.Contains("is empty", Refused(Mnist(empty)).Message);
    }

    [Fact]
    public void ALossThatDoesNotFitTheTaskIsRefusedByPrepareAlone()
    {
        var e = Assert.Throws<ConfigException>(() => SingleRun.Prepare(new RunConfig
        {
            Task = "mnist",
            Activations = ["relu"],
            Training = new TrainOptions { Loss = LossKind.Mse },
        }));
        Assert.Contains("classification task", e.Message);
    }

    [Fact]
    public void UsableDataPasses()
    {
        var dir = Dir();
        Fixtures.MnistDirectory(dir, 20, 10, gzip: true);
        SingleRun.Prepare(Mnist(dir, validation: 0.2)).CheckData();
    }
}
