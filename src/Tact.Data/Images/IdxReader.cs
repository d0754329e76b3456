using Tact.Data.Io;
using static TorchSharp.torch;

namespace Tact.Data.Images;

/// <summary>
/// Reads IDX files (LeCun's MNIST format, also used by Fashion-MNIST), raw or gzipped: big-endian header
/// <c>magic, count[, rows, cols]</c>, then uint8 values.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an image file (uint8, 3 dimensions).</summary>
    public const uint ImagesMagic = 2051;

    /// <summary>Magic number of a label file (uint8, 1 dimension).</summary>
    public const uint LabelsMagic = 2049;

    /// <summary>The four standard file names of an MNIST-style directory, without the optional <c>.gz</c>.</summary>
    public static readonly string[] StandardNames =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>Images as float32 [N, 1, rows, cols] scaled to [0, 1].</summary>
    public static Tensor ReadImages(string path)
    {
        var bytes = Read(path, ImagesMagic, 3, bytesPerValue: 5);
        var (count, dims) = Header(path, bytes, ImagesMagic, 3);
        if (count == 0) return zeros([0, 1, dims[0], dims[1]], float32);   // frombuffer refuses an empty view
        // One native copy from the byte[] (frombuffer shares it), then one conversion: no per-sample work.
        using var raw = frombuffer(bytes, ScalarType.Byte, count * dims[0] * dims[1], 16);
        using var shaped = raw.reshape(count, 1, dims[0], dims[1]);
        var floats = shaped.to(float32);
        return floats.div_(255.0);
    }

    /// <summary>Labels as int64 [N]; every label must be below <paramref name="classes"/>.</summary>
    public static Tensor ReadLabels(string path, int classes = 10)
    {
        var bytes = Read(path, LabelsMagic, 1, bytesPerValue: 9);
        var (count, _) = Header(path, bytes, LabelsMagic, 1);
        if (count == 0) return zeros([0], int64);
        for (var i = 0; i < count; i++)
        {
            if (bytes[8 + i] >= classes)
                throw new DataFormatException(path, $"record {i} (byte {8 + i})",
                    $"label {bytes[8 + i]} is out of range 0..{classes - 1}");
        }
        using var raw = frombuffer(bytes, ScalarType.Byte, count, 8);
        return raw.to(int64);
    }

    /// <summary>
    /// Loads an MNIST-style directory holding the four standard files (each raw or with <c>.gz</c>).
    /// </summary>
    public static Dataset LoadDirectory(string directory, string? name = null, int classes = 10)
    {
        var paths = StandardNames.Select(n => Find(directory, n)).ToArray();
        var train = LoadPair(paths[0], paths[1], classes);
        var test = LoadPair(paths[2], paths[3], classes);
        return new Dataset(name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)),
            TaskKind.Classification, train, test, classes);
    }

    /// <summary>True when <paramref name="directory"/> holds the four standard IDX files.</summary>
    public static bool IsIdxDirectory(string directory) => StandardNames.All(n => TryFind(directory, n) is not null);

    /// <summary>Images and labels of one split; their counts must agree.</summary>
    public static Split LoadPair(string imagesPath, string labelsPath, int classes = 10)
    {
        var images = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath, classes);
        if (images.shape[0] != labels.shape[0])
        {
            var (ni, nl) = (images.shape[0], labels.shape[0]);
            images.Dispose();
            labels.Dispose();
            throw new DataFormatException(labelsPath, "header (byte 4)",
                $"{nl} labels but {imagesPath} holds {ni} images");
        }
        return new Split(images, labels);
    }

    /// <summary>
    /// The path of <paramref name="baseName"/> in <paramref name="directory"/>, raw or <c>.gz</c>, or null.
    /// </summary>
    public static string? TryFind(string directory, string baseName)
    {
        foreach (var candidate in new[] { baseName, baseName + ".gz" })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    private static string Find(string directory, string baseName) =>
        TryFind(directory, baseName) ?? throw new FileNotFoundException(
            $"IDX directory {directory} lacks {baseName} (or {baseName}.gz)", Path.Combine(directory, baseName));

    // The header is checked before the payload is read or inflated: the bytes it declares, and the tensor they become
    // (bytesPerValue per value: the byte read plus its float32 or int64 copy), must fit the memory budget.
    private static byte[] Read(string path, uint magic, int rank, int bytesPerValue)
    {
        int headerLength = 4 * (rank + 1);
        return FileBytes.ReadDeclared(path, headerLength, head =>
        {
            var found = FileBytes.BigEndianUInt32(head, 0);
            if (found != magic) throw new DataFormatException(path, "byte 0",
                $"IDX magic is {found}, expected {magic}");
            double values = FileBytes.BigEndianUInt32(head, 4);
            for (var d = 1; d < rank; d++) values *= FileBytes.BigEndianUInt32(head, 4 + 4 * d);
            MemoryBudget.Require(values * bytesPerValue, $"{path} ({values:G4} values, as its header declares)");
            return headerLength + (long)values;
        });
    }

    private static (int Count, int[] Dims) Header(string path, byte[] bytes, uint magic, int rank)
    {
        var headerLength = 4 * (rank + 1);
        if (bytes.Length < headerLength)
            throw new DataFormatException(path, "byte 0",
                $"{bytes.Length} bytes is shorter than the {headerLength}-byte IDX header");
        var found = FileBytes.BigEndianUInt32(bytes, 0);
        if (found != magic)
            throw new DataFormatException(path, "byte 0", $"IDX magic is {found}, expected {magic}");
        var count = FileBytes.BigEndianUInt32(bytes, 4);
        var dims = new int[rank - 1];
        long perSample = 1;
        for (var d = 0; d < dims.Length; d++)
        {
            var size = FileBytes.BigEndianUInt32(bytes, 8 + 4 * d);
            if (size is 0 or > 1 << 16)
                throw new DataFormatException(path, $"byte {8 + 4 * d}", $"dimension {d + 1} is {size}");
            dims[d] = (int)size;
            perSample *= size;
        }
        var expected = headerLength + count * perSample;
        if (count > int.MaxValue || expected != bytes.Length)
            throw new DataFormatException(path, $"byte {headerLength}",
                $"header says {count} samples of {perSample} bytes ({expected} bytes in all) " +
                $"but the payload makes the file {bytes.Length} bytes");
        return ((int)count, dims);
    }
}
