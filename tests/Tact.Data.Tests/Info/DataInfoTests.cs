using Tact.Data.Images;
using Tact.Data.Info;
using Tact.Data.Tests.Images;
using Tact.Data.Tests.Support;
using Tact.TestFixtures;

namespace Tact.Data.Tests.Info;

public class DataInfoTests
{
    [Fact]
    public void Idx_directory_reports_counts_shapes_histograms_and_hashes()
    {
        using var dir = new TempDir();
        Fixtures.MnistDirectory(dir.Path, train: 23, test: 4, gzip: true);
        var info = DataInfo.Inspect(dir.Path);
        Assert.Equal("idx", info.Format);
        Assert.Equal(["train", "test"], info.Parts.Select(p => p.Name));
        Assert.Equal(23, info.Parts[0].Count);
        Assert.Equal([1L, 3, 4], info.Parts[0].SampleShape);
        Assert.Equal(new long[] { 3, 3, 3, 2, 2, 2, 2, 2, 2, 2 }, info.Parts[0].ClassHistogram);
        Assert.Equal(new long[] { 0, 0, 0, 1, 1, 1, 1, 0, 0, 0 }, info.Parts[1].ClassHistogram);
        Assert.Equal(4, info.Files.Count);
        var first = info.Files[0];
        Assert.Equal("train-images-idx3-ubyte.gz", first.Name);
        Assert.Equal(new FileInfo(dir.File(first.Name)).Length, first.Bytes);
        Assert.Equal(
            Convert.ToHexStringLower(
                System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(dir.File(first.Name)))),
            first.Sha256);
        Assert.Null(info.ClassNames);
    }

    [Fact]
    public void Sha256_of_known_content()
    {
        using var dir = new TempDir();
        var path = dir.Text("abc", "abc");
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DataInfo.Sha256(path));
    }

    [Fact]
    public void Cifar_directory_reports_class_names()
    {
        using var dir = new TempDir();
        Fixtures.CifarDirectory(dir.Path, perBatch: 2);
        var info = DataInfo.Inspect(dir.Path);
        Assert.Equal("cifar10-binary", info.Format);
        Assert.Equal(Fixtures.CifarNames, info.ClassNames);
        Assert.Equal(10, info.Parts[0].Count);
        Assert.Equal([3L, 32, 32], info.Parts[0].SampleShape);
        Assert.Equal(7, info.Files.Count);
    }

    [Fact]
    public void Svhn_directory_reports_each_mat_file()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File(SvhnReader.TestFile), Fixtures.SvhnFile([10, 10, 3]));
        var info = DataInfo.Inspect(dir.Path);
        Assert.Equal("svhn-mat", info.Format);
        Assert.Equal("test_32x32.mat", info.Parts.Single().Name);
        Assert.Equal(new long[] { 2, 0, 0, 1, 0, 0, 0, 0, 0, 0 }, info.Parts[0].ClassHistogram);
    }

    [Fact]
    public void Csv_directory_reports_table_and_class_names()
    {
        using var dir = new TempDir();
        dir.Text("iris.csv",
            "3,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n7.0,3.2,4.7,1.4,1\n6.3,3.3,6.0,2.5,1\n");
        var info = DataInfo.Inspect(dir.Path);
        Assert.Equal("csv", info.Format);
        Assert.Equal(["setosa", "versicolor", "virginica"], info.ClassNames);
        Assert.Equal(new long[] { 1, 2, 0 }, info.Parts[0].ClassHistogram);
        Assert.Equal([4L], info.Parts[0].SampleShape);
    }

    [Fact]
    public void Unknown_directory_content_is_reported()
    {
        using var dir = new TempDir();
        dir.Text("readme.md", "nothing");
        var e = Assert.Throws<DataFormatException>(() => DataInfo.Inspect(dir.Path));
        Assert.Contains("no known data format", e.Message);
        Assert.Throws<DirectoryNotFoundException>(() => DataInfo.Inspect(dir.File("missing")));
    }
}
