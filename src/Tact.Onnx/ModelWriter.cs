using Tact.Models;
using static TorchSharp.torch;

namespace Tact.Onnx;

/// <summary>
/// The zoo models of Tact.Models, whose forward passes are code rather than containers: each is written as its
/// forward method computes, from its registered submodules (the names are the models' field names).
/// </summary>
internal static class ModelWriter
{
    public static Traced? TryWrite(GraphBuilder g, nn.Module module, Traced x, string path) => module switch
    {
        Mlp => WriteMlp(g, module, x, path),
        CnnTable2 => Steps(g, module, x, path,
            "conv1", "act1", Pool2, "conv2", "act2", Pool2, Flat, "dropout", "dense"),
        CnnTable3 => Steps(g, module, x, path,
            "conv1", "act1", Pool2, "lrn1", "conv2", "act2", "lrn2", Pool2, Flat, "dense1", "act3", "dense2", "act4",
            "output"),
        ConvAutoencoder => LayerWriter.Write(g, Child(module, "layers", path), x, path + ".layers"),
        ResNet18 => WriteResNet(g, module, x, path),
        _ when module.GetType().Name == "BasicBlock" && module.GetType().DeclaringType == typeof(ResNet18) =>
            BasicBlock(g, module, x, path),
        _ => null,
    };

    private const string Pool2 = "<max_pool2d(2)>";
    private const string Flat = "<flatten(1)>";

    private static Traced Steps(GraphBuilder g, nn.Module module, Traced x, string path, params string[] steps)
    {
        foreach (var step in steps)
        {
            x = step switch
            {
                Pool2 => LayerWriter.MaxPool(g, x, [2, 2], [2, 2], [0, 0], [1, 1], false, path),
                Flat => LayerWriter.Flatten(g, x),
                _ => LayerWriter.Write(g, Child(module, step, path), x, $"{path}.{step}"),
            };
        }
        return x;
    }

    private static Traced WriteMlp(GraphBuilder g, nn.Module mlp, Traced x, string path)
    {
        if (x.Rank > 2) x = LayerWriter.Flatten(g, x);
        var linears = LayerWriter.Children(Child(mlp, "linears", path)).ToList();
        var activations = LayerWriter.Children(Child(mlp, "activations", path)).ToList();
        for (int i = 0; i < linears.Count; i++)
        {
            x = LayerWriter.Write(g, linears[i].Module, x, $"{path}.linears.{i}");
            if (i < activations.Count) x = LayerWriter.Write(g, activations[i].Module, x, $"{path}.activations.{i}");
        }
        var output = LayerWriter.Children(mlp).FirstOrDefault(c => c.Name == "output").Module;
        return output is null ? x : LayerWriter.Write(g, output, x, path + ".output");
    }

    private static Traced WriteResNet(GraphBuilder g, nn.Module net, Traced x, string path)
    {
        x = Steps(g, net, x, path, "stem", "stemNorm", "stemAct");
        x = LayerWriter.Write(g, Child(net, "blocks", path), x, path + ".blocks");
        // x.mean([2, 3]): the global average over height and width.
        var pooled = g.Op("GlobalAveragePool", "mean_hw", x.Name);
        x = new(g.Node("Flatten", "mean_hw", [pooled], GraphBuilder.Int("axis", 1)), x.Sample.mean([2L, 3L]));
        return LayerWriter.Write(g, Child(net, "fc", path), x, path + ".fc");
    }

    private static Traced BasicBlock(GraphBuilder g, nn.Module block, Traced x, string path)
    {
        var y = Steps(g, block, x, path, "conv1", "bn1", "act1", "conv2", "bn2");
        var shortcut = LayerWriter.Children(block).FirstOrDefault(c => c.Name == "shortcut").Module;
        var skip = shortcut is null ? x : LayerWriter.Write(g, shortcut, x, path + ".shortcut");
        var sum = new Traced(g.Add(y.Name, skip.Name), y.Sample + skip.Sample);
        return LayerWriter.Write(g, Child(block, "act2", path), sum, path + ".act2");
    }

    private static nn.Module Child(nn.Module parent, string name, string path) =>
        LayerWriter.Children(parent).FirstOrDefault(c => c.Name == name).Module
        ?? throw new OnnxExportException($"not exportable: {path} ({parent.GetType().Name}) has no submodule '{name}'");
}
