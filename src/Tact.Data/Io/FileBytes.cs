using System.IO.Compression;

namespace Tact.Data.Io;

/// <summary>Reads whole files into memory once, inflating gzip transparently (detected by its magic bytes).</summary>
public static class FileBytes
{
    /// <summary>True when <paramref name="head"/> starts with the gzip magic <c>1f 8b</c>.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b;

    /// <summary>
    /// The file's content; a gzip file is decompressed. A truncated or corrupt gzip stream throws
    /// <see cref="DataFormatException"/> naming the file.
    /// </summary>
    public static byte[] ReadMaybeGzip(string path)
    {
        var raw = Read(path);
        if (!IsGzip(raw)) return raw;
        try
        {
            using var input = new MemoryStream(raw, writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            // The gzip trailer holds the uncompressed size modulo 2^32: a good first guess for the buffer, so the
            // payload is written once without regrowing. Deflate cannot expand more than 1032:1, which bounds a
            // corrupt trailer's claim.
            long expected = raw.Length >= 18 ? BitConverter.ToUInt32(raw, raw.Length - 4) : 0u;
            expected = Math.Min(expected, Math.Min(1032L * raw.Length, Array.MaxLength));
            using var output = new MemoryStream(expected > 0 ? (int)expected : raw.Length * 4);
            gzip.CopyTo(output);
            var bytes = output.GetBuffer();
            return bytes.Length == output.Length ? bytes : output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, "gzip stream", $"corrupt or truncated gzip data ({e.Message})", e);
        }
        catch (EndOfStreamException e)
        {
            throw new DataFormatException(path, "gzip stream", "truncated gzip data", e);
        }
    }

    /// <summary>The raw bytes of a file; a missing file throws <see cref="FileNotFoundException"/> naming it.</summary>
    public static byte[] Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"data file not found: {path}", path);
        return File.ReadAllBytes(path);
    }

    /// <summary>Big-endian 32-bit unsigned integer at <paramref name="offset"/>.</summary>
    public static uint BigEndianUInt32(byte[] bytes, int offset) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset, 4));
}
