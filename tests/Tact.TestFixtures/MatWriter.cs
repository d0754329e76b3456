using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using Tact.Data.Mat;

namespace Tact.TestFixtures;

/// <summary>
/// A tiny MATLAB level-5 writer for fixtures: 128-byte header, miMATRIX elements (plain or wrapped in a zlib
/// miCOMPRESSED element), small-element format for subelements of at most 4 bytes, 8-byte padding.
/// </summary>
public static class MatWriter
{
    /// <summary>One variable to write: values given in MATLAB's column-major order.</summary>
    public sealed record Variable(string Name, MatClass Class, int[] Dims, MatDataType Storage, byte[] Data,
        bool Compressed = false, int Flags = 0);

    /// <summary>A variable whose class and storage type follow the array's element type.</summary>
    public static Variable Numeric<T>(string name, int[] dims, T[] columnMajor,
        bool compressed = false) where T : struct
    {
        // Switch on typeof(T): the CLR lets byte[] match sbyte[] (and int[] match uint[]) in type patterns.
        var (cls, storage) = typeof(T) switch
        {
            var t when t == typeof(double) => (MatClass.Double, MatDataType.Double),
            var t when t == typeof(float) => (MatClass.Single, MatDataType.Single),
            var t when t == typeof(sbyte) => (MatClass.Int8, MatDataType.Int8),
            var t when t == typeof(byte) => (MatClass.UInt8, MatDataType.UInt8),
            var t when t == typeof(short) => (MatClass.Int16, MatDataType.Int16),
            var t when t == typeof(ushort) => (MatClass.UInt16, MatDataType.UInt16),
            var t when t == typeof(int) => (MatClass.Int32, MatDataType.Int32),
            var t when t == typeof(uint) => (MatClass.UInt32, MatDataType.UInt32),
            _ => throw new ArgumentException(typeof(T).Name),
        };
        return new Variable(name, cls, dims, storage, MemoryMarshal.AsBytes(columnMajor.AsSpan()).ToArray(),
            compressed);
    }

    /// <summary>The bytes of a whole MAT file.</summary>
    public static byte[] File(params Variable[] variables)
    {
        using var output = new MemoryStream();
        var text = Encoding.ASCII.GetBytes(
            "MATLAB 5.0 MAT-file, Platform: tact tests, Created on: fixture".PadRight(116));
        output.Write(text);
        output.Write(new byte[8]);
        output.Write([0x00, 0x01, (byte)'I', (byte)'M']);
        foreach (var v in variables)
        {
            var matrix = Matrix(v);
            if (v.Compressed)
            {
                var compressed = Zlib(matrix);
                WriteTag(output, MatDataType.Compressed, compressed.Length);
                output.Write(compressed);
            }
            else
            {
                output.Write(matrix);
            }
        }
        return output.ToArray();
    }

    /// <summary>One miMATRIX element (tag included).</summary>
    public static byte[] Matrix(Variable v)
    {
        using var body = new MemoryStream();
        var flags = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(flags, (uint)v.Class | ((uint)v.Flags << 8));
        Element(body, MatDataType.UInt32, flags);
        Element(body, MatDataType.Int32, MemoryMarshal.AsBytes(v.Dims.AsSpan()).ToArray());
        Element(body, MatDataType.Int8, Encoding.ASCII.GetBytes(v.Name));
        Element(body, v.Storage, v.Data);
        using var element = new MemoryStream();
        WriteTag(element, MatDataType.Matrix, (int)body.Length);
        body.WriteTo(element);
        return element.ToArray();
    }

    /// <summary>Writes a subelement in small format when it fits in 4 bytes, else tag + data + padding to 8.</summary>
    public static void Element(Stream s, MatDataType type, byte[] data)
    {
        if (data.Length is > 0 and <= 4)
        {
            var word = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)type | ((uint)data.Length << 16));
            data.CopyTo(word, 4);
            s.Write(word);
            return;
        }
        WriteTag(s, type, data.Length);
        s.Write(data);
        s.Write(new byte[(8 - data.Length % 8) % 8]);
    }

    private static void WriteTag(Stream s, MatDataType type, int size)
    {
        var tag = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(tag, (uint)type);
        BinaryPrimitives.WriteUInt32LittleEndian(tag.AsSpan(4), (uint)size);
        s.Write(tag);
    }

    private static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal)) z.Write(data);
        return output.ToArray();
    }
}
