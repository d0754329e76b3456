using Tact.Data.Io;
using static TorchSharp.torch;

namespace Tact.Data.Images;

/// <summary>
/// Reads the binary version of CIFAR-10: files of records <c>1 label byte + 3072 pixel bytes</c> (channel-major
/// 3x32x32), <c>data_batch_1..5.bin</c> for training, <c>test_batch.bin</c> for testing and the class names in
/// <c>batches.meta.txt</c>.
/// </summary>
public static class Cifar10Reader
{
    /// <summary>Bytes in one record.</summary>
    public const int RecordLength = 1 + 3 * 32 * 32;

    /// <summary>Number of classes.</summary>
    public const int Classes = 10;

    /// <summary>The training batch files, in order.</summary>
    public static readonly string[] TrainFiles = [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")];

    /// <summary>The test batch file.</summary>
    public const string TestFile = "test_batch.bin";

    /// <summary>The class-name file.</summary>
    public const string MetaFile = "batches.meta.txt";

    /// <summary>True when the directory holds all six batch files.</summary>
    public static bool IsCifarDirectory(string directory) =>
        TrainFiles.Append(TestFile).All(f => File.Exists(Path.Combine(directory, f)));

    /// <summary>
    /// Images float32 [N, 3, 32, 32] in [0, 1] and labels int64 [N] of the given batch files, concatenated.
    /// </summary>
    public static Split ReadBatches(params string[] paths)
    {
        var total = 0L;
        var contents = new List<byte[]>();
        foreach (var path in paths)
        {
            var bytes = FileBytes.Read(path);
            if (bytes.Length == 0 || bytes.Length % RecordLength != 0)
                throw new DataFormatException(path,
                    $"record {bytes.Length / RecordLength} (byte {bytes.Length / RecordLength * RecordLength})",
                    $"file length {bytes.Length} is not a whole number of {RecordLength}-byte records");
            for (var offset = 0; offset < bytes.Length; offset += RecordLength)
            {
                if (bytes[offset] >= Classes)
                    throw new DataFormatException(path, $"record {offset / RecordLength} (byte {offset})",
                        $"label {bytes[offset]} is out of range 0..{Classes - 1}");
            }
            contents.Add(bytes);
            total += bytes.Length / RecordLength;
        }
        var all = contents.Count == 1 ? contents[0] : Concat(contents);
        using var raw = frombuffer(all, ScalarType.Byte);
        using var records = raw.reshape(total, RecordLength);
        using var labelBytes = records.select(1, 0);
        using var pixelBytes = records.narrow(1, 1, RecordLength - 1);
        using var floats = pixelBytes.to(float32);
        using var scaled = floats.div(255.0);
        return new Split(scaled.reshape(total, 3, 32, 32), labelBytes.to(int64));
    }

    /// <summary>
    /// Loads a <c>cifar-10-batches-bin</c> directory: 50000 training and 10000 test images, and the class names from
    /// <c>batches.meta.txt</c> when it is there (read before the images, so a bad one costs nothing).
    /// </summary>
    public static Dataset LoadDirectory(string directory)
    {
        var names = File.Exists(Path.Combine(directory, MetaFile)) ? ReadClassNames(directory) : null;
        var train = ReadBatches([.. TrainFiles.Select(f => Path.Combine(directory, f))]);
        var test = ReadBatches(Path.Combine(directory, TestFile));
        return new Dataset("cifar10", TaskKind.Classification, train, test, Classes) { ClassNames = names };
    }

    /// <summary>The class names from <c>batches.meta.txt</c> (one per line, blank lines ignored).</summary>
    public static string[] ReadClassNames(string directory)
    {
        var path = Path.Combine(directory, MetaFile);
        var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length != Classes)
            throw new DataFormatException(path, "whole file", $"{names.Length} class names, expected {Classes}");
        return names;
    }

    private static byte[] Concat(List<byte[]> parts)
    {
        var all = new byte[parts.Sum(p => (long)p.Length)];
        var at = 0;
        foreach (var p in parts)
        {
            Buffer.BlockCopy(p, 0, all, at, p.Length);
            at += p.Length;
        }
        return all;
    }
}
