using Tact.Data.Images;
using Tact.Data.Info;
using Tact.Data.Tests.Support;
using Tact.TestFixtures;

namespace Tact.Data.Tests.BadInput;

/// <summary>Bad-input class 4: data the readers accept but training cannot use, as <c>tact data info</c> flags
/// it.</summary>
public class UnusableDataTests
{
    private static void Idx(TempDir dir, int train, int test, uint[] trainShape, uint[] testShape, byte label = 0)
    {
        byte[] Images(int n, uint[] shape) => Fixtures.Idx(2051, [(uint)n, .. shape],
            new byte[n * shape[0] * shape[1]]);
        File.WriteAllBytes(dir.File("train-images-idx3-ubyte"), Images(train, trainShape));
        File.WriteAllBytes(dir.File("train-labels-idx1-ubyte"), Fixtures.Idx(2049, [(uint)train],
            [.. Enumerable.Repeat(label, train)]));
        File.WriteAllBytes(dir.File("t10k-images-idx3-ubyte"), Images(test, testShape));
        File.WriteAllBytes(dir.File("t10k-labels-idx1-ubyte"), Fixtures.Idx(2049, [(uint)test],
            [.. Enumerable.Repeat(label, test)]));
    }

    [Fact]
    public void TrainAndTestShapesThatDifferAreFlagged()
    {
        using var dir = new TempDir();
        Idx(dir, 5, 5, [3, 4], [4, 3]);
        var info = DataInfo.Inspect(dir.Path);
        Assert.Contains("test samples are 1x4x3 but train samples are 1x3x4", info.Problems);
    }

    [Fact]
    public void ASplitWithNoSamplesLoadsEmptyAndIsFlagged()
    {
        using var dir = new TempDir();
        Idx(dir, 0, 5, [3, 4], [3, 4]);
        using var data = IdxReader.LoadDirectory(dir.Path);
        Assert.Equal(0, data.Train.Count);
        Assert.Contains("train holds no samples", DataInfo.Inspect(dir.Path).Problems);
    }

    [Fact]
    public void AClassWithoutTrainingSamplesIsFlagged()
    {
        using var dir = new TempDir();
        Idx(dir, 5, 5, [3, 4], [3, 4], label: 0);
        Assert.Contains("train: class 9 has no samples", DataInfo.Inspect(dir.Path).Problems);
    }

    [Fact]
    public void CompleteDataHasNoProblems()
    {
        using var dir = new TempDir();
        Fixtures.MnistDirectory(dir.Path, train: 20, test: 10, gzip: false);
        Assert.Empty(DataInfo.Inspect(dir.Path).Problems);
    }

    [Theory]
    [InlineData("t10k-labels-idx1-ubyte")]
    [InlineData("train-images-idx3-ubyte")]
    public void ADirectoryMissingOneOfTheFourFilesNamesIt(string missing)
    {
        using var dir = new TempDir();
        Fixtures.MnistDirectory(dir.Path, train: 4, test: 2, gzip: false);
        File.Delete(dir.File(missing));
        var e = Assert.Throws<DataFormatException>(() => DataInfo.Inspect(dir.Path));
        Assert.Contains($"lacks {missing}", e.Message);
    }

    [Fact]
    public void LabelsBeyondTheClassesNameTheRecordAndByte()
    {
        using var dir = new TempDir();
        var path = dir.File("labels");
        File.WriteAllBytes(path, Fixtures.Idx(2049, [3], [1, 2, 10]));
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(path));
        Assert.Contains("record 2 (byte 10): label 10 is out of range 0..9", e.Message);
    }
}
