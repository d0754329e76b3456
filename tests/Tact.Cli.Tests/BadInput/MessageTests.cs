namespace Tact.Cli.Tests.BadInput;

/// <summary>
/// Bad-input class 10: errors are one printable line, with file:line:col where the input has lines, non-ASCII text
/// intact, binary garbage escaped and long quotes cut; data fetch failures exit 2.
/// </summary>
public class MessageTests
{
    private static void OnePrintableLine(string err)
    {
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("tact: error: ", line);
        Assert.DoesNotContain(line, c => char.IsControl(c) && c != '\r');
        Assert.True(line.Length < ConsoleUi.MaxMessage + 120, $"{line.Length} characters");
    }

    [Fact]
    public void BinaryGarbageInASpecIsEscaped()
    {
        var garbage = new string([.. Enumerable.Range(0, 64).Select(i => (char)(i * 7 % 32))]);
        var (code, _, err) = CliRunner.Run("gradcheck", "--activation", "relu" + garbage);
        Assert.Equal(2, code);
        OnePrintableLine(err);
        Assert.Contains("\\x07", err);
    }

    [Fact]
    public void AVeryLongSpecIsCutInTheMiddle()
    {
        var (code, _, err) = CliRunner.Run("gradcheck", "--activation", "tmaf(points=[" + string.Join(",",
            Enumerable.Range(0, 5000)) + "]]");
        Assert.Equal(2, code);
        OnePrintableLine(err);
        Assert.Contains("characters left out", err);
    }

    [Fact]
    public void NonAsciiInputIsShownIntact()
    {
        var (code, _, err) = CliRunner.Run("train", "--task", "sine", "--activation", "prélu_β");
        Assert.Equal(2, code);
        Assert.Contains("prélu_β", err);
        var emoji = CliRunner.Run("train", "--task", "sine", "--activation", "relu(x=\U0001F600)");
        Assert.Contains("'\U0001F600'", emoji.Err);
    }

    [Fact]
    public void BinaryGarbageAsAnExperimentFileGetsItsPositionAndNoDump()
    {
        var dir = CliRunner.TempDir();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "garbage.yaml");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 3000).Select(i => (byte)(i * 131 % 256))]);
        var (code, _, err) = CliRunner.Run("run", path, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, code);
        OnePrintableLine(err);
        Assert.Contains($"{path}:1", err);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Theory]
    [InlineData("name: x\ntask: sine\nactivations: [relu\n", ":4:1: YAML syntax error")]
    [InlineData("- a\n- b\n", ":1:1: an experiment file holds one YAML mapping")]
    [InlineData("", ":1:1: the file is empty")]
    public void ExperimentFileErrorsHaveFileLineAndColumn(string yaml, string where)
    {
        var dir = CliRunner.TempDir();
        var path = BadInputCases.WriteExperiment(dir, yaml);
        var (code, _, err) = CliRunner.Run("run", path, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, code);
        Assert.Contains(path + where, err);
    }

    [Theory]
    [InlineData("--mirror", "http://127.0.0.1:9", "")]
    [InlineData("--mirror", "not a url", "not an http or https URL")]
    [InlineData("--to", "/proc/tact-fetch", "pseudo file system")]
    public void FetchFailuresExitTwo(string option, string value, string message)
    {
        string[] args = option == "--to"
            ? ["data", "fetch", "iris", "--to", value, "--mirror", "http://127.0.0.1:9"]
            : ["data", "fetch", "iris", "--to", CliRunner.TempDir(), option, value];
        var (code, _, err) = CliRunner.Run(args);
        Assert.True(code == 2, err);
        Assert.Contains(message, err);
    }
}
