using Tact.Data.Images;
using Tact.Data.Mat;
using Tact.Data.Tests.Support;
using Tact.TestFixtures;
using static TorchSharp.torch;

namespace Tact.Data.Tests.Images;

public class SvhnReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Images_become_nchw_and_label_10_becomes_0(bool compressed)
    {
        using var dir = new TempDir();
        var path = dir.File("train_32x32.mat");
        File.WriteAllBytes(path, Fixtures.SvhnFile([1, 10, 5, 9], compressed));
        var split = SvhnReader.ReadFile(path);
        Assert.Equal([4L, 3, 32, 32], split.X.shape);
        Assert.Equal(ScalarType.Float32, split.X.dtype);
        Assert.True(split.X.is_contiguous());
        Assert.Equal(new long[] { 1, 0, 5, 9 }, split.Y.data<long>().ToArray());
        foreach (var (n, ch, row, col) in new[] { (0, 0, 0, 1), (2, 1, 5, 30), (3, 2, 31, 0) })
            Assert.Equal(Fixtures.SvhnPixel(row, col, ch, n) / 255f, split.X[n, ch, row, col].item<float>(), 7);
    }

    [Fact]
    public void Label_outside_1_to_10_names_record()
    {
        using var dir = new TempDir();
        var path = dir.File("test_32x32.mat");
        File.WriteAllBytes(path, Fixtures.SvhnFile([3, 0, 2]));
        var e = Assert.Throws<DataFormatException>(() => SvhnReader.ReadFile(path));
        Assert.Contains("variable 'y', record 1", e.Message);
        Assert.Contains("label 0", e.Message);
    }

    [Fact]
    public void Wrong_image_dimensions_are_rejected()
    {
        using var dir = new TempDir();
        var path = dir.File("x.mat");
        File.WriteAllBytes(path, Fixtures.SvhnFile([1, 2], dims: [32, 32, 6, 1]));
        var e = Assert.Throws<DataFormatException>(() => SvhnReader.ReadFile(path));
        Assert.Contains("variable 'X'", e.Message);
        Assert.Contains("[32, 32, 3, N]", e.Message);
    }

    [Fact]
    public void Image_and_label_counts_must_agree()
    {
        using var dir = new TempDir();
        var path = dir.File("x.mat");
        var x = new byte[32 * 32 * 3 * 2];
        File.WriteAllBytes(path, MatWriter.File(
            MatWriter.Numeric("X", [32, 32, 3, 2], x, compressed: true),
            MatWriter.Numeric("y", [3, 1], new double[] { 1, 2, 3 })));
        var e = Assert.Throws<DataFormatException>(() => SvhnReader.ReadFile(path));
        Assert.Contains("3 labels for 2 images", e.Message);
    }

    [Fact]
    public void Directory_with_both_files_loads()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File(SvhnReader.TrainFile), Fixtures.SvhnFile([1, 2, 3]));
        File.WriteAllBytes(dir.File(SvhnReader.TestFile), Fixtures.SvhnFile([10]));
        Assert.True(SvhnReader.IsSvhnDirectory(dir.Path));
        using var data = SvhnReader.LoadDirectory(dir.Path);
        Assert.Equal(3, data.Train.Count);
        Assert.Equal(0L, data.Test.Y[0].item<long>());
        Assert.Equal(MatClass.UInt8, MatFile.Read(dir.File(SvhnReader.TrainFile), "X")["X"].Class);
    }
}
