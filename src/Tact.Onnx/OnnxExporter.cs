using System.Reflection;
using Google.Protobuf;
using Onnx;
using Tact.Activations;
using static TorchSharp.torch;

namespace Tact.Onnx;

/// <summary>
/// Exports a live TorchSharp network (a <c>Sequential</c> of TorchSharp layers and tact activations, or a tact zoo
/// model: mlp, cnn-t2, cnn-t3, cae1-3, resnet18) to ONNX, opset <see cref="Opset"/>. Every tact activation is
/// written in standard ONNX operators with its learned numbers as initializers; the batch dimension is dynamic;
/// the model is written as in evaluation mode (dropout off, batch norm on its running statistics).
/// <code>
/// OnnxExporter.Save(model, inputShape: [1, 28, 28], "model.onnx",
///     new Dictionary&lt;string, string&gt; { ["classes"] = "0,1,2,3,4,5,6,7,8,9" });
/// </code>
/// A module without an ONNX form (the LSTM, an unknown layer) is rejected with an <see cref="OnnxExportException"/>
/// that names it by its path, before anything is written.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the exported graphs use.</summary>
    public const int Opset = 17;

    /// <summary>Name of the graph's input, [batch, ...inputShape] float32.</summary>
    public const string InputName = "input";

    /// <summary>Name of the graph's output.</summary>
    public const string OutputName = "output";

    /// <summary>Prefix of the metadata keys the exporter writes itself.</summary>
    public const string MetadataPrefix = "tact.";

    /// <summary>
    /// The ONNX model of <paramref name="model"/> for inputs [batch, ...<paramref name="inputShape"/>], with
    /// <paramref name="metadata"/> (e.g. the model description: specs, classes, preprocessing) in its metadata.
    /// The model's training mode and activation monitors are restored afterwards.
    /// </summary>
    public static ModelProto ToModel(nn.Module<Tensor, Tensor> model, long[] inputShape,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (inputShape.Length == 0 || inputShape.Any(d => d < 1))
            throw new ArgumentException(
                $"input shape must be one or more sizes >= 1, got [{string.Join(", ", inputShape)}]");
        bool training = model.training;
        var activations = model.modules().OfType<ActivationModule>().ToList();
        var monitors = activations.Select(a => a.Monitor.Enabled).ToList();
        try
        {
            model.eval();
            activations.ForEach(a => a.Monitor.Enabled = false);
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var dtype = model.parameters().FirstOrDefault()?.dtype ?? float32;
            var g = new GraphBuilder();
            var sample = zeros([1, .. inputShape], dtype);
            var output = LayerWriter.Write(g, model, new Traced(InputName, sample), model.GetType().Name);
            g.Graph.Node.Add(new NodeProto
            {
                OpType = "Identity",
                Name = "node_output",
                Input = { output.Name },
                Output = { OutputName },
            });
            g.Graph.Input.Add(ValueInfo(InputName, inputShape));
            g.Graph.Output.Add(ValueInfo(OutputName, output.Sample.shape[1..]));
            return Model(g.Graph, model, inputShape, metadata);
        }
        finally
        {
            for (int i = 0; i < activations.Count; i++) activations[i].Monitor.Enabled = monitors[i];
            model.train(training);
        }
    }

    /// <summary>
    /// Writes <see cref="ToModel"/>'s result to <paramref name="path"/>. Nothing is written when the model cannot be
    /// exported or the folder does not exist; the file appears whole or not at all.
    /// </summary>
    public static void Save(nn.Module<Tensor, Tensor> model, long[] inputShape, string path,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
            throw new OnnxExportException($"cannot write {path}: folder {folder} does not exist");
        if (Directory.Exists(full)) throw new OnnxExportException($"cannot write {path}: it is a folder");
        var bytes = ToModel(model, inputShape, metadata).ToByteArray();
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new OnnxExportException($"cannot write {path}: {e.Message}");
        }
    }

    private static ModelProto Model(GraphProto graph, nn.Module model, long[] inputShape,
        IReadOnlyDictionary<string, string>? metadata)
    {
        var proto = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "tact",
            ProducerVersion = typeof(OnnxExporter).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        var entries = new List<KeyValuePair<string, string>>
        {
            new(MetadataPrefix + "input_shape", string.Join(",", inputShape)),
            new(MetadataPrefix + "activations", string.Join("; ", model.named_modules()
                .Where(m => m.module is ActivationModule)
                .Select(m => $"{m.name}={((ActivationModule)m.module).Spec}"))),
        };
        entries.AddRange(metadata ?? new Dictionary<string, string>());
        foreach (var (key, value) in entries)
            proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return proto;
    }

    private static ValueInfoProto ValueInfo(string name, long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor
                {
                    ElemType = (int)TensorProto.Types.DataType.Float,
                    Shape = shape,
                },
            },
        };
    }
}
