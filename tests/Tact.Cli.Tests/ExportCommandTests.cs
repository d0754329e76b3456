using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tact.TestFixtures;

namespace Tact.Cli.Tests;

/// <summary><c>tact export FILE --onnx OUT</c>: ONNX Runtime on the file gives what <c>predict</c> gives.</summary>
public class ExportCommandTests
{
    private static string Train(string dir, string task, string model, string activation, params string[] extra)
    {
        var path = Path.Combine(dir, "model.safetensors");
        string[] sizes = extra.Contains("--train-size") ? [] : ["--train-size", "200", "--test-size", "40"];
        var (code, _, err) = CliRunner.Run(["train", "--task", task, "--model", model, "--activation", activation,
            "--save", path, "--out", dir, "--force", "--epochs", "1", .. sizes, .. extra]);
        Assert.True(code == 0, err);
        return path;
    }

    [Theory]
    [InlineData("tmaf(per=neuron)")]
    [InlineData("tmaf3(per=neuron)")]
    [InlineData("vnn(basis=chebyshev, per=neuron)")]
    public void OnnxRuntimeOnTheExportGivesThePredictions(string activation)
    {
        var dir = CliRunner.TempDir();
        var path = Train(dir, "oscillatory", "mlp", activation, "--hidden", "8,6");
        var onnx = Path.Combine(dir, "model.onnx");
        var (code, output, err) = CliRunner.Run("export", path, "--onnx", onnx);
        Assert.True(code == 0, err);
        Assert.Contains("opset 17", output);

        float[] xs = [-0.93f, -0.5f, -0.25f, 0f, 0.1f, 0.3f, 0.75f, 1f];
        var csv = Path.Combine(dir, "x.csv");
        File.WriteAllLines(csv, ["x", .. xs.Select(x => x.ToString("R", CultureInfo.InvariantCulture))]);
        (code, output, err) = CliRunner.Run("predict", path, "--input", csv);
        Assert.True(code == 0, err);
        var predicted = output.Trim().Split('\n').Skip(1).Select(l => double.Parse(l, CultureInfo.InvariantCulture));

        using var session = new InferenceSession(onnx);
        var input = NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(xs, [xs.Length, 1]));
        using var results = session.Run([input]);
        var fromOnnx = results.Single().AsTensor<float>().ToArray();
        Assert.Equal(xs.Length, fromOnnx.Length);
        foreach (var (a, b) in predicted.Zip(fromOnnx)) Assert.InRange(Math.Abs(a - b), 0, 1e-5);

