using System.IO.Compression;
using Tact.Data.Images;
using Tact.Data.Io;
using Tact.Data.Tests.Support;
using Tact.TestFixtures;

namespace Tact.Data.Tests.BadInput;

/// <summary>Bad-input class 1 (resource bombs) for data files: decompression and declared sizes, in bounded
/// memory.</summary>
public class DecompressionBombTests
{
    // A gzip file of `header` followed by `zeros` zero bytes, written in chunks (the compressed file is small).
    private static void WriteGzip(string path, byte[] header, long zeros)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        gzip.Write(header);
        var chunk = new byte[1 << 20];
        for (long left = zeros; left > 0; left -= chunk.Length) gzip.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
    }

    [Fact]
    public void AnIdxGzipThatInflatesBeyondItsHeaderStopsThereInBoundedMemory()
    {
        using var dir = new TempDir();
        var path = dir.File("t10k-images-idx3-ubyte.gz");
        // Declares 10 images of 3x4 (136 bytes in all) but inflates to 200 MB.
        WriteGzip(path, Fixtures.Idx(2051, [10, 3, 4], new byte[120]), 200L << 20);
        Assert.True(new FileInfo(path).Length < 1 << 20);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("inflates beyond the 136 bytes its header declares", e.Message);
        Assert.Contains(path, e.Message);
        Assert.True(allocated < 8L << 20, $"{allocated} bytes allocated to refuse the file");
    }

    [Fact]
    public void AHeaderDeclaringMoreThanMemoryIsRefusedBeforeTheBufferExists()
    {
        using var dir = new TempDir();
        var path = dir.File("train-images-idx3-ubyte.gz");
        WriteGzip(path, Fixtures.Idx(2051, [60_000, 60_000, 60_000], []), 1000);
        using var limit = MemoryBudget.Limit(64L << 20);
        var e = Assert.Throws<ResourceLimitException>(() => IdxReader.ReadImages(path));
        Assert.Contains("as its header declares", e.Message);
        Assert.Contains("needs about", e.Message);
    }

    [Fact]
    public void AGzipShorterThanItsHeaderDeclaresNamesTheByteWhereItEnds()
    {
        using var dir = new TempDir();
        var path = dir.File("labels.gz");
        WriteGzip(path, Fixtures.Idx(2049, [100], new byte[40]), 0);
        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(path));
        Assert.Contains("ends after 48 bytes, but its header declares 108", e.Message);
    }

    [Fact]
    public void AGzipWithoutAHeaderStopsAtTheMemoryBudget()
    {
        using var dir = new TempDir();
        var path = dir.File("blob.gz");
        WriteGzip(path, [], 16L << 20);
        using var limit = MemoryBudget.Limit(4L << 20);
        var e = Assert.Throws<DataFormatException>(() => FileBytes.ReadMaybeGzip(path));
        Assert.Contains("inflates beyond", e.Message);
    }

    [Fact]
    public void TheSameGzipReadsWholeUnderALargerBudget()
    {
        using var dir = new TempDir();
        var path = dir.File("blob.gz");
        WriteGzip(path, [1, 2, 3], 1000);
        using var limit = MemoryBudget.Limit(64L << 20);
        Assert.Equal(1003, FileBytes.ReadMaybeGzip(path).Length);
    }

    [Theory]
    [InlineData("512M", 512L << 20)]
    [InlineData("2G", 2L << 30)]
    [InlineData("1000", 1000L)]
    [InlineData("x", null)]
    [InlineData("-5M", null)]
    public void BudgetSizesParse(string text, long? bytes) => Assert.Equal(bytes, MemoryBudget.Parse(text));
}
