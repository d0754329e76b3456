using System.Globalization;

namespace Tact.Data.Io;

/// <summary>
/// How much memory a command may plan to use, so that sizes a user sets are refused with a message saying how much
/// they need instead of ending in the kernel's OOM killer. The budget is the memory available now (Linux
/// <c>MemAvailable</c>, or the control group's limit when lower), or <c>TACT_MEMORY_LIMIT</c> (bytes, or with a
/// K, M or G suffix) when set, which also lets tests and shared machines use small limits.
/// </summary>
public static class MemoryBudget
{
    /// <summary>Name of the environment variable that overrides the budget.</summary>
    public const string Variable = "TACT_MEMORY_LIMIT";

    private static readonly AsyncLocal<long?> Override = new();

    /// <summary>
    /// Limits the budget to <paramref name="bytes"/> for the calling flow (this thread and the tasks it starts) until
    /// the result is disposed: how tests exercise the estimates under small limits without touching the process.
    /// </summary>
    public static IDisposable Limit(long bytes)
    {
        var previous = Override.Value;
        Override.Value = bytes;
        return new Restore(() => Override.Value = previous);
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    /// <summary>The budget in bytes.</summary>
    public static long Available()
    {
        if (Override.Value is long limit) return limit;
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } text)
            return Parse(text)
                ?? throw new ResourceLimitException($"{Variable} must be a size such as 512M or 2G, got '{text}'");
        long best = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (ReadMemAvailable() is long available) best = Math.Min(best, available);
        if (ReadCgroupRoom() is long room) best = Math.Min(best, room);
        return best > 0 ? best : long.MaxValue;
    }

    /// <summary>
    /// Throws <see cref="ResourceLimitException"/> (a bad-input error: a size the user chose) when
    /// <paramref name="bytes"/> exceed the budget; <paramref name="what"/> says what needs them.
    /// </summary>
    public static void Require(double bytes, string what)
    {
        long budget = Available();
        if (bytes > budget)
            throw new ResourceLimitException(
                $"{what} needs about {Format(bytes)} of memory, but {Format(budget)} is available" +
                $" (set {Variable} to change the budget); choose smaller sizes");
    }

    /// <summary>A size as people write it: 1.5 GB, 300 MB.</summary>
    public static string Format(double bytes) => bytes switch
    {
        >= 1e12 => (bytes / 1e12).ToString("G3", CultureInfo.InvariantCulture) + " TB",
        >= 1e9 => (bytes / 1e9).ToString("G3", CultureInfo.InvariantCulture) + " GB",
        >= 1e6 => (bytes / 1e6).ToString("G3", CultureInfo.InvariantCulture) + " MB",
        >= 1e3 => (bytes / 1e3).ToString("G3", CultureInfo.InvariantCulture) + " kB",
        _ => bytes.ToString("G3", CultureInfo.InvariantCulture) + " bytes",
    };

    /// <summary>Parses <c>123</c>, <c>64K</c>, <c>512M</c>, <c>2G</c> (powers of 1024); null when malformed.</summary>
    public static long? Parse(string text)
    {
        text = text.Trim();
        long unit = 1;
        if (text.Length > 0 && char.ToUpperInvariant(text[^1]) is 'K' or 'M' or 'G' or 'T')
        {
            unit = char.ToUpperInvariant(text[^1]) switch
            {
                'K' => 1L << 10,
                'M' => 1L << 20,
                'G' => 1L << 30,
                _
                => 1L << 40
            };
            text = text[..^1];
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0
            && v * unit < long.MaxValue
            ? (long)(v * unit)
            : null;
    }

    private static long? ReadMemAvailable()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal) &&
                    long.TryParse(line.AsSpan(13).Trim().TrimEnd("kB").Trim(), NumberStyles.None,
                        CultureInfo.InvariantCulture, out var kb))
                    return kb * 1024;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    private static long? ReadCgroupRoom()
    {
        try
        {
            var max = File.ReadAllText("/sys/fs/cgroup/memory.max").Trim();
            if (max == "max" || !long.TryParse(max, CultureInfo.InvariantCulture, out var limit)) return null;
            long current = long.TryParse(File.ReadAllText("/sys/fs/cgroup/memory.current").Trim(),
                CultureInfo.InvariantCulture, out var c) ? c : 0;
            return Math.Max(0, limit - current);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