        var description = session.ModelMetadata.CustomMetadataMap["tact.description"];
        using var json = JsonDocument.Parse(description);
        Assert.Equal("mlp", json.RootElement.GetProperty("model").GetProperty("name").GetString());
    }

    // Every zoo model ONNX can express, trained briefly on generated data in the real format, with a mix of trainable
    // activations: ONNX Runtime on the exported file gives the numbers `tact predict` prints for the same samples
    // (class probabilities, or the reconstruction). ResNet-18 takes a continuous activation: TMAF's jumps would turn
    // the last-bit differences between libtorch's and ONNX Runtime's convolutions into jumps (README, Export).
    [Theory]
    [InlineData("mnist", "mlp", "tmaf3(per=neuron); pe2relu(per=neuron)", new long[] { 1, 28, 28 })]
    [InlineData("mnist", "cnn-t2", "tmaf(per=neuron); wsgaf(per=neuron)", new long[] { 1, 28, 28 })]
    [InlineData("cifar10", "cnn-t3", "pe2relu(per=neuron); tmaf3(per=neuron); vnn(per=neuron); adaact",
        new long[] { 3, 32, 32 })]
    [InlineData("mnist", "cae1", "psigramp(per=neuron); pe3relu", new long[] { 1, 28, 28 })]
    [InlineData("mnist", "cae2", "pe2id(per=neuron); tmaf(per=layer); prelu(per=neuron); swish",
        new long[] { 1, 28, 28 })]
    [InlineData("cifar10", "cae3", "tmaf(per=neuron); pe2relu; wsgaf(per=neuron); vnn(basis=gaussian); tmaf3",
        new long[] { 3, 32, 32 })]
    [InlineData("cifar10", "resnet18", "wsgaf(per=neuron)", new long[] { 3, 32, 32 })]
    public void EveryExportableZooModelGivesInOnnxRuntimeWhatPredictGives(string task, string model, string activation,
        long[] shape)
    {
        var dir = CliRunner.TempDir();
        var data = Path.Combine(dir, task);
        if (task == "cifar10")
        {
            Directory.CreateDirectory(data);
            Fixtures.CifarDirectory(data, perBatch: 12);
        }
        else
        {
            Fixtures.Mnist28Directory(data, train: 60, test: 10);
        }
        string[] mlp = model == "mlp" ? ["--hidden", "12,8"] : [];
        var path = Train(dir, task, model, activation,
            ["--data", data, "--batch", "20", "--train-size", "60", "--test-size", "10", .. mlp]);
        var onnx = Path.Combine(dir, "model.onnx");
        var (code, _, err) = CliRunner.Run("export", path, "--onnx", onnx);
        Assert.True(code == 0, err);

        // Samples as the readers yield them (pixels in [0, 1]), four rows of a CSV.
        int features = (int)shape.Aggregate(1L, (a, b) => a * b), rows = 4;
        var random = new Random(3);
        var x = Enumerable.Range(0, rows * features).Select(_ => (float)random.NextDouble()).ToArray();
        var csv = Path.Combine(dir, "x.csv");
        File.WriteAllLines(csv, Enumerable.Range(0, rows).Select(i => string.Join(",",
            x.Skip(i * features).Take(features).Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
        (code, var output, err) = CliRunner.Run("predict", path, "--input", csv);
        Assert.True(code == 0, err);
        var lines = output.Trim().Split('\n');
        bool classifier = lines[0].StartsWith("class,", StringComparison.Ordinal);
        Assert.Equal(!Models.ModelCatalog.IsAutoencoder(model), classifier);
        var predicted = lines.Skip(1)
            .Select(l => l.Split(',').Skip(classifier ? 1 : 0)
                .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();

        using var session = new InferenceSession(onnx);
        int[] dims = [rows, .. shape.Select(d => (int)d)];
        var input = NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(x, dims));
        using var results = session.Run([input]);
        var y = results.Single().AsTensor<float>().ToArray();
        int width = y.Length / rows;
        Assert.Equal(predicted[0].Length, width);
        for (int i = 0; i < rows; i++)
        {
            var row = y.AsSpan(i * width, width).ToArray().Select(v => (double)v).ToArray();
            var expected = classifier ? Softmax(row) : row;
            for (int j = 0; j < width; j++) Assert.InRange(Math.Abs(predicted[i][j] - expected[j]), 0, 1e-5);
        }
    }

    private static double[] Softmax(double[] logits)
    {
        double max = logits.Max();
        var e = logits.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    [Fact]
    public void BadInputIsRefusedWithNothingWritten()
    {
        var dir = Directory.CreateDirectory(CliRunner.TempDir()).FullName;
        var onnx = Path.Combine(dir, "out.onnx");
        var missing = Path.Combine(dir, "missing.safetensors");
        var (code, _, err) = CliRunner.Run("export", missing, "--onnx", onnx);
        Assert.Equal(2, code);
        Assert.Contains("missing.safetensors", err);
        Assert.False(File.Exists(onnx));

        var path = Train(dir, "timeseries", "lstm", "sigmoid;tanh", "--hidden", "4", "--window", "6");
        (code, _, err) = CliRunner.Run("export", path, "--onnx", onnx);
        Assert.Equal(2, code);
        Assert.Contains("not exportable: LstmForecaster", err);
        Assert.False(File.Exists(onnx));

        (code, _, err) = CliRunner.Run("export", path, "--onnx", Path.Combine(dir, "no", "such", "out.onnx"));
        Assert.Equal(2, code);
        Assert.Contains("does not exist", err);
    }
}
