using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using Tact.Data.Io;
using static TorchSharp.torch;

namespace Tact.Data.Mat;

/// <summary>
/// A reader for the numeric arrays of MATLAB level-5 MAT files (what <c>save -v7</c> and scipy write):
/// a 128-byte header, then data elements; <c>miMATRIX</c> elements (array flags, dimensions, name, real part)
/// either plain or inside <c>miCOMPRESSED</c> zlib streams; tags in the normal or the small (4-byte) format.
/// Only little-endian files are read. Anything that is not a real numeric array is reported with the file,
/// the variable and the byte offset.
/// </summary>
public static class MatFile
{
    private const int HeaderLength = 128;
    private const int ComplexFlag = 0x08;

    /// <summary>
    /// Reads the variables named in <paramref name="names"/> (all variables when none are given), in file order.
    /// Variables that are not asked for are skipped without being checked.
    /// </summary>
    public static IReadOnlyDictionary<string, MatArray> Read(string path, params string[] names)
    {
        var bytes = FileBytes.Read(path);
        CheckHeader(path, bytes);
        var wanted = names.Length == 0 ? null : new HashSet<string>(names, StringComparer.Ordinal);
        var result = new Dictionary<string, MatArray>(StringComparer.Ordinal);
        var offset = HeaderLength;
        while (offset < bytes.Length)
        {
            var tag = ReadTag(path, bytes, offset, bytes.Length, "file");
            if (tag.Type == MatDataType.Compressed)
            {
                // Compressed elements are not padded: the next element starts right after the stream.
                var inner = Inflate(path, bytes, tag.DataOffset, tag.Size, offset);
                var innerTag = ReadTag(path, inner, 0, inner.Length, $"compressed element at file byte {offset}");
                if (innerTag.Type != MatDataType.Matrix)
                    throw Unsupported(path, null, $"byte {offset} (compressed element)",
                        $"element type {Describe(innerTag.Type)} inside a compressed element");
                var array = ReadMatrix(path, inner, innerTag, wanted,
                    $"byte {offset} (compressed element, inner byte {{0}})");
                if (array is not null) result[array.Name] = array;
                offset = checked(tag.DataOffset + tag.Size);
            }
            else if (tag.Type == MatDataType.Matrix)
            {
                var array = ReadMatrix(path, bytes, tag, wanted, "byte {0}");
                if (array is not null) result[array.Name] = array;
                offset = tag.Next;
            }
            else
            {
                throw Unsupported(path, null, $"byte {offset}",
                    $"top-level element of type {Describe(tag.Type)} (expected miMATRIX or miCOMPRESSED)");
            }
        }
        if (wanted is not null)
        {
            var missing = wanted.Where(n => !result.ContainsKey(n)).ToArray();
            if (missing.Length > 0)
                throw new DataFormatException(path, "whole file",
                    $"no variable named {string.Join(", ", missing)} (found: {string.Join(", ", result.Keys)})");
        }
        return result;
    }

    private readonly record struct Tag(MatDataType Type, int Size, int DataOffset, int Next);

    private static void CheckHeader(string path, byte[] bytes)
    {
        if (bytes.Length < HeaderLength)
            throw new DataFormatException(path, "byte 0",
                $"{bytes.Length} bytes is shorter than the 128-byte MAT header");
        var text = Encoding.ASCII.GetString(bytes, 0, 116);
        if (text.StartsWith("MATLAB 7.3", StringComparison.Ordinal))
            throw new DataFormatException(path, "byte 0",
                "MAT v7.3 files are HDF5 and are not supported; save with -v7");
        if (!text.StartsWith("MATLAB 5.0 MAT-file", StringComparison.Ordinal))
            throw new DataFormatException(path, "byte 0",
                "not a MATLAB 5.0 MAT-file (header text does not start with 'MATLAB 5.0 MAT-file')");
        if (bytes[126] == (byte)'M' && bytes[127] == (byte)'I')
            throw new DataFormatException(path, "byte 126", "big-endian MAT files are not supported");
        if (bytes[126] != (byte)'I' || bytes[127] != (byte)'M')
            throw new DataFormatException(path, "byte 126", "endian indicator is neither 'IM' nor 'MI'");
    }

