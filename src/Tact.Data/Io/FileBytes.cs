using System.IO.Compression;

namespace Tact.Data.Io;

/// <summary>Reads whole files into memory once, inflating gzip transparently (detected by its magic bytes).</summary>
public static class FileBytes
{
    /// <summary>True when <paramref name="head"/> starts with the gzip magic <c>1f 8b</c>.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b;

    /// <summary>
    /// The file's content; a gzip file is decompressed, in bounded memory: it stops with
    /// <see cref="DataFormatException"/> when the output would pass the memory budget (a small file that inflates
    /// far beyond any data set), and a truncated or corrupt gzip stream throws <see cref="DataFormatException"/>
    /// naming the file.
    /// </summary>
    public static byte[] ReadMaybeGzip(string path)
    {
        if (!IsGzip(ReadHead(path, 2))) return Read(path);
        long limit = Math.Min(Array.MaxLength, MemoryBudget.Available() / 2);
        return Inflate(path, limit, head => null);
    }

    /// <summary>
    /// Reads a file whose header declares its length, raw or gzipped: <paramref name="declared"/> gets the first
    /// <paramref name="headerLength"/> bytes and returns the whole length they promise (or throws). The buffer is
    /// that size, checked against the memory budget before it is allocated, and data beyond it is an error found
    /// after reading at most one byte more, so a decompression bomb costs no more memory than its header claims.
    /// </summary>
    public static byte[] ReadDeclared(string path, int headerLength, Func<byte[], long> declared)
    {
        if (!IsGzip(ReadHead(path, 2)))
        {
            var raw = Read(path);
            if (raw.Length >= headerLength) declared(raw[..headerLength]);
            return raw;
        }
        return Inflate(path, Array.MaxLength, head => head.Length >= headerLength ? declared(head[..headerLength])
            : null, headerLength);
    }

    private static byte[] Inflate(string path, long limit, Func<byte[], long?> declared, int headerLength = 0)
    {
        try
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            var head = new byte[headerLength];
            int got = gzip.ReadAtLeast(head, headerLength, throwOnEndOfStream: false);
            if (got < headerLength) return head[..got];
            if (declared(head) is long length)
            {
                if (length > limit)
                    throw new DataFormatException(path, "header",
                        $"declares {length} bytes, more than {limit} can be read");
                MemoryBudget.Require(length, $"{path} (as its header declares)");
                var bytes = new byte[length];
                head.CopyTo(bytes, 0);
                int read = gzip.ReadAtLeast(bytes.AsSpan(headerLength), (int)(length - headerLength),
                    throwOnEndOfStream: false);
                if (read < length - headerLength)
                    throw new DataFormatException(path, $"byte {headerLength + read}",
                        $"the data ends after {headerLength + read} bytes, but its header declares {length}");
                if (gzip.ReadByte() >= 0)
                    throw new DataFormatException(path, $"byte {length}",
                        $"the data inflates beyond the {length} bytes its header declares");
                return bytes;
            }
            using var output = new MemoryStream();
            output.Write(head);
            var chunk = new byte[1 << 16];
            int n;
            while ((n = gzip.Read(chunk)) > 0)
            {
                if (output.Length + n > limit)
                    throw new DataFormatException(path, $"byte {output.Length}",
                        $"the gzip data inflates beyond {MemoryBudget.Format(limit)}, more than memory allows; is it " +
                            $"a data file?");
                output.Write(chunk, 0, n);
            }
            return output.ToArray();
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

    private static byte[] ReadHead(string path, int count)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"data file not found: {path}", path);
        using var file = File.OpenRead(path);
        var head = new byte[count];
        return head[..file.ReadAtLeast(head, count, throwOnEndOfStream: false)];
    }

    /// <summary>The raw bytes of a file; a missing file throws <see cref="FileNotFoundException"/> naming it.</summary>
    public static byte[] Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"data file not found: {path}", path);
        MemoryBudget.Require(new FileInfo(path).Length, path);
        return File.ReadAllBytes(path);
    }

    /// <summary>Big-endian 32-bit unsigned integer at <paramref name="offset"/>.</summary>
    public static uint BigEndianUInt32(byte[] bytes, int offset) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset, 4));
}
