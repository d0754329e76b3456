namespace Tact.Cli.Tests.BadInput;

/// <summary>Bad-input classes 4, 6 and 8 at the command line: data info flags, damaged stores, merges of mixed
/// configurations.</summary>
public class StoreAndMergeTests
{
    [Theory]
    [InlineData("report")]
    [InlineData("run")]
    [InlineData("merge")]
    public void EveryCommandRefusesAForeignResultsDbAndLeavesItAlone(string command)
    {
        var dir = CliRunner.TempDir();
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "results.db");
        var bytes = Enumerable.Range(0, 4096).Select(i => (byte)(i % 251)).ToArray();
        File.WriteAllBytes(db, bytes);
        var yaml = BadInputCases.WriteExperiment(CliRunner.TempDir(), BadInputCases.Experiment());
        var (code, _, err) = command switch
        {
            "report" => CliRunner.Run("report", dir),
            "run" => CliRunner.Run("run", yaml, "--out", dir),
            _ => CliRunner.Run("merge", dir, "--out", CliRunner.TempDir()),
        };
        Assert.Equal(2, code);
        Assert.Contains(db, err);
        Assert.Equal(bytes, File.ReadAllBytes(db));
    }

    [Fact]
    public void MergeSaysWhatItCombinedAndWarnsOnMixedConfigurations()
    {
        var root = CliRunner.TempDir();
        var yaml = BadInputCases.WriteExperiment(root, BadInputCases.Experiment());
        string a = Path.Combine(root, "a"), b = Path.Combine(root, "b"), merged = Path.Combine(root, "m");
        Assert.Equal(0, CliRunner.Run("run", yaml, "--out", a).Code);
        File.WriteAllText(yaml, BadInputCases.Experiment().Replace("epochs: 1", "epochs: 2"));
        Assert.Equal(0, CliRunner.Run("run", yaml, "--out", b).Code);
        var (code, output, err) = CliRunner.Run("merge", a, b, "--out", merged);
        Assert.True(code == 0, err);
        Assert.Contains($"{a}: 4 runs of bad (4 added, 0 already present)", output);
        Assert.Contains("merged 2 stores", output);
        Assert.Contains("8 runs in total", output);
        Assert.Contains("tact: warning: bad / relu: runs of 2 different configurations", err);
        Assert.Equal(0, CliRunner.Run("report", merged).Code);
        Assert.Contains("4 stale runs", File.ReadAllText(Path.Combine(merged, "report.md")));
    }

    [Fact]
    public void DataInfoFlagsTrainAndTestShapesThatDiffer()
    {
        var dir = CliRunner.TempDir();
        Directory.CreateDirectory(dir);
        TestFixtures.Fixtures.MnistDirectory(dir, 10, 4, gzip: false);
        File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte"), TestFixtures.Fixtures.Idx(2051, [4, 4, 3],
            new byte[48]));
        var (code, output, err) = CliRunner.Run("data", "info", dir);
        Assert.Equal(0, code);
        Assert.Contains("problem: test samples are 1x4x3 but train samples are 1x3x4", output);
        Assert.Contains("tact: warning: test samples", err);
        var train = CliRunner.Run("train", "--task", "mnist", "--data", dir, "--activation", "relu", "--epochs", "1");
        Assert.Equal(2, train.Code);
        Assert.Contains($"mnist data '{dir}': training samples are [1, 3, 4] but test samples are [1, 4, 3]",
            train.Err);
    }

    [Theory]
    [InlineData("--seeds", "1000000")]
    [InlineData("--hidden", "1000000000")]
    [InlineData("--train-size", "2000000000")]
    public void CompareRefusesSizesBeyondItsBounds(string option, string value)
    {
        var (code, _, err) = CliRunner.Run("compare", "--task", "sine", "--activation", "relu", "--activation", "tanh",
            option, value, "--epochs", "1");
        Assert.Equal(2, code);
        Assert.True(err.Contains("at most") || err.Contains("needs about"), err);
    }
}