    private static Tag ReadTag(string path, byte[] buffer, int offset, int end, string context)
    {
        if (offset + 8 > end)
            throw new DataFormatException(path, $"byte {offset} of {context}",
                "truncated: a data-element tag needs 8 bytes");
        var first = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(offset));
        if (first >> 16 != 0)
        {
            // Small data element: type and size share the first word, up to 4 bytes of data follow.
            var smallSize = (int)(first >> 16);
            if (smallSize > 4)
                throw new DataFormatException(path, $"byte {offset} of {context}",
                    $"small data element claims {smallSize} bytes (at most 4)");
            return new Tag((MatDataType)(first & 0xffff), smallSize, offset + 4, offset + 8);
        }
        var size = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(offset + 4));
        if (size > (uint)(end - offset - 8))
            throw new DataFormatException(path, $"byte {offset} of {context}",
                $"element of {size} bytes runs past the end ({end - offset - 8} bytes left)");
        var padded = ((long)size + 7) & ~7L;
        var next = (int)Math.Min(end, offset + 8 + padded);
        return new Tag((MatDataType)first, (int)size, offset + 8, next);
    }

    private static byte[] Inflate(string path, byte[] bytes, int offset, int size, int elementOffset)
    {
        try
        {
            using var input = new MemoryStream(bytes, offset, size, writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            zlib.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"byte {elementOffset} (compressed element)",
                $"corrupt zlib stream ({e.Message})", e);
        }
    }

    private static MatArray? ReadMatrix(string path, byte[] buffer, Tag matrix, HashSet<string>? wanted,
        string whereFormat)
    {
        string Where(int at) => string.Format(System.Globalization.CultureInfo.InvariantCulture, whereFormat, at);
        var end = matrix.DataOffset + matrix.Size;
        if (matrix.Size == 0) return null;

        var flagsTag = ReadTag(path, buffer, matrix.DataOffset, end, Where(matrix.DataOffset));
        if (flagsTag.Type != MatDataType.UInt32 || flagsTag.Size != 8)
            throw new DataFormatException(path, Where(matrix.DataOffset),
                "array flags subelement is not 8 bytes of miUINT32");
        var flagsWord = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(flagsTag.DataOffset));
        var mxClass = (MatClass)(flagsWord & 0xff);
        var flags = (int)((flagsWord >> 8) & 0xff);

        var dimsTag = ReadTag(path, buffer, flagsTag.Next, end, Where(flagsTag.Next));
        if (dimsTag.Type != MatDataType.Int32 || dimsTag.Size % 4 != 0 || dimsTag.Size < 8)
            throw new DataFormatException(path, Where(flagsTag.Next),
                "dimensions subelement is not miINT32 with at least 2 values");
        var dims = new long[dimsTag.Size / 4];
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(dimsTag.DataOffset + 4 * i));
            if (dims[i] < 0)
                throw new DataFormatException(path, Where(dimsTag.DataOffset + 4 * i), $"negative dimension {dims[i]}");
        }

        var nameTag = ReadTag(path, buffer, dimsTag.Next, end, Where(dimsTag.Next));
        if (nameTag.Type is not (MatDataType.Int8 or MatDataType.UInt8))
            throw new DataFormatException(path, Where(dimsTag.Next), "array name subelement is not miINT8");
        var name = Encoding.ASCII.GetString(buffer, nameTag.DataOffset, nameTag.Size);
        if (wanted is not null && !wanted.Contains(name)) return null;

        if (!IsNumeric(mxClass))
            throw Unsupported(path, name, Where(matrix.DataOffset - 8),
                $"class {Describe(mxClass)} is not supported (numeric arrays only)");
        if ((flags & ComplexFlag) != 0)
            throw Unsupported(path, name, Where(matrix.DataOffset - 8), "complex arrays are not supported");

        var realTag = ReadTag(path, buffer, nameTag.Next, end, Where(nameTag.Next));
        var elementSize = ElementSize(realTag.Type);
        if (elementSize == 0)
            throw Unsupported(path, name, Where(nameTag.Next),
                $"real part of type {Describe(realTag.Type)} is not a numeric type");
        var count = dims.Aggregate(1L, (a, b) => a * b);
        if (realTag.Size != count * elementSize)
            throw new DataFormatException(path, Where(nameTag.Next),
                $"variable '{name}': dimensions [{string.Join(", ", dims)}] need {count} values " +
                $"but the real part holds {realTag.Size / elementSize}");

        var values = ToTensor(buffer, realTag.DataOffset, (int)count, realTag.Type);
        var shape = dims.Reverse().ToArray();
        using (values)
        {
            using var converted = values.to(TargetType(mxClass));
            return new MatArray(name, dims, mxClass, converted.reshape(shape));
        }
    }

    private static Tensor ToTensor(byte[] buffer, int offset, int count, MatDataType type)
    {
        var span = buffer.AsSpan(offset, count * ElementSize(type));
        return type switch
        {
            // clone: frombuffer shares (and pins) the managed buffer, which may be the whole file.
            MatDataType.UInt8 => CloneBytes(buffer, offset, count),
            MatDataType.Int8 => tensor(MemoryMarshal.Cast<byte, sbyte>(span).ToArray()),
            MatDataType.Int16 => tensor(MemoryMarshal.Cast<byte, short>(span).ToArray()),
            MatDataType.UInt16 =>
                tensor(Array.ConvertAll(MemoryMarshal.Cast<byte, ushort>(span).ToArray(), v => (int)v)),
            MatDataType.Int32 => tensor(MemoryMarshal.Cast<byte, int>(span).ToArray()),
            MatDataType.UInt32 =>
                tensor(Array.ConvertAll(MemoryMarshal.Cast<byte, uint>(span).ToArray(), v => (long)v)),
            MatDataType.Int64 => tensor(MemoryMarshal.Cast<byte, long>(span).ToArray()),
            MatDataType.Single => tensor(MemoryMarshal.Cast<byte, float>(span).ToArray()),
            MatDataType.Double => tensor(MemoryMarshal.Cast<byte, double>(span).ToArray()),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a numeric data type"),
        };
    }

    private static Tensor CloneBytes(byte[] buffer, int offset, int count)
    {
        if (count == 0) return empty(0, ScalarType.Byte);
        using var shared = frombuffer(buffer, ScalarType.Byte, count, offset);
        return shared.clone();
    }

    private static bool IsNumeric(MatClass c) =>
        c is MatClass.Double or MatClass.Single or MatClass.Int8 or MatClass.UInt8
        or MatClass.Int16 or MatClass.UInt16 or MatClass.Int32 or MatClass.UInt32 or MatClass.Int64;

    private static ScalarType TargetType(MatClass c) => c switch
    {
        MatClass.Double => ScalarType.Float64,
        MatClass.Single => ScalarType.Float32,
        MatClass.Int8 => ScalarType.Int8,
        MatClass.UInt8 => ScalarType.Byte,
        MatClass.Int16 => ScalarType.Int16,
        // Torch has no unsigned 16/32-bit type: widen so every value survives.
        MatClass.UInt16 or MatClass.Int32 => ScalarType.Int32,
        _ => ScalarType.Int64,
    };

    private static int ElementSize(MatDataType t) => t switch
    {
        MatDataType.Int8 or MatDataType.UInt8 => 1,
        MatDataType.Int16 or MatDataType.UInt16 => 2,
        MatDataType.Int32 or MatDataType.UInt32 or MatDataType.Single => 4,
        MatDataType.Double or MatDataType.Int64 => 8,
        _ => 0,
    };

    private static string Describe(MatClass c) =>
        Enum.IsDefined(c) ? $"mx{c.ToString().ToUpperInvariant()}" : $"unknown class {(int)c}";

    private static string Describe(MatDataType t) =>
        Enum.IsDefined(t) ? $"mi{t.ToString().ToUpperInvariant()}" : $"unknown type {(int)t}";

    private static DataFormatException Unsupported(string path, string? variable, string where, string problem) =>
        new(path, variable is null ? where : $"variable '{variable}' at {where}", problem);
}
