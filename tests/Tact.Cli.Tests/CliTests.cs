using System.Globalization;
using System.Text.Json;

namespace Tact.Cli.Tests;

public class CliTests
{
    private static readonly string[] Quick = ["--train-size", "400", "--test-size", "100", "--epochs", "2"];

    [Fact]
    public void HelpListsTheCommands()
    {
        var (code, output, _) = CliRunner.Run("--help");
        Assert.Equal(0, code);
        foreach (var command in new[] { "activations", "train", "compare" }) Assert.Contains(command, output);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("compare")]
    [InlineData("activations")]
    [InlineData("run")]
    [InlineData("report")]
    [InlineData("merge")]
    [InlineData("gradcheck")]
    [InlineData("bench")]
    [InlineData("eval")]
    [InlineData("predict")]
    [InlineData("show")]
    public void EveryCommandHasHelp(string command)
    {
        var (code, output, _) = CliRunner.Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage:", output);
    }

    [Fact]
    public void VersionPrintsTheVersion()
    {
        var (code, output, _) = CliRunner.Run("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", output.Trim());
    }

    [Fact]
    public void ActivationsListsEveryBaselineAndTheSyntax()
    {
        var (code, output, _) = CliRunner.Run("activations");
        Assert.Equal(0, code);
        foreach (var name in new[] { "relu", "leaky_relu", "prelu", "elu", "selu", "gelu", "silu", "swish", "tanh",
            "sigmoid", "softplus", "identity" })
            Assert.Contains($"│ {name} ", output);
        Assert.Contains("Spec syntax", output);
    }

    [Theory]
    [InlineData("vnn(basis=functions, fns=[gelu])", "vnn(basis=functions, fns=[gelu]); fused kernel: no")]
    [InlineData("vnn(basis=functions, fns=[relu, tanh], per=layer)",
        "vnn(basis=functions, fns=[relu, tanh]); fused kernel: yes")]
    [InlineData("tmaf(breakpoints=trainable, grid=-5:5:1)", "tmaf(breakpoints=trainable); fused kernel: no")]
    public void ActivationsShowsTheCanonicalSpecAndWhetherItRunsFused(string spec, string expected)
    {
        var (code, output, err) = CliRunner.Run("activations", spec);
        Assert.True(code == 0, err);
        Assert.Contains("canonical spec " + expected, output);
    }

    [Fact]
    public void TrainWritesMetricsThatMatchTheConsole()
    {
        var dir = CliRunner.TempDir();
        var (code, output, err) = CliRunner.Run(
            ["train", "--task", "oscillatory", "--activation", "relu", "--out", dir, .. Quick]);
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")));
        var root = json.RootElement;
        Assert.Equal("oscillatory", root.GetProperty("config").GetProperty("task").GetString());
        Assert.Equal(2, root.GetProperty("epochs").GetArrayLength());
        Assert.Equal(61, root.GetProperty("parameters").GetProperty("total").GetInt64());
        Assert.True(root.GetProperty("wallSeconds").GetDouble() > 0);
        foreach (var metric in new[] { "rmse", "rel_l2", "mse" })
        {
            double value = root.GetProperty("final").GetProperty(metric).GetDouble();
            Assert.Contains($"│ {metric} ", output);
            Assert.Contains(value.ToString("G4", CultureInfo.InvariantCulture), output);
        }
        double lastTestLoss = root.GetProperty("epochs")[1].GetProperty("testLoss").GetDouble();
        Assert.Contains($"test loss {lastTestLoss.ToString("G4", CultureInfo.InvariantCulture)}", output);
    }

    [Fact]
    public void TrainAcceptsOneSpecPerHiddenLayer()
    {
        var (code, output, err) = CliRunner.Run(["train", "--task", "sine", "--dims", "2", "--hidden", "8,6",
            "--activation", "tanh; prelu(per=neuron)", .. Quick]);
        Assert.True(code == 0, err);
        Assert.Contains("layer 1: prelu(per=neuron) [6 neurons]", output);
    }

    [Fact]
    public void CompareRunsEveryActivationAndSeedAndPrintsATable()
    {
        var (code, output, err) = CliRunner.Run(["compare", "--task", "oscillatory", "--activation", "relu",
            "--activation", "swish(per=neuron)", "--seeds", "2", .. Quick]);
        Assert.True(code == 0, err);
        Assert.Contains("[4/4]", output);
        Assert.Contains("swish(per=neuron)", output);
        Assert.Contains("±", output);
    }

