using System.Buffers.Binary;

namespace Tact.Cli.Tests;

public class ModelOptionTests
{
    /// <summary>A small MNIST-style directory: raw IDX files of random 28x28 images and labels 0..9.</summary>
    private static string TinyMnist(int train = 40, int test = 10)
    {
        var dir = CliRunner.TempDir();
        Directory.CreateDirectory(dir);
        var rng = new Random(3);
        void Write(string name, uint magic, uint[] dims, int payload)
        {
            var bytes = new byte[4 + 4 * dims.Length + payload];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
            for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
            var body = bytes.AsSpan(4 + 4 * dims.Length);
            for (int i = 0; i < body.Length; i++) body[i] = (byte)(magic == 2049 ? rng.Next(10) : rng.Next(256));
            File.WriteAllBytes(Path.Combine(dir, name), bytes);
        }
        Write("train-images-idx3-ubyte", 2051, [(uint)train, 28, 28], train * 784);
        Write("train-labels-idx1-ubyte", 2049, [(uint)train], train);
        Write("t10k-images-idx3-ubyte", 2051, [(uint)test, 28, 28], test * 784);
        Write("t10k-labels-idx1-ubyte", 2049, [(uint)test], test);
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
        var (code, output, err) = CliRunner.Run("train", "--task", "timeseries", "--model", "lstm", "--activation", "psigramp;tanh",
            "--hidden", "8", "--window", "6", "--epochs", "1", "--summary");
        Assert.True(code == 0, err);
        Assert.Contains("LstmLayer", output);
        Assert.Contains("PSigRamp", output);
        Assert.Contains("rel_l2", output);
    }

    [Theory]
    [InlineData("Argument 'vgg' not recognized", "--task", "sine", "--model", "vgg")]
    [InlineData("cnn-t2: expects image inputs", "--task", "sine", "--model", "cnn-t2")]
    [InlineData("lstm: expects sequence inputs", "--task", "oscillatory", "--model", "lstm")]
    [InlineData("cae3 reconstructs its input; use loss mse or sse", "--task", "sine", "--model", "cae3", "--loss", "ce")]
    public void ModelsThatDoNotFitTheTaskAreExitCode2(string message, params string[] args)
    {
        var (code, _, err) = CliRunner.Run(["train", "--activation", "relu", "--epochs", "1", .. args]);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }
}
