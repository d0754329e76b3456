using System.Buffers.Binary;
using System.IO.Compression;

namespace Tact.TestFixtures;

/// <summary>Writers of small files in the exact upstream IDX, CIFAR-10 and SVHN formats.</summary>
public static class Fixtures
{
    /// <summary>IDX bytes: big-endian magic, dimensions, then the payload.</summary>
    public static byte[] Idx(uint magic, uint[] dims, byte[] payload)
    {
        var bytes = new byte[4 + 4 * dims.Length + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        for (var i = 0; i < dims.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        payload.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    /// <summary>Gzip of <paramref name="bytes"/>.</summary>
    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(bytes);
        return output.ToArray();
    }

    /// <summary>Deterministic pixel values: pixel k of image i is (7 i + 3 k) mod 256.</summary>
    public static byte[] Pixels(int count, int perImage)
    {
        var p = new byte[count * perImage];
        for (var i = 0; i < count; i++)
            for (var k = 0; k < perImage; k++) p[i * perImage + k] = (byte)((7 * i + 3 * k) % 256);
        return p;
    }

    /// <summary>Writes an MNIST-style directory with 3x4 images (train n, test m), raw or gzipped.</summary>
    public static void MnistDirectory(string dir, int train, int test, bool gzip)
    {
        void Write(string name, byte[] content) =>
            File.WriteAllBytes(Path.Combine(dir, gzip ? name + ".gz" : name), gzip ? Gzip(content) : content);
        Write("train-images-idx3-ubyte", Idx(2051, [(uint)train, 3, 4], Pixels(train, 12)));
        Write("train-labels-idx1-ubyte",
            Idx(2049, [(uint)train], [.. Enumerable.Range(0, train).Select(i => (byte)(i % 10))]));
        Write("t10k-images-idx3-ubyte", Idx(2051, [(uint)test, 3, 4], Pixels(test, 12)));
        Write("t10k-labels-idx1-ubyte",
            Idx(2049, [(uint)test], [.. Enumerable.Range(0, test).Select(i => (byte)((i + 3) % 10))]));
    }

    /// <summary>CIFAR-10 records: label (i + shift) mod 10, pixels Pixels(count, 3072).</summary>
    public static byte[] CifarRecords(int count, int shift)
    {
        var pixels = Pixels(count, 3072);
        var bytes = new byte[count * 3073];
        for (var i = 0; i < count; i++)
        {
            bytes[i * 3073] = (byte)((i + shift) % 10);
            Buffer.BlockCopy(pixels, i * 3072, bytes, i * 3073 + 1, 3072);
        }
        return bytes;
    }

    /// <summary>The ten CIFAR-10 class names as in batches.meta.txt.</summary>
    public static readonly string[] CifarNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
        "horse", "ship", "truck"];

    /// <summary>A CIFAR-10 binary directory with <paramref name="perBatch"/> records per batch file.</summary>
    public static void CifarDirectory(string dir, int perBatch)
    {
        for (var b = 1; b <= 5; b++)
            File.WriteAllBytes(Path.Combine(dir, $"data_batch_{b}.bin"), CifarRecords(perBatch, b));
        File.WriteAllBytes(Path.Combine(dir, "test_batch.bin"), CifarRecords(perBatch, 0));
        File.WriteAllText(Path.Combine(dir, "batches.meta.txt"), string.Join("\n", CifarNames) + "\n\n");
    }

    /// <summary>
    /// An MNIST-style directory (raw files) of <paramref name="train"/> and <paramref name="test"/> 28x28 images with
    /// labels cycling through 0..9: what the models of the experiments read.
    /// </summary>
    public static void Mnist28Directory(string dir, int train, int test)
    {
        Directory.CreateDirectory(dir);
        void Write(string name, byte[] content) => File.WriteAllBytes(Path.Combine(dir, name), content);
        Write("train-images-idx3-ubyte", Idx(2051, [(uint)train, 28, 28], Pixels(train, 784)));
        Write("train-labels-idx1-ubyte",
            Idx(2049, [(uint)train], [.. Enumerable.Range(0, train).Select(i => (byte)(i % 10))]));
        Write("t10k-images-idx3-ubyte", Idx(2051, [(uint)test, 28, 28], Pixels(test, 784)));
        Write("t10k-labels-idx1-ubyte",
            Idx(2049, [(uint)test], [.. Enumerable.Range(0, test).Select(i => (byte)(i % 10))]));
    }

    /// <summary>
    /// An SVHN directory: <c>train_32x32.mat</c> and <c>test_32x32.mat</c> with labels cycling through 1..10.
    /// </summary>
    public static void SvhnDirectory(string dir, int train, int test)
    {
        Directory.CreateDirectory(dir);
        double[] Labels(int n) => [.. Enumerable.Range(0, n).Select(i => (double)(i % 10 + 1))];
        File.WriteAllBytes(Path.Combine(dir, "train_32x32.mat"), SvhnFile(Labels(train)));
        File.WriteAllBytes(Path.Combine(dir, "test_32x32.mat"), SvhnFile(Labels(test)));
    }

    /// <summary>The SVHN fixture's pixel at (row, col, channel) of sample n.</summary>
    public static byte SvhnPixel(int row, int col, int ch, int n) =>
        (byte)((row * 7 + col * 3 + ch * 50 + n * 11) % 256);

    /// <summary>X uint8 [32, 32, 3, N] column-major (row fastest), y [N, 1] as MATLAB's SVHN files hold them.</summary>
    public static byte[] SvhnFile(double[] labels, bool compressed = true, int[]? dims = null)
    {
        var n = labels.Length;
        var x = new byte[32 * 32 * 3 * n];
        var at = 0;
        for (var s = 0; s < n; s++)
            for (var ch = 0; ch < 3; ch++)
                for (var col = 0; col < 32; col++)
                    for (var row = 0; row < 32; row++) x[at++] = SvhnPixel(row, col, ch, s);
        return MatWriter.File(
            MatWriter.Numeric("X", dims ?? [32, 32, 3, n], x, compressed),
            MatWriter.Numeric("y", [n, 1], labels, compressed));
    }
}
