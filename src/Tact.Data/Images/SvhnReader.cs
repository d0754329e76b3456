using Tact.Data.Mat;
using static TorchSharp.torch;

namespace Tact.Data.Images;

/// <summary>
/// Reads the cropped-digit SVHN files <c>train_32x32.mat</c> and <c>test_32x32.mat</c>: <c>X</c> is uint8
/// [32, 32, 3, N] in MATLAB order (row, column, channel, sample), <c>y</c> holds N labels 1..10 where 10 means
/// the digit 0.
/// </summary>
public static class SvhnReader
{
    /// <summary>The training file name.</summary>
    public const string TrainFile = "train_32x32.mat";

    /// <summary>The test file name.</summary>
    public const string TestFile = "test_32x32.mat";

    /// <summary>True when the directory holds both files.</summary>
    public static bool IsSvhnDirectory(string directory) =>
        File.Exists(Path.Combine(directory, TrainFile)) && File.Exists(Path.Combine(directory, TestFile));

    /// <summary>Images float32 [N, 3, 32, 32] in [0, 1] and labels int64 [N] in 0..9.</summary>
    public static Split ReadFile(string path)
    {
        var vars = MatFile.Read(path, "X", "y");
        var x = vars["X"];
        var y = vars["y"];
        try
        {
            if (x.Class != MatClass.UInt8 || x.Dimensions.Length != 4 || x.Dimensions[0] != 32 ||
                x.Dimensions[1] != 32 || x.Dimensions[2] != 3)
                throw new DataFormatException(path, "variable 'X'",
                    $"expected uint8 [32, 32, 3, N], found {x.Class} [{string.Join(", ", x.Dimensions)}]");
            var n = x.Dimensions[3];
            if (y.Count != n)
                throw new DataFormatException(path, "variable 'y'", $"{y.Count} labels for {n} images");
            using var flat = y.Stored.reshape(n);
            using var labels = flat.to(int64);
            using var bad = labels.lt(1).logical_or(labels.gt(10));
            if (bad.any().item<bool>())
            {
                var index = bad.nonzero()[0, 0].item<long>();
                throw new DataFormatException(path, $"variable 'y', record {index}",
                    $"label {labels[index].item<long>()} is out of range 1..10");
            }
            // Stored is [N, 3, column, row]: swap the last two axes to get NCHW.
            // to() keeps a dense permuted layout; contiguous() makes the result a plain NCHW tensor.
            using var chw = x.Stored.permute(0, 1, 3, 2);
            using var permuted = chw.to(float32);
            var floats = permuted.contiguous();
            return new Split(floats.div_(255.0), labels.remainder(10));
        }
        finally
        {
            x.Stored.Dispose();
            y.Stored.Dispose();
        }
    }

    /// <summary>Loads a directory holding <c>train_32x32.mat</c> and <c>test_32x32.mat</c>.</summary>
    public static Dataset LoadDirectory(string directory)
    {
        var train = ReadFile(Path.Combine(directory, TrainFile));
        var test = ReadFile(Path.Combine(directory, TestFile));
        return new Dataset("svhn", TaskKind.Classification, train, test, 10);
    }
}
