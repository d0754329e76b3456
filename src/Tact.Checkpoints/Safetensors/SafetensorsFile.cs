using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Tact.Checkpoints.Safetensors;

/// <summary>
/// The safetensors framing (huggingface.co/docs/safetensors): an 8-byte little-endian header length, a JSON header
/// naming every tensor's dtype, shape and byte range, an optional <c>__metadata__</c> map of strings, then the raw
/// little-endian tensor bytes. Written here rather than through TorchSharp.PyBridge because PyBridge's
/// <c>Safetensors.SaveStateDict</c> takes no metadata and its reader skips <c>__metadata__</c>, and the description
/// is the point of a tact checkpoint.
/// </summary>
public static class SafetensorsFile
{
    /// <summary>The key of the string map safetensors reserves for free-form metadata.</summary>
    public const string MetadataKey = "__metadata__";

    // A header larger than this is not a model description but a corrupt length field.
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>
    /// Writes <paramref name="tensors"/> (in the order given) and <paramref name="metadata"/> to
    /// <paramref name="stream"/>. Tensors are copied to contiguous CPU memory first; names must be unique.
    /// </summary>
    public static void Write(Stream stream, IReadOnlyList<KeyValuePair<string, Tensor>> tensors,
        IReadOnlyDictionary<string, string> metadata)
    {
        using var scope = NewDisposeScope();
        var header = new JsonObject();
        if (metadata.Count > 0)
        {
            var map = new JsonObject();
            foreach (var (key, value) in metadata) map[key] = value;
            header[MetadataKey] = map;
        }
        var payload = new List<Tensor>();
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            if (name == MetadataKey || header.ContainsKey(name))
                throw new ArgumentException($"tensor name '{name}' is reserved or used twice");
            var t = tensor.detach().cpu().contiguous();
            long bytes = t.numel() * t.ElementSize;
            header[name] = new JsonObject
            {
                ["dtype"] = SafetensorsDType.NameOf(t.dtype),
                ["shape"] = new JsonArray(t.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
            payload.Add(t);
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        // Pad the header with spaces so the data starts 8-byte aligned, as the format recommends.
        int padded = (json.Length + 7) / 8 * 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var t in payload) stream.Write(t.bytes);
    }

    /// <summary>
    /// Reads a whole file. Every problem (truncated file, corrupt header, unknown dtype, byte range that does not fit
    /// the shape or the file) is a <see cref="CheckpointException"/> naming <paramref name="path"/> and the tensor.
    /// </summary>
    public static SafetensorsContent Read(string path)
    {
        var header = ReadHeader(path, out long dataStart, out long fileLength);
        var entries = Entries(path, header, fileLength - dataStart);
        var tensors = new List<KeyValuePair<string, Tensor>>();
        try
        {
            using var file = File.OpenRead(path);
            foreach (var (name, type, shape, begin, end) in entries)
            {
                var t = empty(shape, type);
                tensors.Add(new(name, t));
                file.Position = dataStart + begin;
                file.ReadExactly(t.bytes[..checked((int)(end - begin))]);
            }
        }
        catch
        {
            foreach (var (_, t) in tensors) t.Dispose();
            throw;
        }
        return new SafetensorsContent(Metadata(path, header), tensors);
    }

    /// <summary>Reads only the <c>__metadata__</c> map (and checks the header), without the tensor data.</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        var header = ReadHeader(path, out long dataStart, out long fileLength);
        Entries(path, header, fileLength - dataStart);
        return Metadata(path, header);
    }

    private static JsonObject ReadHeader(string path, out long dataStart, out long fileLength)
    {
        try
        {
            using var file = File.OpenRead(path);
            fileLength = file.Length;
            Span<byte> length = stackalloc byte[8];
            if (file.Length < 8) throw Bad(path, $"{file.Length} bytes is too short for a safetensors file");
            file.ReadExactly(length);
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(length);
            if (size > MaxHeaderBytes || (long)size > file.Length - 8)
                throw Bad(path, $"header length {size} does not fit the file of {file.Length} bytes " +
                    "(truncated or not safetensors)");
            var json = new byte[size];
            file.ReadExactly(json);
            dataStart = 8 + (long)size;
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(json);
            }
            catch (JsonException e)
            {
                throw Bad(path, $"the header is not valid JSON ({e.Message.Split('.')[0]})");
            }
            return node as JsonObject ?? throw Bad(path, "the header is not a JSON object");
        }
        catch (IOException e) when (e is not EndOfStreamException)
        {
            throw new CheckpointException($"{path}: cannot read ({e.Message})", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CheckpointException($"{path}: cannot read ({e.Message})", e);
        }
    }

    private static List<(string Name, ScalarType Type, long[] Shape, long Begin, long End)> Entries(string path,
        JsonObject header, long dataLength)
    {
        var entries = new List<(string, ScalarType, long[], long, long)>();
        foreach (var (name, node) in header)
        {
            if (name == MetadataKey) continue;
            try
            {
                var dtype = node!["dtype"]!.GetValue<string>();
                var (type, size) = SafetensorsDType.Find(dtype)
                    ?? throw Bad(path, $"tensor '{name}' has unknown dtype '{dtype}'");
                var shape = node["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
                var offsets = node["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
                if (shape.Any(d => d < 0)) throw Bad(path, $"tensor '{name}' has a negative dimension");
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                    throw Bad(path, $"tensor '{name}' has invalid data_offsets");
                long expected = shape.Aggregate(1L, (a, b) => checked(a * b)) * size;
                if (offsets[1] - offsets[0] != expected)
                    throw Bad(path, $"tensor '{name}' spans {offsets[1] - offsets[0]} bytes, its shape " +
                        $"[{string.Join(", ", shape)}] of {dtype} needs {expected}");
                if (offsets[1] > dataLength)
                    throw Bad(path, $"tensor '{name}' ends at byte {offsets[1]} of the data, which has only " +
                        $"{dataLength} (truncated file)");
                entries.Add((name, type, shape, offsets[0], offsets[1]));
            }
            catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException
                or OverflowException or JsonException)
            {
                throw Bad(path, $"tensor '{name}' has a malformed header entry (needs dtype, shape and data_offsets)");
            }
        }
        return entries;
    }

    private static Dictionary<string, string> Metadata(string path, JsonObject header)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (header[MetadataKey] is not { } node) return result;
        if (node is not JsonObject map) throw Bad(path, $"{MetadataKey} is not a JSON object");
        foreach (var (key, value) in map)
        {
            if (value is not JsonValue v || !v.TryGetValue<string>(out var text))
                throw Bad(path, $"{MetadataKey}.{key} is not a string");
            result[key] = text;
        }
        return result;
    }

    private static CheckpointException Bad(string path, string message) => new($"{path}: {message}");
}
