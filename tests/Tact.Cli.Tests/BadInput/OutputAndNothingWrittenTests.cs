namespace Tact.Cli.Tests.BadInput;

/// <summary>
/// Bad-input classes 5 (an --out that cannot be written, found before training) and 7 (exit 2 means nothing was
/// written: no results.db, no metrics, no report).
/// </summary>
public class OutputAndNothingWrittenTests
{
    public static TheoryData<string, string> BadOuts()
    {
        var file = Path.Combine(CliRunner.TempDir() + "-file");
        File.WriteAllText(file, "x");
        return new()
        {
            { "", "empty string" },
            { "   ", "empty string" },
            { "/proc/tact-out", "pseudo file system" },
            { "/sys/tact-out", "pseudo file system" },
            { file, "is a file" },
            { Path.Combine(file, "sub", "dir"), "is a file, so the directory cannot be created" },
        };
    }

    [Theory]
    [MemberData(nameof(BadOuts))]
    public void TrainRefusesAnUnwritableOutBeforeTraining(string dir, string message)
    {
        var (code, output, err) = CliRunner.Run(["train", "--task", "sine", "--activation", "relu", "--out", dir,
            .. BadInputCases.Quick]);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.DoesNotContain("epoch", output);
    }

    [Theory]
    [MemberData(nameof(BadOuts))]
    public void CompareRunAndMergeRefuseItToo(string dir, string message)
    {
        var compare = CliRunner.Run(["compare", "--task", "sine", "--activation", "relu", "--activation", "tanh",
            "--out", dir, .. BadInputCases.Quick]);
        Assert.Equal(2, compare.Code);
        Assert.Contains(message, compare.Err);
        var yaml = BadInputCases.WriteExperiment(CliRunner.TempDir(), BadInputCases.Experiment());
        var run = CliRunner.Run("run", yaml, "--out", dir);
        Assert.Equal(2, run.Code);
        Assert.Contains(message, run.Err);
        Assert.DoesNotContain("seed 1", run.Out);
    }

    public static TheoryData<string, string> ConfigurationErrors => new()
    {
        { BadInputCases.Experiment("[relu, tanh, \"prelu(init=1e300)\"]"), "float32" },
        { BadInputCases.Experiment("[relu]", "lr: 1e39"), "float32" },
        { BadInputCases.Experiment("[relu]").Replace("hidden: [3]", "hidden: [2000000000]"), "needs about" },
        { BadInputCases.Experiment("[relu]").Replace("task: sine",
            "task: mnist").Replace("train_size: 60, test_size: 20", "data: /nonexistent/mnist"), "does not exist" },
        { BadInputCases.Experiment("[relu]", "loss: ce"), "needs a classification task" },
        { BadInputCases.Experiment("[relu]").Replace("train_size: 60, test_size: 20",
            "train_size: 60, test_size: 20, validation: 0.999"), "leaves no validation" },
        { BadInputCases.Experiment("[relu]").Replace("task: sine",
            "task: timeseries").Replace("train_size: 60, test_size: 20", "window: 50, series_length: 40"),
            "shorter than window" },
    };

    [Theory]
    [MemberData(nameof(ConfigurationErrors))]
    public void ARunThatExitsTwoWritesNothing(string yaml, string message)
    {
        var root = CliRunner.TempDir();
        var file = BadInputCases.WriteExperiment(root, yaml);
        var results = Path.Combine(root, "results");
        var (code, _, err) = CliRunner.Run("run", file, "--out", results);
        Assert.True(code == 2, err);
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(results), string.Join(", ", BadInputCases.Files(results)));
    }

    [Fact]
    public void TrainAndCompareThatExitTwoWriteNothing()
    {
        var dir = CliRunner.TempDir();
        var train = CliRunner.Run(["train", "--task", "sine", "--activation", "relu", "--validation", "0.999", "--out",
            dir, .. BadInputCases.Quick]);
        Assert.Equal(2, train.Code);
        var compare = CliRunner.Run(["compare", "--task", "sine", "--activation", "relu", "--activation",
            "prelu(init=1e39)", "--out", dir, .. BadInputCases.Quick]);
        Assert.Equal(2, compare.Code);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void AMergeWithADamagedInputWritesNothing()
    {
        var good = CliRunner.TempDir();
        var yaml = BadInputCases.WriteExperiment(CliRunner.TempDir(), BadInputCases.Experiment());
        Assert.Equal(0, CliRunner.Run("run", yaml, "--out", good).Code);
        var bad = CliRunner.TempDir();
        Directory.CreateDirectory(bad);
        File.WriteAllText(Path.Combine(bad, "results.db"), "not a database at all, just text");
        var target = CliRunner.TempDir();
        var (code, _, err) = CliRunner.Run("merge", good, bad, "--out", target);
        Assert.Equal(2, code);
        Assert.Contains("not a SQLite database", err);
        Assert.False(Directory.Exists(target));
        Assert.Equal("not a database at all, just text", File.ReadAllText(Path.Combine(bad, "results.db")));
        Assert.Equal(2, CliRunner.Run("report", bad).Code);
        Assert.False(File.Exists(Path.Combine(bad, "report.md")));
    }
}
