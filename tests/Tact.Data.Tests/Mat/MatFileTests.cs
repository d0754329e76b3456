using Tact.Data.Mat;
using Tact.Data.Tests.Support;
using Tact.TestFixtures;
using static TorchSharp.torch;

namespace Tact.Data.Tests.Mat;

public class MatFileTests
{
    // A 2x3 MATLAB matrix A(r, c) = 10 r + c (0-based), written column-major: A(0,0), A(1,0), A(0,1), ...
    private static readonly double[] ColumnMajor = [0, 10, 1, 11, 2, 12];
    private static readonly double[,] RowMajor = { { 0, 1, 2 }, { 10, 11, 12 } };

    private static MatArray ReadOne(TempDir dir, MatWriter.Variable v, string name = "a")
    {
        var path = dir.File("f.mat");
        File.WriteAllBytes(path, MatWriter.File(v));
        return MatFile.Read(path)[name];
    }

    private static void AssertMatrix(MatArray a, ScalarType dtype, double sign = 1)
    {
        Assert.Equal([2L, 3], a.Dimensions);
        using var t = a.ToTensor();
        Assert.Equal(dtype, t.dtype);
        Assert.Equal([2L, 3], t.shape);
        using var d = t.to(float64);
        for (var r = 0; r < 2; r++)
            for (var c = 0; c < 3; c++) Assert.Equal(sign * RowMajor[r, c], d[r, c].item<double>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_numeric_class_reads_column_major_into_row_major(bool compressed)
    {
        using var dir = new TempDir();
        AssertMatrix(ReadOne(dir, MatWriter.Numeric("a", [2, 3], ColumnMajor, compressed)), ScalarType.Float64);
        AssertMatrix(
            ReadOne(dir, MatWriter.Numeric("a", [2, 3], ColumnMajor.Select(v => (float)v).ToArray(), compressed)),
            ScalarType.Float32);
        AssertMatrix(
            ReadOne(dir, MatWriter.Numeric("a", [2, 3], ColumnMajor.Select(v => (sbyte)-v).ToArray(), compressed)),
            ScalarType.Int8, -1);
        AssertMatrix(
            ReadOne(dir, MatWriter.Numeric("a", [2, 3], ColumnMajor.Select(v => (byte)v).ToArray(), compressed)),
            ScalarType.Byte);
        AssertMatrix(
            ReadOne(dir, MatWriter.Numeric("a", [2, 3], ColumnMajor.Select(v => (short)-v).ToArray(), compressed)),
            ScalarType.Int16, -1);
        AssertMatrix(
            ReadOne(dir, MatWriter.Numeric("a", [2, 3], ColumnMajor.Select(v => (ushort)v).ToArray(), compressed)),
            ScalarType.Int32);
        AssertMatrix(
            ReadOne(dir, MatWriter.Numeric("a", [2, 3], ColumnMajor.Select(v => (int)-v).ToArray(), compressed)),
            ScalarType.Int32, -1);
        AssertMatrix(
            ReadOne(dir, MatWriter.Numeric("a", [2, 3], ColumnMajor.Select(v => (uint)v).ToArray(), compressed)),
            ScalarType.Int64);
    }

    [Fact]
    public void Unsigned_extremes_survive_widening()
    {
        using var dir = new TempDir();
        using var u16 = ReadOne(dir, MatWriter.Numeric("a", [1, 2], new ushort[] { 65535, 1 })).ToTensor();
        Assert.Equal(new[] { 65535, 1 }, u16.data<int>().ToArray());
        using var u32 = ReadOne(dir, MatWriter.Numeric("a", [1, 2], new uint[] { 4_000_000_000, 2 })).ToTensor();
        Assert.Equal(new[] { 4_000_000_000L, 2 }, u32.data<long>().ToArray());
    }

    [Fact]
    public void Three_dimensional_array_keeps_matlab_index_order()
    {
        // A(i, j, k) = 100 i + 10 j + k with dims [2, 3, 4]; column-major: i fastest.
        var values = new List<short>();
        for (var k = 0; k < 4; k++)
            for (var j = 0; j < 3; j++)
                for (var i = 0; i < 2; i++) values.Add((short)(100 * i + 10 * j + k));
        using var dir = new TempDir();
        var a = ReadOne(dir, MatWriter.Numeric("a", [2, 3, 4], values.ToArray(), compressed: true));
        Assert.Equal([4L, 3, 2], a.Stored.shape);
        using var t = a.ToTensor();
        Assert.Equal([2L, 3, 4], t.shape);
        Assert.Equal(123, t[1, 2, 3].item<short>());
        Assert.Equal(21, t[0, 2, 1].item<short>());
    }

    [Fact]
    public void Class_double_stored_as_uint8_reads_as_double()
    {
        // MATLAB stores whole-number doubles in the smallest integer type that holds them.
        using var dir = new TempDir();
        var v = new MatWriter.Variable("y", MatClass.Double, [3, 1], MatDataType.UInt8, [10, 1, 255], Compressed: true);
        using var t = ReadOne(dir, v, "y").ToTensor();
        Assert.Equal(ScalarType.Float64, t.dtype);
        Assert.Equal(new double[] { 10, 1, 255 }, t.data<double>().ToArray());
    }

    [Fact]
    public void Small_data_element_holds_a_scalar()
    {
        using var dir = new TempDir();
        var v = new MatWriter.Variable("s", MatClass.UInt16, [1, 1], MatDataType.UInt16, [0x34, 0x12]);
        using var t = ReadOne(dir, v, "s").ToTensor();
        Assert.Equal(0x1234, t.data<int>().ToArray().Single());
    }

    [Fact]
    public void Several_variables_plain_and_compressed_in_one_file()
    {
        using var dir = new TempDir();
        var path = dir.File("m.mat");
        File.WriteAllBytes(path, MatWriter.File(
            MatWriter.Numeric("first", [1, 3], new double[] { 1, 2, 3 }),
            MatWriter.Numeric("second", [2, 1], new byte[] { 7, 8 }, compressed: true),
            MatWriter.Numeric("third", [1, 1], new float[] { 2.5f })));
        var vars = MatFile.Read(path);
        Assert.Equal(["first", "second", "third"], vars.Keys);
        Assert.Equal(new double[] { 1, 2, 3 }, vars["first"].Stored.data<double>().ToArray());
        Assert.Equal(new byte[] { 7, 8 }, vars["second"].Stored.data<byte>().ToArray());
        Assert.Equal(2.5f, vars["third"].Stored.item<float>());
    }

    [Theory]
    [InlineData(MatClass.Cell, "mxCELL")]
    [InlineData(MatClass.Struct, "mxSTRUCT")]
    [InlineData(MatClass.Sparse, "mxSPARSE")]
    [InlineData(MatClass.Char, "mxCHAR")]
    public void Unsupported_class_names_file_variable_and_offset(MatClass cls, string shown)
    {
        using var dir = new TempDir();
        var path = dir.File("u.mat");
        File.WriteAllBytes(path, MatWriter.File(
            MatWriter.Numeric("ok", [1, 1], new double[] { 1 }),
            new MatWriter.Variable("bad", cls, [1, 2], MatDataType.UInt16, [65, 0, 66, 0])));
        var e = Assert.Throws<DataFormatException>(() => MatFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("variable 'bad'", e.Message);
        // header 128 + "ok" element (8 tag + 16 flags + 16 dims + 8 name + 16 data) = 192.
        Assert.Contains("byte 192", e.Message);
        Assert.Contains(shown, e.Message);
    }

    [Fact]
    public void Unsupported_class_inside_compressed_element_names_both_offsets()
    {
        using var dir = new TempDir();
        var path = dir.File("u.mat");
        File.WriteAllBytes(path, MatWriter.File(
            new MatWriter.Variable("c", MatClass.Cell, [1, 1], MatDataType.UInt8, [0], Compressed: true)));
        var e = Assert.Throws<DataFormatException>(() => MatFile.Read(path));
        Assert.Contains("variable 'c' at byte 128 (compressed element, inner byte 0)", e.Message);
    }

    [Fact]
    public void Unwanted_unsupported_variables_are_skipped()
    {
        using var dir = new TempDir();
        var path = dir.File("s.mat");
        File.WriteAllBytes(path, MatWriter.File(
            new MatWriter.Variable("__header__", MatClass.Char, [1, 2], MatDataType.Utf8, [65, 66]),
            MatWriter.Numeric("x", [1, 1], new double[] { 4 }, compressed: true)));
        Assert.Equal(4.0, MatFile.Read(path, "x")["x"].Stored.item<double>());
    }

    [Fact]
    public void Missing_variable_is_named()
    {
        using var dir = new TempDir();
        var path = dir.File("s.mat");
        File.WriteAllBytes(path, MatWriter.File(MatWriter.Numeric("x", [1, 1], new double[] { 4 })));
        var e = Assert.Throws<DataFormatException>(() => MatFile.Read(path, "X", "y"));
        Assert.Contains("no variable named X, y", e.Message);
    }

    [Fact]
    public void Complex_arrays_are_rejected()
    {
        using var dir = new TempDir();
        var path = dir.File("c.mat");
        File.WriteAllBytes(path, MatWriter.File(
            new MatWriter.Variable("z", MatClass.Double, [1, 1], MatDataType.Double, new byte[8], Flags: 0x08)));
        var e = Assert.Throws<DataFormatException>(() => MatFile.Read(path));
        Assert.Contains("variable 'z'", e.Message);
        Assert.Contains("complex", e.Message);
    }

    [Fact]
    public void Values_that_disagree_with_dimensions_are_rejected()
    {
        using var dir = new TempDir();
        var path = dir.File("d.mat");
        File.WriteAllBytes(path, MatWriter.File(MatWriter.Numeric("d", [2, 2], new double[] { 1, 2, 3 })));
        var e = Assert.Throws<DataFormatException>(() => MatFile.Read(path));
        Assert.Contains("need 4 values but the real part holds 3", e.Message);
    }

    [Fact]
    public void Truncated_file_is_reported_with_offset()
    {
        using var dir = new TempDir();
        var path = dir.File("t.mat");
        var bytes = MatWriter.File(MatWriter.Numeric("x", [1, 100], new double[100]));
        File.WriteAllBytes(path, bytes[..400]);
        var e = Assert.Throws<DataFormatException>(() => MatFile.Read(path));
        Assert.Contains("byte 128", e.Message);
        Assert.Contains("runs past the end", e.Message);
    }

    [Fact]
    public void Corrupt_zlib_stream_is_reported()
    {
        using var dir = new TempDir();
        var path = dir.File("z.mat");
        var bytes = MatWriter.File(MatWriter.Numeric("x", [1, 100], new double[100], compressed: true));
        for (var i = 138; i < bytes.Length; i++) bytes[i] = 0xff;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<DataFormatException>(() => MatFile.Read(path));
        Assert.Contains("byte 128 (compressed element)", e.Message);
    }

    [Fact]
    public void Non_mat_and_v73_headers_are_rejected_clearly()
    {
        using var dir = new TempDir();
        var plain = dir.File("p.mat");
        File.WriteAllBytes(plain, new byte[200]);
        Assert.Contains("not a MATLAB 5.0 MAT-file",
            Assert.Throws<DataFormatException>(() => MatFile.Read(plain)).Message);
        var hdf = dir.File("h.mat");
        var bytes = new byte[200];
        System.Text.Encoding.ASCII.GetBytes("MATLAB 7.3 MAT-file, Platform: x").CopyTo(bytes, 0);
        File.WriteAllBytes(hdf, bytes);
        Assert.Contains("HDF5", Assert.Throws<DataFormatException>(() => MatFile.Read(hdf)).Message);
        var big = dir.File("b.mat");
        var be = MatWriter.File();
        be[126] = (byte)'M';
        be[127] = (byte)'I';
        File.WriteAllBytes(big, be);
        Assert.Contains("big-endian", Assert.Throws<DataFormatException>(() => MatFile.Read(big)).Message);
    }
}
