using Tact.Data.Images;
using Tact.Data.Tests.Support;
using Tact.TestFixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Data.Tests.Images;

public class IdxReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Directory_raw_or_gzipped_loads_exact_pixels_and_labels(bool gzip)
    {
        using var dir = new TempDir();
        Fixtures.MnistDirectory(dir.Path, train: 13, test: 5, gzip);
        using var data = IdxReader.LoadDirectory(dir.Path);
        Assert.Equal([13L, 1, 3, 4], data.Train.X.shape);
        Assert.Equal([5L, 1, 3, 4], data.Test.X.shape);
        Assert.Equal(ScalarType.Float32, data.Train.X.dtype);
        Assert.Equal(ScalarType.Int64, data.Train.Y.dtype);
        Assert.Equal(TaskKind.Classification, data.Kind);
        Assert.Equal(10, data.Outputs);
        // image 2, row 1, col 3 -> pixel k = 1*4+3 = 7 -> (7*2 + 3*7) mod 256 = 35.
        Assert.Equal(35f / 255f, data.Train.X[2, 0, 1, 3].item<float>(), 7);
        Assert.Equal(2L, data.Train.Y[12].item<long>());
        Assert.Equal(new long[] { 3, 4, 5, 6, 7 }, data.Test.Y.data<long>().ToArray());
        Assert.Equal(0f, data.Train.X.min().item<float>());
        Assert.True(data.Train.X.max().item<float>() <= 1f);
    }

    [Fact]
    public void Pixel_255_maps_to_exactly_one_and_0_to_zero()
    {
        using var dir = new TempDir();
        var path = dir.File("x");
        File.WriteAllBytes(path, Fixtures.Idx(2051, [1, 1, 2], [0, 255]));
        using var x = IdxReader.ReadImages(path);
        Assert.Equal(new float[] { 0f, 1f }, x.data<float>().ToArray());
    }

    [Fact]
    public void Wrong_magic_names_file_and_byte_0()
    {
        using var dir = new TempDir();
        var path = dir.File("labels");
        File.WriteAllBytes(path, Fixtures.Idx(2051, [2, 1, 1], [1, 2]));
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("byte 0", e.Message);
        Assert.Contains("2051, expected 2049", e.Message);
    }

    [Fact]
    public void Count_disagreeing_with_payload_is_reported()
    {
        using var dir = new TempDir();
        var path = dir.File("images");
        File.WriteAllBytes(path, Fixtures.Idx(2051, [3, 2, 2], new byte[11]));
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("3 samples of 4 bytes", e.Message);
        Assert.Contains("27 bytes", e.Message);
        Assert.Contains("byte 16", e.Message);
    }

    [Fact]
    public void File_shorter_than_header_is_reported()
    {
        using var dir = new TempDir();
        var path = dir.File("short");
        File.WriteAllBytes(path, [0, 0, 8]);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(path));
        Assert.Contains("shorter than the 8-byte IDX header", e.Message);
    }

    [Fact]
    public void Truncated_gzip_is_reported_naming_the_file()
    {
        using var dir = new TempDir();
        var path = dir.File("t.gz");
        var gz = Fixtures.Gzip(Fixtures.Idx(2051, [50, 28, 28], Fixtures.Pixels(50, 784)));
        File.WriteAllBytes(path, gz[..(gz.Length / 2)]);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Corrupt_gzip_body_is_reported_as_gzip_error()
    {
        using var dir = new TempDir();
        var path = dir.File("c.gz");
        var gz = Fixtures.Gzip(Fixtures.Idx(2049, [100], new byte[100]));
        for (var i = 10; i < gz.Length - 8; i++) gz[i] = 0xff;
        File.WriteAllBytes(path, gz);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(path));
        Assert.Contains("gzip", e.Message);
    }

    [Fact]
    public void Non_gzip_garbage_is_read_raw_and_fails_on_magic()
    {
        using var dir = new TempDir();
        var path = dir.File("train-labels-idx1-ubyte.gz");
        File.WriteAllText(path, "<html>not found</html>");
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(path));
        Assert.Contains("IDX magic", e.Message);
    }

    [Fact]
    public void Label_out_of_range_names_record_and_offset()
    {
        using var dir = new TempDir();
        var path = dir.File("labels");
        File.WriteAllBytes(path, Fixtures.Idx(2049, [3], [1, 12, 2]));
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(path));
        Assert.Contains("record 1 (byte 9)", e.Message);
        Assert.Contains("label 12", e.Message);
    }

    [Fact]
    public void Images_and_labels_of_different_counts_are_rejected()
    {
        using var dir = new TempDir();
        var images = dir.File("i");
        var labels = dir.File("l");
        File.WriteAllBytes(images, Fixtures.Idx(2051, [4, 1, 1], new byte[4]));
        File.WriteAllBytes(labels, Fixtures.Idx(2049, [3], new byte[3]));
        var e = Assert.Throws<DataFormatException>(() => IdxReader.LoadPair(images, labels));
        Assert.Contains("3 labels", e.Message);
        Assert.Contains("4 images", e.Message);
    }

    [Fact]
    public void Missing_standard_file_is_named()
    {
        using var dir = new TempDir();
        Fixtures.MnistDirectory(dir.Path, 2, 2, gzip: true);
        File.Delete(dir.File("t10k-labels-idx1-ubyte.gz"));
        Assert.False(IdxReader.IsIdxDirectory(dir.Path));
        var e = Assert.Throws<FileNotFoundException>(() => IdxReader.LoadDirectory(dir.Path));
        Assert.Contains("t10k-labels-idx1-ubyte", e.Message);
    }

    [Fact]
    public void Loaded_tensors_do_not_share_memory_with_the_file_buffer()
    {
        using var dir = new TempDir();
        Fixtures.MnistDirectory(dir.Path, 3, 2, gzip: false);
        using var data = IdxReader.LoadDirectory(dir.Path);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Equal(3f / 255f, data.Train.X[0, 0, 0, 1].item<float>(), 7);
        Assert.True(data.Train.X.is_contiguous());
    }
}
