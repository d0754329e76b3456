namespace Tact.Experiments.Tasks;

/// <summary>
/// Finds the data directory of a task: <c>--data</c> when given; else <c>$TACT_DATA/NAME</c>; else a
/// <c>shared/data/NAME</c> folder beside the current directory or one of its parents; else, for Fashion-MNIST,
/// Debian's <c>/usr/share/datasets/fashion-mnist</c>.
/// </summary>
public static class DataLocator
{
    /// <summary>The directory to read, or a <see cref="ConfigException"/> saying how to provide one.</summary>
    public static string Find(string task, string? given, string folder)
    {
        if (given is not null)
            return Directory.Exists(given) || File.Exists(given)
                ? given
                : throw new ConfigException($"{task}: --data '{given}' does not exist");
        foreach (var candidate in Candidates(folder))
            if (Directory.Exists(candidate)) return candidate;
        throw new ConfigException(
            $"{task}: no data found; pass --data DIR, set TACT_DATA to a folder holding '{folder}/', " +
            $"or download it with `tact data fetch {folder} --to DIR`");
    }

    private static IEnumerable<string> Candidates(string folder)
    {
        if (Environment.GetEnvironmentVariable("TACT_DATA") is { Length: > 0 } root)
            yield return Path.Combine(root, folder);
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            yield return Path.Combine(dir.FullName, "shared", "data", folder);
            yield return Path.Combine(dir.FullName, "..", "shared", "data", folder);
        }
        if (folder == "fashion-mnist") yield return "/usr/share/datasets/fashion-mnist";
    }
}
