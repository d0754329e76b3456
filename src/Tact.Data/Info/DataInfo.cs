using System.Security.Cryptography;
using Tact.Data.Images;
using Tact.Data.Tabular;

namespace Tact.Data.Info;

/// <summary>
/// Detects the format of a data directory and summarises it: the backend of <c>tact data info DIR</c>.
/// Formats are tried in order: IDX (four standard MNIST file names), CIFAR-10 binary, SVHN <c>.mat</c>, CSV/TXT tables.
/// </summary>
public static class DataInfo
{
    /// <summary>Inspects <paramref name="directory"/>; every file is fully parsed, so format errors surface here.</summary>
    public static DataInfoResult Inspect(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"data directory not found: {directory}");
        if (IdxReader.IsIdxDirectory(directory))
        {
            var files = IdxReader.StandardNames.Select(n => IdxReader.TryFind(directory, n)!).ToArray();
            using var data = IdxReader.LoadDirectory(directory);
            return Result(directory, "idx", files, [Part("train", data.Train, data.Outputs), Part("test", data.Test, data.Outputs)], null);
        }
        if (Cifar10Reader.IsCifarDirectory(directory))
        {
            var files = Cifar10Reader.TrainFiles.Append(Cifar10Reader.TestFile).Select(f => Path.Combine(directory, f)).ToList();
            string[]? names = null;
            if (File.Exists(Path.Combine(directory, Cifar10Reader.MetaFile)))
            {
                names = Cifar10Reader.ReadClassNames(directory);
                files.Add(Path.Combine(directory, Cifar10Reader.MetaFile));
            }
            using var data = Cifar10Reader.LoadDirectory(directory);
            return Result(directory, "cifar10-binary", files, [Part("train", data.Train, data.Outputs), Part("test", data.Test, data.Outputs)], names);
        }
        var mats = System.IO.Directory.GetFiles(directory, "*.mat").Order(StringComparer.Ordinal).ToArray();
        if (mats.Length > 0)
        {
            var parts = new List<DataPartInfo>();
            foreach (var mat in mats)
            {
                var split = SvhnReader.ReadFile(mat);
                using (split.X)
                using (split.Y)
                    parts.Add(Part(Path.GetFileName(mat), split, 10));
            }
            return Result(directory, "svhn-mat", mats, parts, null);
        }
        var tables = System.IO.Directory.GetFiles(directory)
            .Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToArray();
        if (tables.Length > 0)
        {
            var parts = new List<DataPartInfo>();
            IReadOnlyList<string>? names = null;
            foreach (var table in tables)
            {
                var data = TabularCsv.Read(table);
                using (data.Features)
                using (data.Labels)
                    parts.Add(Part(Path.GetFileName(table), data.ToSplit(), data.ClassNames.Length));
                names = tables.Length == 1 ? data.ClassNames : null;
            }
            return Result(directory, "csv", tables, parts, names);
        }
        throw new DataFormatException(directory, "directory",
            "no known data format (looked for the four IDX files, CIFAR-10 batches, .mat files, .csv/.txt tables)");
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static DataPartInfo Part(string name, Split split, int classes)
    {
        using var counts = split.Y.bincount(null, classes);
        var histogram = counts.data<long>().ToArray();
        return new DataPartInfo(name, split.Count, split.X.shape[1..], histogram);
    }

    private static DataInfoResult Result(string directory, string format, IEnumerable<string> files, List<DataPartInfo> parts, IReadOnlyList<string>? names) =>
        new(directory, format, [.. files.Select(f => new DataFileInfo(Path.GetFileName(f), new FileInfo(f).Length, Sha256(f)))], parts, names);
}
