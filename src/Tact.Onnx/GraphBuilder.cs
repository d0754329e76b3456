using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace Tact.Onnx;

/// <summary>
/// Collects the nodes and initializers of one ONNX graph, with unique names, and small helpers for the operators
/// the writers use. Every number is stored as float32 (or int64 for indices).
/// </summary>
internal sealed class GraphBuilder
{
    private readonly Dictionary<string, int> _counts = [];
    private readonly Dictionary<float, string> _scalars = [];

    public GraphProto Graph { get; } = new() { Name = "tact" };

    /// <summary>A fresh name starting with <paramref name="hint"/>.</summary>
    public string Fresh(string hint)
    {
        hint = hint.Replace('.', '_');
        int n = _counts.GetValueOrDefault(hint);
        _counts[hint] = n + 1;
        return n == 0 ? hint : $"{hint}_{n}";
    }

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string op, string hint, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var output = Fresh(hint);
        var node = new NodeProto { OpType = op, Name = Fresh("node_" + hint) };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>Shorthand for a node with inputs given as arguments.</summary>
    public string Op(string op, string hint, params string[] inputs) => Node(op, hint, inputs);

    /// <summary>A float32 initializer with the values of <paramref name="t"/>, with its own dims by default.</summary>
    public string Floats(string hint, Tensor t, long[]? dims = null)
    {
        using var scope = NewDisposeScope();
        var values = t.detach().to(float32).cpu().contiguous().data<float>().ToArray();
        return Floats(hint, values, dims ?? t.shape);
    }

    /// <summary>A float32 initializer.</summary>
    public string Floats(string hint, float[] values, long[] dims)
    {
        if (values.Length != dims.Aggregate(1L, (a, b) => a * b))
            throw new InvalidOperationException(
                $"{hint}: {values.Length} values do not fill dims [{string.Join(", ", dims)}]");
        var name = Fresh(hint);
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        proto.Dims.AddRange(dims);
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        proto.RawData = ByteString.CopyFrom(bytes);
        Graph.Initializer.Add(proto);
        return name;
    }

    /// <summary>An int64 initializer.</summary>
    public string Int64s(string hint, long[] values, long[]? dims = null)
    {
        var name = Fresh(hint);
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        proto.Dims.AddRange(dims ?? [values.Length]);
        proto.Int64Data.AddRange(values);
        Graph.Initializer.Add(proto);
        return name;
    }

    /// <summary>A float32 scalar (rank 0), shared between uses of the same value.</summary>
    public string Scalar(double value)
    {
        float f = (float)value;
        if (_scalars.TryGetValue(f, out var name)) return name;
        name = Floats("c", [f], []);
        _scalars[f] = name;
        return name;
    }

    public string Add(string a, string b) => Op("Add", "add", a, b);
    public string Sub(string a, string b) => Op("Sub", "sub", a, b);
    public string Mul(string a, string b) => Op("Mul", "mul", a, b);
    public string Div(string a, string b) => Op("Div", "div", a, b);

    /// <summary>The sum of the terms, left to right as tact adds them.</summary>
    public string Sum(IReadOnlyList<string> terms)
    {
        var sum = terms[0];
        for (int i = 1; i < terms.Count; i++) sum = Add(sum, terms[i]);
        return sum;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Float(string name, double value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value };
}
