using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Tact.Cli.Tests;

/// <summary><c>tact export FILE --onnx OUT</c>: ONNX Runtime on the file gives what <c>predict</c> gives.</summary>
public class ExportCommandTests
{
    private static string Train(string dir, string task, string model, string activation, params string[] extra)
    {
        var path = Path.Combine(dir, "model.safetensors");
        var (code, _, err) = CliRunner.Run(["train", "--task", task, "--model", model, "--activation", activation,
            "--save", path, "--out", dir, "--force", "--train-size", "200", "--test-size", "40", "--epochs", "1",
            .. extra]);
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
