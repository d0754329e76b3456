using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tact.Onnx;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace Tact.Onnx.Tests;

/// <summary>Exports a model, runs the file in ONNX Runtime and compares with TorchSharp.</summary>
internal static class OnnxRun
{
    /// <summary>The output ONNX Runtime computes for <paramref name="input"/> (float32, any batch size).</summary>
    public static Tensor Run(string file, Tensor input)
    {
        using var session = new InferenceSession(file);
        var data = input.to(float32).contiguous().data<float>().ToArray();
        var dims = input.shape.Select(d => (int)d).ToArray();
        var feed = new[]
        {
            NamedOnnxValue.CreateFromTensor(OnnxExporter.InputName, new DenseTensor<float>(data, dims)),
        };
        using var results = session.Run(feed);
        var output = results.Single().AsTensor<float>();
        return tensor(output.ToArray(), output.Dimensions.ToArray().Select(d => (long)d).ToArray());
    }

    /// <summary>Max |ONNX Runtime - TorchSharp| over <paramref name="input"/>, the model in evaluation mode.</summary>
    public static double MaxDifference(nn.Module<Tensor, Tensor> model, long[] inputShape, Tensor input)
    {
        var file = Path.Combine(Path.GetTempPath(), $"tact-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExporter.Save(model, inputShape, file);
            model.eval();
            using var _ = no_grad();
            using var expected = model.call(input);
            using var actual = Run(file, input);
            Assert.Equal(expected.shape, actual.shape);
            return (expected.to(float32) - actual).abs().max().item<float>();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Moves every parameter away from its initial value: no test passes on an initial identity.</summary>
    public static void Perturb(nn.Module model, double scale = 0.3)
    {
        using var _ = no_grad();
        foreach (var p in model.parameters()) p.add_(randn_like(p) * scale);
    }

    /// <summary>
    /// Running statistics of one training pass on inputs like the test's, as training leaves them: without them the
    /// perturbed network's outputs grow to hundreds, where float32 rounding alone exceeds the tolerance.
    /// </summary>
    public static void CalibrateBatchNorms(nn.Module<Tensor, Tensor> model, long[] shape)
    {
        var norms = model.modules().OfType<TorchSharp.Modules.BatchNorm2d>().ToList();
        if (norms.Count == 0) return;
        norms.ForEach(n => n.momentum = 1.0);
        model.train();
        using (no_grad())
        using (var x = randn([16, .. shape]))
            model.call(x).Dispose();
        model.eval();
    }
}
