using Tact.TestFixtures;

namespace Tact.Cli.Tests;

public class ModelOptionTests
{
    private static string TinyMnist()
    {
        var dir = CliRunner.TempDir();
        Fixtures.Mnist28Directory(dir, train: 40, test: 10);
        return dir;
    }

    [Fact]
    public void SummaryListsTheLayersOfTheChosenModel()
    {
        var (code, output, err) = CliRunner.Run("train", "--task", "mnist", "--data", TinyMnist(), "--model", "cnn-t2",
            "--activation", "tmaf(per=neuron)", "--epochs", "1", "--summary");
        Assert.True(code == 0, err);
        Assert.Contains("cnn-t2 on mnist", output);
        Assert.Contains("[32, 28, 28]", output);
        Assert.Contains("tmaf", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("accuracy", output);
    }

    [Fact]
    public void AutoencodersTrainOnReconstructionAndReportMse()
    {
        var (code, output, err) = CliRunner.Run("train", "--task", "mnist", "--data", TinyMnist(), "--model", "cae1",
            "--activation", "pe2relu", "--epochs", "2", "--batch", "8");
        Assert.True(code == 0, err);
        Assert.Contains("mse", output);
        Assert.DoesNotContain("accuracy", output);
        // The paper's tanh output layer of CAE1 is reported with the hidden activations.
        Assert.Contains("tanh", output);
    }

    [Fact]
    public void TheLstmForecasterTakesGateAndCellSpecs()
    {
        var (code, output, err) = CliRunner.Run("train", "--task", "timeseries", "--model", "lstm",
            "--activation", "psigramp;tanh", "--hidden", "8", "--window", "6", "--epochs", "1", "--summary");
        Assert.True(code == 0, err);
        Assert.Contains("LstmLayer", output);
        Assert.Contains("PSigRamp", output);
        Assert.Contains("rel_l2", output);
    }

    [Theory]
    [InlineData("Argument 'vgg' not recognized", "--task", "sine", "--model", "vgg")]
    [InlineData("cnn-t2: expects image inputs", "--task", "sine", "--model", "cnn-t2")]
    [InlineData("lstm: expects sequence inputs", "--task", "oscillatory", "--model", "lstm")]
    [InlineData("cae3 reconstructs its input; use loss mse or sse", "--task", "sine", "--model", "cae3",
        "--loss", "ce")]
    public void ModelsThatDoNotFitTheTaskAreExitCode2(string message, params string[] args)
    {
        var (code, _, err) = CliRunner.Run(["train", "--activation", "relu", "--epochs", "1", .. args]);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }
}
