namespace Tact.Cli.Tests.BadInput;

/// <summary>Bad-input class 9: runs whose loss grows by orders of magnitude end with exit code 3, also on
/// resume.</summary>
public class DivergenceExitTests
{
    private static readonly string[] Diverging = ["--optimizer", "sgd", "--lr", "10", "--hidden", "16", "--batch", "50",
        "--train-size", "1000", "--test-size", "100", "--epochs", "3"];

    [Fact]
    public void TrainExitsThreeAndSaysWhatDiverged()
    {
        var (code, _, err) = CliRunner.Run(["train", "--task", "sine", "--activation", "relu", .. Diverging]);
        Assert.Equal(3, code);
        Assert.Contains("training diverged (batch", err);
        Assert.Contains("x max(first batch loss", err);
    }

    [Fact]
    public void ARunWithDivergedRunsExitsThreeAndAgainWhenResumed()
    {
        var root = CliRunner.TempDir();
        var yaml = BadInputCases.WriteExperiment(root, """
            name: diverge
            task: sine
            task_options: { train_size: 1000, test_size: 100 }
            hidden: [16]
            activations: [relu]
            optimizer: sgd
            lr: 10
            batch: 50
            epochs: 3
            seeds: 2
            """);
        var results = Path.Combine(root, "results");
        var first = CliRunner.Run("run", yaml, "--out", results);
        Assert.True(first.Code == 3, first.Err);
        Assert.Contains("2 of the shard's 2 runs diverged", first.Err);
        var again = CliRunner.Run("run", yaml, "--out", results);
        Assert.Equal(3, again.Code);
        Assert.Contains("2 already done, 0 trained", again.Out);
        Assert.All(File.ReadAllLines(Path.Combine(results, "runs.csv")).Skip(1), line => Assert.Contains(",diverged,",
            line));
    }

    [Fact]
    public void AnOrdinaryRunExitsZero()
    {
        var yaml = BadInputCases.WriteExperiment(CliRunner.TempDir(), BadInputCases.Experiment());
        var (code, _, err) = CliRunner.Run("run", yaml, "--out", CliRunner.TempDir());
        Assert.True(code == 0, err);
    }
}
