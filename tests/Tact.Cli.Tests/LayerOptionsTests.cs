using System.Text.Json;

namespace Tact.Cli.Tests;

public class LayerOptionsTests
{
    private static readonly string[] Quick =
        ["train", "--task", "oscillatory", "--train-size", "300", "--test-size", "50", "--epochs", "1"];

    [Fact]
    public void InitFreezeAndLrScaleReachTheRecordedRun()
    {
        var dir = CliRunner.TempDir();
        var (code, output, err) = CliRunner.Run([.. Quick, "--activation", "tmaf(grid=-5:5:0.1)",
            "--init", "grid,seed=3,jitter=0.05", "--freeze", "linears.0", "--lr-scale", "activations.0=0.1",
            "--out", dir]);
        Assert.True(code == 0, err);
        Assert.Contains("mse", output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")));
        var config = json.RootElement.GetProperty("config");
        Assert.Equal(3, config.GetProperty("gridInit").GetProperty("seed").GetInt64());
        Assert.Equal(0.05, config.GetProperty("gridInit").GetProperty("jitter").GetDouble());
        var rules = config.GetProperty("training").GetProperty("parameters");
        Assert.Equal("linears.0", rules[0].GetProperty("match").GetString());
        Assert.Equal(0, rules[0].GetProperty("lrScale").GetDouble());
        Assert.Equal(0.1, rules[1].GetProperty("lrScale").GetDouble());
        // The frozen first layer's 40 parameters are not counted as trained.
        Assert.Equal(2061, json.RootElement.GetProperty("parameters").GetProperty("total").GetInt64());
    }

    [Fact]
    public void LinearInitWordsReachTheRecordedRun()
    {
        var dir = CliRunner.TempDir();
        var (code, _, err) = CliRunner.Run([.. Quick, "--activation", "relu", "--init", "glorot_normal,glorot_uniform",
            "--out", dir]);
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")));
        var init = json.RootElement.GetProperty("config").GetProperty("init");
        Assert.Equal(["glorotNormal", "glorotUniform"], init.EnumerateArray().Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("--init: unknown init 'xavier'; known: pytorch, glorot_normal, glorot_uniform, grid",
        "--activation", "tmaf", "--init", "xavier")]
    [InlineData("give one init for all 2 linear layers or one per layer, got 3",
        "--activation", "relu", "--init", "glorot_normal,pytorch,pytorch")]
    [InlineData("jitter must be in [0, 1)", "--activation", "tmaf", "--init", "grid,jitter=2")]
    [InlineData("no designed range", "--activation", "relu", "--init", "grid,layers=1")]
    [InlineData("--lr-scale expects NAME=FACTOR", "--activation", "relu", "--lr-scale", "linears.0")]
    [InlineData("--lr-scale expects NAME=FACTOR", "--activation", "relu", "--lr-scale", "linears.0=0")]
    [InlineData("--lr-scale expects NAME=FACTOR", "--activation", "relu", "--lr-scale", "linears.0=abc")]
    [InlineData("'linears.7' matches no parameter", "--activation", "relu", "--freeze", "linears.7")]
    [InlineData("every parameter of the model is frozen", "--activation", "relu", "--freeze", "linears")]
    public void BadValuesAreAOneLineErrorWithExitCode2AndWriteNothing(string message, params string[] args)
    {
        var dir = CliRunner.TempDir();
        var (code, _, err) = CliRunner.Run([.. Quick, .. args, "--out", dir]);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(dir, "metrics.json")));
    }
}
