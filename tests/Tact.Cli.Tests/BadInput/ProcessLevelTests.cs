namespace Tact.Cli.Tests.BadInput;

/// <summary>
/// Bad-input classes 1 and 2 in a real process: deep nesting and sizes beyond a small memory limit
/// (TACT_MEMORY_LIMIT) end with exit 2 and one line, never by a signal (134 abort, 137 OOM kill, 139 segfault).
/// </summary>
public class ProcessLevelTests
{
    [Fact]
    public void ADeeplyNestedSpecExitsTwoNotByAStackOverflow()
    {
        // 100000 levels overflowed the stack before the bound; one argument may hold at most 128 KB on Linux.
        var (code, _, err) = BadInputCases.Process(null, "gradcheck", "--activation", "tmaf(points=" + new string('[',
            100_000) + ")");
        Assert.True(code == 2, $"exit {code}: {err[..Math.Min(err.Length, 300)]}");
        Assert.Contains("nested at most", err);
    }

    [Fact]
    public void ADeeplyNestedExperimentFileExitsTwoNotByAStackOverflow()
    {
        var dir = CliRunner.TempDir();
        var path = BadInputCases.WriteExperiment(dir, "name: x\ntask: sine\nactivations: " + new string('[', 200_000)
            + "\n");
        var (code, _, err) = BadInputCases.Process(null, "run", path, "--out", Path.Combine(dir, "out"));
        Assert.True(code == 2, $"exit {code}: {err[..Math.Min(err.Length, 300)]}");
        Assert.Contains(":3:", err);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void AModelBeyondASmallMemoryLimitExitsTwoSayingWhatItNeeds()
    {
        var limit = new Dictionary<string, string> { ["TACT_MEMORY_LIMIT"] = "64M" };
        // 4000 x 4000 weights: 1.6e7 parameters, about 260 MB with gradients and Adam's moments.
        var (code, _, err) = BadInputCases.Process(limit, ["train", "--task", "sine", "--activation", "relu",
            "--hidden", "4000,4000",
            "--train-size", "100", "--test-size", "10", "--epochs", "1"]);
        Assert.True(code == 2, err);
        Assert.Contains("needs about", err);
        Assert.Contains("67.1 MB is available", err);
    }

    [Fact]
    public void AMalformedMemoryLimitIsBadInput()
    {
        var (code, _, err) = BadInputCases.Process(new Dictionary<string, string> { ["TACT_MEMORY_LIMIT"] = "lots" },
            ["train", "--task", "sine", "--activation", "relu", "--epochs", "1"]);
        Assert.Equal(2, code);
        Assert.Contains("TACT_MEMORY_LIMIT", err);
    }
}
