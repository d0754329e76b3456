using static TorchSharp.torch;

namespace Tact.Checkpoints.Safetensors;

/// <summary>The safetensors dtype names and the TorchSharp element types they stand for.</summary>
public static class SafetensorsDType
{
    private static readonly (string Name, ScalarType Type, int Size)[] Table =
    [
        ("F64", ScalarType.Float64, 8), ("F32", ScalarType.Float32, 4), ("F16", ScalarType.Float16, 2),
        ("BF16", ScalarType.BFloat16, 2), ("I64", ScalarType.Int64, 8), ("I32", ScalarType.Int32, 4),
        ("I16", ScalarType.Int16, 2), ("I8", ScalarType.Int8, 1), ("U8", ScalarType.Byte, 1),
        ("BOOL", ScalarType.Bool, 1),
    ];

    /// <summary>The safetensors name of <paramref name="type"/>, e.g. <c>F32</c>.</summary>
    public static string NameOf(ScalarType type) =>
        Table.FirstOrDefault(t => t.Type == type).Name
        ?? throw new ArgumentException($"safetensors cannot hold {type} tensors");

    /// <summary>
    /// The element type and its size in bytes for a safetensors name, or null when the name is unknown.
    /// </summary>
    public static (ScalarType Type, int Size)? Find(string name) =>
        Table.FirstOrDefault(t => t.Name == name) is { Name: not null } row ? (row.Type, row.Size) : null;
}
