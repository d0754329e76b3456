using Tact.Activations;
using Tact.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Onnx;

/// <summary>
/// Writes one module of a network: TorchSharp's layers, containers, tact activations and the tact zoo models.
/// Each writer also runs the module on the traced sample, so that the next one knows the shape it receives.
/// </summary>
internal static class LayerWriter
{
    public static Traced Write(GraphBuilder g, nn.Module module, Traced x, string path)
    {
        switch (module)
        {
            case ActivationModule a:
                return ActivationWriter.Write(g, a, x, path);
            case Linear l:
                return Linear(g, l, x, path);
            case Conv2d c:
                return Convolution(g, c, "Conv", x, path);
            case ConvTranspose2d c:
                return Convolution(g, c, "ConvTranspose", x, path);
            case MaxPool2d p:
                return MaxPool(g, x, p.kernel_size, p.stride ?? p.kernel_size, p.padding ?? [0, 0],
                    p.dilation ?? [1, 1], p.ceil_mode, path);
            case BatchNorm2d b:
                return BatchNorm(g, b, x, path);
            case LocalResponseNorm n:
                return new(g.Node("LRN", "lrn", [x.Name],
                    GraphBuilder.Int("size", n.size), GraphBuilder.Float("alpha", n.alpha),
                    GraphBuilder.Float("beta", n.beta), GraphBuilder.Float("bias", n.k)), n.call(x.Sample));
            case Dropout or Identity:
                return x;
            case Flatten f when f.start_dim == 1 && f.end_dim == -1:
                return Flatten(g, x);
            case Sequential:
            case not null when module.GetType() is { IsGenericType: true } type &&
                               type.GetGenericTypeDefinition() == typeof(ModuleList<>):
                return Children(module).Aggregate(x, (v, child) => Write(g, child.Module, v, $"{path}.{child.Name}"));
            case LstmForecaster or LstmLayer:
                throw ActivationWriter.NotExportable(path, module,
                    "the LSTM runs its own cell step by step over time, which would need an ONNX Loop or Scan graph " +
                    "that tact's exporter does not write");
            default:
                return ModelWriter.TryWrite(g, module!, x, path)
                    ?? throw ActivationWriter.NotExportable(path, module!,
                        $"{module!.GetType().Name} has no ONNX form in tact's exporter");
        }
    }

    /// <summary>Runs <paramref name="module"/> on the sample: the traced value of what its nodes compute.</summary>
    public static Tensor Run(nn.Module module, Tensor sample) => ((nn.Module<Tensor, Tensor>)module).call(sample);

    public static IEnumerable<(string Name, nn.Module Module)> Children(nn.Module module) =>
        module.named_children().Select(c => (c.name, c.module));

    public static Traced Flatten(GraphBuilder g, Traced x) =>
        new(g.Node("Flatten", "flatten", [x.Name], GraphBuilder.Int("axis", 1)), x.Sample.flatten(1));

    public static Traced MaxPool(GraphBuilder g, Traced x, long[] kernel, long[] stride, long[] padding,
        long[] dilation, bool ceil, string path)
    {
        var y = g.Node("MaxPool", "maxpool", [x.Name], GraphBuilder.Ints("kernel_shape", kernel),
            GraphBuilder.Ints("strides", stride), GraphBuilder.Ints("pads", [.. padding, .. padding]),
            GraphBuilder.Ints("dilations", dilation), GraphBuilder.Int("ceil_mode", ceil ? 1 : 0));
        return new(y, nn.functional.max_pool2d(x.Sample, kernel, stride, padding, dilation, ceil));
    }

    private static Traced Linear(GraphBuilder g, Linear l, Traced x, string path)
    {
        var weight = g.Floats(path + ".weight", l.weight!);
        string y;
        if (x.Rank == 2)
        {
            string[] inputs = l.bias is null ? [x.Name, weight] : [x.Name, weight, g.Floats(path + ".bias", l.bias)];
            y = g.Node("Gemm", "linear", inputs, GraphBuilder.Int("transB", 1));
        }
        else
        {
            y = g.Op("MatMul", "linear", x.Name, g.Op("Transpose", "weight_t", weight));
            if (l.bias is not null) y = g.Add(y, g.Floats(path + ".bias", l.bias));
        }
        return new(y, l.call(x.Sample));
    }

    private static Traced Convolution(GraphBuilder g, Convolution c, string op, Traced x, string path)
    {
        if (c.padding_mode != TorchSharp.PaddingModes.Zeros)
            throw ActivationWriter.NotExportable(path, c, $"padding mode {c.padding_mode} is not written, only zeros");
        var pads = Pads(c, path);
        var attributes = new List<global::Onnx.AttributeProto>
        {
            GraphBuilder.Ints("kernel_shape", c.kernel_size), GraphBuilder.Ints("strides", c.stride),
            GraphBuilder.Ints("pads", [.. pads, .. pads]), GraphBuilder.Ints("dilations", c.dilation),
            GraphBuilder.Int("group", c.groups),
        };
        if (op == "ConvTranspose" && c.output_padding is { } extra && extra.Any(e => e != 0))
            attributes.Add(GraphBuilder.Ints("output_padding", extra));
        var inputs = new List<string> { x.Name, g.Floats(path + ".weight", c.weight!) };
        if (c.bias is not null) inputs.Add(g.Floats(path + ".bias", c.bias));
        return new(g.Node(op, op == "Conv" ? "conv" : "conv_transpose", inputs, [.. attributes]), Run(c, x.Sample));
    }

    private static long[] Pads(Convolution c, string path)
    {
        if (c.padding is { } p) return p;
        if (c.padding_type == TorchSharp.Padding.Valid) return new long[c.kernel_size.Length];
        throw ActivationWriter.NotExportable(path, c, "padding 'same' is not written; give explicit padding");
    }

    private static Traced BatchNorm(GraphBuilder g, BatchNorm2d b, Traced x, string path)
    {
        if (b.running_mean is null || b.running_var is null)
            throw ActivationWriter.NotExportable(path, b, "batch norm without running statistics depends on the batch");
        long n = b.num_features;
        var scale = b.weight is null ? g.Floats(path + ".weight", Enumerable.Repeat(1f, (int)n).ToArray(), [n])
            : g.Floats(path + ".weight", b.weight);
        var shift = b.bias is null ? g.Floats(path + ".bias", new float[n], [n]) : g.Floats(path + ".bias", b.bias);
        var y = g.Node("BatchNormalization", "batchnorm",
            [x.Name, scale, shift, g.Floats(path + ".running_mean", b.running_mean),
             g.Floats(path + ".running_var", b.running_var)],
            GraphBuilder.Float("epsilon", b.eps));
        return new(y, b.call(x.Sample));
    }
}
