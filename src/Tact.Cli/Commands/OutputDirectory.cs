using Tact.Experiments;

namespace Tact.Cli.Commands;

/// <summary>
/// Checks before any work that an output directory can be written: not empty text, no file on its path, on a
/// file system that takes new files (not read-only, not a pseudo file system such as /proc or /sys). The check
/// writes and removes one probe file in the nearest existing folder, and creates nothing else.
/// </summary>
internal static class OutputDirectory
{
    private static readonly string[] PseudoRoots = ["/proc", "/sys", "/dev"];

    public static string Check(string? dir, string option = "--out")
    {
        if (dir is null
            || dir.Trim().Length == 0) throw new ConfigException($"{option} is an empty string; give a directory");
        if (dir.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || dir.Contains('\0'))
            throw new ConfigException($"{option} '{dir}' holds characters a path cannot");
        string full;
        try
        {
            full = Path.GetFullPath(dir);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ConfigException($"{option} '{dir}' is not a usable path ({e.Message})");
        }
        if (PseudoRoots.Any(r => full == r || full.StartsWith(r + "/", StringComparison.Ordinal)))
            throw new ConfigException($"{option} '{dir}' is on a pseudo file system ({full.Split('/')[1]}); give a " +
                $"directory on disk");
        if (File.Exists(full)) throw new ConfigException($"{option} '{dir}' is a file; give a directory");
        var existing = full;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing)) throw new ConfigException($"{option} '{dir}': '{existing}' is a file, so the " +
                $"directory cannot be created");
            existing = Path.GetDirectoryName(existing)
                ?? throw new ConfigException($"{option} '{dir}' has no existing parent");
        }
        var probe = Path.Combine(existing, $".tact-write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1,
                FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{option} '{dir}' cannot be written: {e.Message.TrimEnd('.')} (checked in " +
                $"'{existing}')");
        }
        finally
        {
            if (File.Exists(probe)) File.Delete(probe);
        }
        return dir;
    }
}
