using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Tact.Data.Fetch;

/// <summary>What happened to one file.</summary>
public enum FetchOutcome
{
    /// <summary>Downloaded and verified.</summary>
    Downloaded,
    /// <summary>Already present with the right checksum; nothing was downloaded.</summary>
    AlreadyPresent,
}

/// <summary>A download that failed: a network error, a bad status, a wrong checksum, or a conflicting file.</summary>
public sealed class FetchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Downloads data sets with checksum verification. A file is written under a temporary name, verified, then renamed,
/// so a failed or interrupted download never leaves a file that looks complete; an existing file with a different
/// checksum is never overwritten.
/// </summary>
public sealed class DataFetcher(HttpClient http)
{
    /// <summary>
    /// Downloads every file of <paramref name="source"/> into <paramref name="directory"/>. With
    /// <paramref name="mirror"/>, each file is fetched from <c>mirror + file name</c> instead of its upstream address.
    /// </summary>
    public async Task<List<(DataFile File, FetchOutcome Outcome)>> FetchAsync(DataSource source, string directory,
        string? mirror = null, Action<string>? log = null, CancellationToken cancel = default)
    {
        if (File.Exists(directory)) throw new FetchException($"'{directory}' is a file; give a directory");
        Directory.CreateDirectory(directory);
        var results = new List<(DataFile, FetchOutcome)>();
        foreach (var file in source.Files)
        {
            var target = Path.Combine(directory, file.FileName);
            if (File.Exists(target))
            {
                if (!Matches(target, file.Checksum))
                    throw new FetchException(
                        $"{target} exists and its checksum is not {file.Checksum}; remove it or choose another --to");
                log?.Invoke($"{file.FileName}: already present, checksum verified");
                results.Add((file, FetchOutcome.AlreadyPresent));
            }
            else
            {
                var url = mirror is null ? file.Url : mirror.TrimEnd('/') + "/" + file.FileName;
                await DownloadAsync(url, target, file.Checksum, cancel);
                log?.Invoke($"{file.FileName}: downloaded from {url}, checksum verified");
                results.Add((file, FetchOutcome.Downloaded));
            }
            if (file.ExtractTarGz) Extract(target, directory, log);
        }
        return results;
    }

    /// <summary>True when the file's checksum (<c>sha256:</c> or <c>md5:</c>) matches.</summary>
    public static bool Matches(string path, string checksum)
    {
        var parts = checksum.Split(':', 2);
        if (parts.Length != 2) throw new ArgumentException($"checksum '{checksum}' must be sha256:HEX or md5:HEX");
        using var stream = File.OpenRead(path);
        byte[] hash = parts[0] switch
        {
            "sha256" => SHA256.HashData(stream),
            "md5" => MD5.HashData(stream),
            _ => throw new ArgumentException($"checksum '{checksum}' must be sha256:HEX or md5:HEX"),
        };
        return Convert.ToHexStringLower(hash) == parts[1].ToLowerInvariant();
    }

    private async Task DownloadAsync(string url, string target, string checksum, CancellationToken cancel)
    {
        var temp = target + ".part";
        try
        {
            using (var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancel))
            {
                if (!response.IsSuccessStatusCode)
                    throw new FetchException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                await using var body = await response.Content.ReadAsStreamAsync(cancel);
                await using var file = File.Create(temp);
                await body.CopyToAsync(file, cancel);
            }
            if (!Matches(temp, checksum))
                throw new FetchException($"{url}: the downloaded file's checksum is not {checksum}; nothing was kept");
            File.Move(temp, target);
        }
        catch (HttpRequestException e)
        {
            throw new FetchException($"{url}: {e.Message}", e);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static void Extract(string archive, string directory, Action<string>? log)
    {
        using var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) ||
                entry.DataStream is null)
                continue;
            var target = Path.Combine(directory, Path.GetFileName(entry.Name));
            if (File.Exists(target)) continue;
            var temp = target + ".part";
            using (var output = File.Create(temp)) entry.DataStream.CopyTo(output);
            File.Move(temp, target);
            log?.Invoke($"extracted {Path.GetFileName(entry.Name)}");
        }
    }
}