    [Theory]
    [InlineData("unknown task 'nope'", "train", "--task", "nope", "--activation", "relu")]
    [InlineData("relux: unknown activation", "train", "--task", "sine", "--activation", "relux")]
    [InlineData("at position 7: expected a parameter name", "train", "--task", "sine", "--activation", "prelu(")]
    [InlineData("swish: parameter 'bta' is unknown", "train", "--task", "sine", "--activation", "swish(bta=1)")]
    [InlineData("epochs must be a positive whole number", "train", "--task", "sine", "--activation", "relu",
        "--epochs", "0")]
    [InlineData("batch size must be a positive whole number", "train", "--task", "sine", "--activation", "relu",
        "--batch", "-3")]
    [InlineData("learning rate must be a positive number", "train", "--task", "sine", "--activation", "relu",
        "--lr", "0")]
    [InlineData("--hidden expects positive whole numbers", "train", "--task", "sine", "--activation", "relu",
        "--hidden", "20,x")]
    [InlineData("Argument 'rmsprop' not recognized", "train", "--task", "sine", "--activation", "relu",
        "--optimizer", "rmsprop")]
    [InlineData("Option '--task' is required", "train", "--activation", "relu")]
    [InlineData("--seeds must be >= 1", "compare", "--task", "sine", "--activation", "relu", "--seeds", "0")]
    public void BadInputIsAOneLineErrorWithExitCode2AndWritesNothing(string message, params string[] args)
    {
        var dir = CliRunner.TempDir();
        var (code, output, err) = CliRunner.Run([.. args, "--out", dir]);
        Assert.Equal(2, code);
        Assert.StartsWith("tact: error: ", err);
        Assert.Contains(message, err);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(dir), "nothing may be written on bad input");
        Assert.DoesNotContain("epoch", output);
    }

    [Fact]
    public void OutPointingAtAFileIsRejected()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "keep me");
        var (code, _, err) = CliRunner.Run(
            ["train", "--task", "sine", "--activation", "relu", "--out", file, .. Quick]);
        Assert.Equal(2, code);
        Assert.Contains("is a file", err);
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public void ExistingResultsAreNotOverwrittenWithoutForce()
    {
        var dir = CliRunner.TempDir();
        Directory.CreateDirectory(dir);
        var metrics = Path.Combine(dir, "metrics.json");
        File.WriteAllText(metrics, "{\"old\": true}");
        var (code, _, err) = CliRunner.Run(["train", "--task", "sine", "--activation", "relu", "--out", dir, .. Quick]);
        Assert.Equal(2, code);
        Assert.Contains("--force", err);
        Assert.Equal("{\"old\": true}", File.ReadAllText(metrics));

        var (forced, _, _) = CliRunner.Run(
            ["train", "--task", "sine", "--activation", "relu", "--out", dir, "--force", .. Quick]);
        Assert.Equal(0, forced);
        Assert.Contains("\"config\"", File.ReadAllText(metrics));
    }
}

public class GradcheckCommandTests
{
    [Theory]
    [InlineData("prelu", "neuron")]
    [InlineData("swish(beta=0.5)", "layer")]
    [InlineData("elu", null)]
    public void PassingActivationsExitZeroAndListEveryTensor(string spec, string? per)
    {
        string[] args = per is null
            ? ["gradcheck", "--activation", spec]
            : ["gradcheck", "--activation", spec, "--per", per, "--perturb", "0.1"];
        var (code, output, err) = CliRunner.Run(args);
        Assert.True(code == 0, err + output);
        Assert.Contains("│ input ", output);
        if (spec != "elu") Assert.Contains("yes", output);
        if (per == "neuron") Assert.Contains("[6 neurons]", output);
    }

    [Theory]
    [InlineData("rank >= 2", "--shape", "8")]
    [InlineData("positive whole numbers", "--shape", "8,x")]
    [InlineData("--perturb must be >= 0", "--perturb", "-1")]
    public void BadOptionsExitTwo(string message, string option, string value)
    {
        var (code, _, err) = CliRunner.Run("gradcheck", "--activation", "relu", option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }
}

public class DataCommandTests
{
    [Fact]
    public void InfoDescribesACsvDirectory()
    {
        var dir = CliRunner.TempDir();
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "data_banknote_authentication.txt"),
            "1.5,2,3,4,0\r\n-1,2.5,0,1,1\r\n3,3,3,3,1");
        var (code, output, err) = CliRunner.Run("data", "info", dir);
        Assert.True(code == 0, err);
        Assert.Contains("csv", output);
        Assert.Contains("data_banknote_authentication.txt", output);
        Assert.Contains("0:1 1:2", output);
    }

    [Fact]
    public void TrainingOnABanknoteFileGivesAccuracyAndF1()
    {
        var dir = CliRunner.TempDir();
        Directory.CreateDirectory(dir);
        // Two separable blobs: the model must learn it.
        var rows = Enumerable.Range(0, 200)
            .Select(i => i % 2 == 0 ? $"{1 + i % 7 * 0.1},1,1,1,0" : $"{-1 - i % 5 * 0.1},-1,-1,-1,1");
        File.WriteAllText(Path.Combine(dir, "data_banknote_authentication.txt"), string.Join("\r\n", rows));
        var (code, output, err) = CliRunner.Run("train", "--task", "banknote", "--data", dir, "--hidden", "10",
            "--activation", "adaact", "--loss", "bce", "--epochs", "30", "--batch", "16", "--lr", "0.05");
        Assert.True(code == 0, err);
        Assert.Contains("│ accuracy   │ 1 ", output);
        Assert.Contains("macro_f1", output);
        Assert.Contains("63 (2 in activations)", output);
    }

    [Theory]
    [InlineData("is not a directory", "data", "info", "/nonexistent/dir")]
    [InlineData("unknown data set 'imagenet'", "data", "fetch", "imagenet", "--to", "/tmp/x")]
    [InlineData("mnist: --data '/nonexistent' does not exist", "train", "--task", "mnist", "--data", "/nonexistent",
        "--activation", "relu")]
    [InlineData("needs a classification task", "train", "--task", "sine", "--activation", "relu", "--loss", "ce")]
    public void BadDataInputIsExitCode2(string message, params string[] args)
    {
        var (code, _, err) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }

    [Fact]
    public void BinaryCrossEntropyOnThreeClassesIsRejected()
    {
        var dir = CliRunner.TempDir();
        Directory.CreateDirectory(dir);
        var rows = Enumerable.Range(0, 15).Select(i => $"{i * 0.1 + 4},3,1,0.2,{i % 3}");
        File.WriteAllText(Path.Combine(dir, "iris.csv"),
            "15,4,setosa,versicolor,virginica\n" + string.Join("\n", rows) + "\n");
        var (code, _, err) = CliRunner.Run("train", "--task", "iris", "--data", dir, "--activation", "relu",
            "--loss", "bce");
        Assert.Equal(2, code);
        Assert.Contains("loss 'bce' needs two classes; iris has 3", err);
    }
}
