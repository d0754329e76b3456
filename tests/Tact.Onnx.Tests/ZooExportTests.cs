using Tact.Models;
using static TorchSharp.torch;

namespace Tact.Onnx.Tests;

/// <summary>The zoo models with trainable activations: ONNX Runtime agrees with TorchSharp (evaluation mode).</summary>
public class ZooExportTests
{
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData("cnn-t2", new long[] { 1, 28, 28 }, "tmaf(per=neuron); wsgaf(per=neuron)")]
    [InlineData("cnn-t3", new long[] { 3, 32, 32 }, "pe2relu(per=neuron); tmaf3(per=neuron); vnn(per=neuron); adaact")]
    [InlineData("cae1", new long[] { 1, 28, 28 }, "psigramp(per=neuron); pe3relu")]
    [InlineData("cae2", new long[] { 1, 28, 28 }, "pe2id(per=neuron); tmaf(per=layer); prelu(per=neuron); swish")]
    [InlineData("cae3", new long[] { 3, 32, 32 },
        "tmaf(per=neuron); pe2relu; wsgaf(per=neuron); vnn(basis=gaussian); tmaf3")]
    // TMAF's jumps at its breakpoints would turn the last-bit differences between libtorch's and ONNX Runtime's
    // convolutions into jumps, wherever one of ResNet's million activation inputs lies that close to a breakpoint;
    // the test takes continuous trainable activations there (TMAF is checked above and at its breakpoints).
    [InlineData("resnet18", new long[] { 3, 16, 16 }, "wsgaf(per=neuron)")]
    public void ZooModelRunsTheSameInOnnxRuntime(string name, long[] shape, string specs)
    {
        manual_seed(6);
        var request = new ModelRequest(shape, 10, [], specs.Split(';').Select(s => s.Trim()).ToList());
        var model = ModelCatalog.Create(name, request);
        OnnxRun.Perturb(model, scale: 0.05);
        OnnxRun.CalibrateBatchNorms(model, shape);
        using var input = randn([3, .. shape]);
        Assert.InRange(OnnxRun.MaxDifference(model, shape, input), 0, Tolerance);
    }

    [Fact]
    public void TheBatchDimensionIsDynamic()
    {
        manual_seed(7);
        var model = ModelCatalog.Create("cnn-t2", new ModelRequest([1, 28, 28], 10, [], ["tmaf(per=neuron)"]));
        OnnxRun.Perturb(model, scale: 0.05);
        foreach (int batch in new[] { 1, 2, 9 })
        {
            using var input = randn(batch, 1, 28, 28);
            Assert.InRange(OnnxRun.MaxDifference(model, [1, 28, 28], input), 0, Tolerance);
        }
    }
}
