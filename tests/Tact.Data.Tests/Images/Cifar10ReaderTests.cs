using Tact.Data.Images;
using Tact.Data.Tests.Support;
using Tact.TestFixtures;
using static TorchSharp.torch;

namespace Tact.Data.Tests.Images;

public class Cifar10ReaderTests
{
    [Fact]
    public void Directory_loads_all_batches_in_order_with_chw_layout()
    {
        using var dir = new TempDir();
        Fixtures.CifarDirectory(dir.Path, perBatch: 3);
        using var data = Cifar10Reader.LoadDirectory(dir.Path);
        Assert.Equal([15L, 3, 32, 32], data.Train.X.shape);
        Assert.Equal([3L, 3, 32, 32], data.Test.X.shape);
        Assert.Equal(ScalarType.Float32, data.Train.X.dtype);
        Assert.True(data.Train.X.is_contiguous());
        // batch b record i has label (i + b) mod 10: batch 1 -> 1,2,3; batch 2 -> 2,3,4 ...
        Assert.Equal(new long[] { 1, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6, 5, 6, 7 }, data.Train.Y.data<long>().ToArray());
        // record 1 of a file, channel 2, row 5, col 7 -> k = 2*1024 + 5*32 + 7 = 2215 -> (7 + 3*2215) mod 256.
        var expected = (7 + 3 * 2215) % 256 / 255f;
        Assert.Equal(expected, data.Test.X[1, 2, 5, 7].item<float>(), 7);
        Assert.Equal(expected, data.Train.X[4, 2, 5, 7].item<float>(), 7);
    }

    [Fact]
    public void Class_names_come_from_batches_meta()
    {
        using var dir = new TempDir();
        Fixtures.CifarDirectory(dir.Path, 1);
        Assert.Equal(Fixtures.CifarNames, Cifar10Reader.ReadClassNames(dir.Path));
        using (var data = Cifar10Reader.LoadDirectory(dir.Path)) Assert.Equal(Fixtures.CifarNames, data.ClassNames);
        File.Delete(Path.Combine(dir.Path, Cifar10Reader.MetaFile));
        using (var data = Cifar10Reader.LoadDirectory(dir.Path)) Assert.Null(data.ClassNames);
    }

    [Fact]
    public void Record_of_wrong_length_names_file_record_and_byte()
    {
        using var dir = new TempDir();
        var path = dir.File("data_batch_1.bin");
        File.WriteAllBytes(path, Fixtures.CifarRecords(2, 0)[..(2 * 3073 - 5)]);
        var e = Assert.Throws<DataFormatException>(() => Cifar10Reader.ReadBatches(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("record 1 (byte 3073)", e.Message);
    }

    [Fact]
    public void Label_out_of_range_names_record()
    {
        using var dir = new TempDir();
        var path = dir.File("test_batch.bin");
        var bytes = Fixtures.CifarRecords(3, 0);
        bytes[2 * 3073] = 10;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<DataFormatException>(() => Cifar10Reader.ReadBatches(path));
        Assert.Contains("record 2 (byte 6146)", e.Message);
        Assert.Contains("label 10", e.Message);
    }

    [Fact]
    public void Meta_with_wrong_number_of_names_is_rejected()
    {
        using var dir = new TempDir();
        dir.Text("batches.meta.txt", "cat\ndog\n");
        var e = Assert.Throws<DataFormatException>(() => Cifar10Reader.ReadClassNames(dir.Path));
        Assert.Contains("2 class names", e.Message);
    }
}
