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
    /// <summary>
    /// Inspects <paramref name="directory"/>; every file is fully parsed, so format errors surface here.
    /// </summary>
    public static DataInfoResult Inspect(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"data directory not found: {directory}");
        var present = IdxReader.StandardNames.Where(n => IdxReader.TryFind(directory, n) is not null).ToList();
        if (present.Count is > 0 and < 4)
            throw new DataFormatException(directory, "directory", $"holds {string.Join(", ", present)} but lacks " +
                string.Join(", ", IdxReader.StandardNames.Except(present))
                    + " (each raw or .gz): an IDX directory needs all four");
        if (IdxReader.IsIdxDirectory(directory))
        {
            var files = IdxReader.StandardNames.Select(n => IdxReader.TryFind(directory, n)!).ToArray();
            using var data = IdxReader.LoadDirectory(directory);
            return Result(directory, "idx", files,
                [Part("train", data.Train, data.Outputs), Part("test", data.Test, data.Outputs)], null);
        }
        if (Cifar10Reader.IsCifarDirectory(directory))
        {
            var files = Cifar10Reader.TrainFiles.Append(Cifar10Reader.TestFile)
                .Select(f => Path.Combine(directory, f)).ToList();
            if (File.Exists(Path.Combine(directory, Cifar10Reader.MetaFile)))
                files.Add(Path.Combine(directory, Cifar10Reader.MetaFile));
            using var data = Cifar10Reader.LoadDirectory(directory);
            return Result(directory, "cifar10-binary", files,
                [Part("train", data.Train, data.Outputs), Part("test", data.Test, data.Outputs)], data.ClassNames);
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
            .Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ||
                f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
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
            return Result(directory, "csv", tables, parts, names, parts.Max(p => p.ClassHistogram.Length));
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

    private static DataInfoResult Result(string directory, string format, IEnumerable<string> files,
        List<DataPartInfo> parts,
        IReadOnlyList<string>? names, int? classes = null) =>
        new(directory, format, [.. files.Select(f => new DataFileInfo(Path.GetFileName(f), new FileInfo(f).Length,
            Sha256(f)))], parts, names)
        {
            Problems = Problems(format, parts, classes ?? names?.Count ?? 10),
        };

    private static List<string> Problems(string format, List<DataPartInfo> parts, int classes)
    {
        var problems = new List<string>();
        foreach (var p in parts.Where(p => p.Count == 0)) problems.Add($"{p.Name} holds no samples");
        // Tables are separate data sets; the splits of the other formats train and test one model.
        if (format != "csv")
        {
            var first = parts.FirstOrDefault(p => p.Count > 0);
            foreach (var p in parts.Where(p => p.Count > 0 && first is not null
                && !p.SampleShape.SequenceEqual(first.SampleShape)))
                problems.Add($"{p.Name} samples are {string.Join("x", p.SampleShape)} but {first!.Name} samples are " +
                    $"{string.Join("x", first.SampleShape)}");
        }
        foreach (var p in parts.Where(p => p.ClassHistogram.Length > classes))
            problems.Add($"{p.Name} has labels up to {p.ClassHistogram.Length - 1}, beyond the {classes} classes");
        foreach (var p in parts.Where(p => p.Count > 0 && (p.Name.Contains("train") || parts.Count == 1)))
            for (int k = 0; k < Math.Min(classes, p.ClassHistogram.Length); k++)
                if (p.ClassHistogram[k] == 0) problems.Add($"{p.Name}: class {k} has no samples");
        return problems;
    }
}
