namespace Tact.Data.Tests.Support;

/// <summary>
/// Finds the shared real data: $TACT_DATA (a folder holding mnist/, banknote/, iris/), or a <c>shared/data</c>
/// folder next to one of the folders above the test assembly (the repository is cloned next to <c>shared/</c>).
/// </summary>
public static class RealData
{
    /// <summary>The root data folder, or null when it cannot be found.</summary>
    public static string? Root { get; } = Locate();

    /// <summary>Why <see cref="Root"/> is null, for skip messages.</summary>
    public static string Missing =>
        Environment.GetEnvironmentVariable("TACT_DATA") is { Length: > 0 } set
            ? $"real data not found: TACT_DATA={set} is not a folder"
            : "real data not found: set TACT_DATA to the folder holding mnist/, banknote/, iris/, " +
                $"or clone the repository next to shared/data (searched above {AppContext.BaseDirectory})";

    /// <summary>Debian's Fashion-MNIST (package dataset-fashion-mnist), when installed.</summary>
    public const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    /// <summary>
    /// The path of <paramref name="relative"/> under the data root; only call from a
    /// <see cref="RealDataFactAttribute"/> test.
    /// </summary>
    public static string Path(string relative) =>
        System.IO.Path.Combine(Root ?? throw new InvalidOperationException("real data not found"), relative);

    private static string? Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("TACT_DATA");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Directory.Exists(fromEnvironment) ? fromEnvironment : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "mnist"))) return candidate;
        }
        return null;
    }
}
