using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Tact.Data.Fetch;

namespace Tact.Data.Tests.Fetch;

/// <summary>Downloads against a small HTTP server on 127.0.0.1 that this test starts and stops.</summary>
public sealed class DataFetcherTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _files = new();
    private readonly string _base;
    private readonly HttpClient _http = new();

    public DataFetcherTests()
    {
        // Find a free port on loopback, then serve _files until disposed.
        for (int attempt = 0; ; attempt++)
        {
            int port = Random.Shared.Next(20000, 60000);
            _base = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(_base);
            try { _listener.Start(); break; }
            catch (HttpListenerException) when (attempt < 20) { }
        }
        _ = Task.Run(Serve);
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            var name = context.Request.Url!.AbsolutePath.TrimStart('/');
            if (_files.TryGetValue(name, out var body))
            {
                context.Response.StatusCode = 200;
                await context.Response.OutputStream.WriteAsync(body);
            }
            else context.Response.StatusCode = 404;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _http.Dispose();
    }

    private static string Dir() => Path.Combine(Path.GetTempPath(), "tact-tests", Guid.NewGuid().ToString("N"));

    private DataSource Source(string name, byte[] content, string? checksum = null)
    {
        _files[name] = content;
        return new DataSource("test", "test",
            [new DataFile(name, _base + name,
                checksum ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)))]);
    }

    [Fact]
    public async Task DownloadsAndVerifiesThenSkipsWhenPresent()
    {
        var dir = Dir();
        var source = Source("a.txt", Encoding.ASCII.GetBytes("hello"));
        var fetcher = new DataFetcher(_http);
        var first = await fetcher.FetchAsync(source, dir);
        Assert.Equal(FetchOutcome.Downloaded, first.Single().Outcome);
        Assert.Equal("hello", File.ReadAllText(Path.Combine(dir, "a.txt")));
        var second = await fetcher.FetchAsync(source, dir);
        Assert.Equal(FetchOutcome.AlreadyPresent, second.Single().Outcome);
    }

    [Fact]
    public async Task Md5ChecksumsWork()
    {
        var content = Encoding.ASCII.GetBytes("md5 please");
        var source = Source("b.bin", content, "md5:" + Convert.ToHexStringLower(MD5.HashData(content)));
        var dir = Dir();
        await new DataFetcher(_http).FetchAsync(source, dir);
        Assert.True(File.Exists(Path.Combine(dir, "b.bin")));
    }

    [Fact]
    public async Task AWrongChecksumKeepsNothing()
    {
        var dir = Dir();
        var source = Source("c.txt", Encoding.ASCII.GetBytes("tampered"), "sha256:" + new string('0', 64));
        var e = await Assert.ThrowsAsync<FetchException>(() => new DataFetcher(_http).FetchAsync(source, dir));
        Assert.Contains("checksum", e.Message);
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public async Task ADifferentExistingFileIsNeverOverwritten()
    {
        var dir = Dir();
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "d.txt"), "mine");
        var source = Source("d.txt", Encoding.ASCII.GetBytes("theirs"));
        var e = await Assert.ThrowsAsync<FetchException>(() => new DataFetcher(_http).FetchAsync(source, dir));
        Assert.Contains("exists", e.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "d.txt")));
    }

    [Fact]
    public async Task HttpErrorsAreReportedWithTheAddress()
    {
        var source = new DataSource("test", "test",
            [new DataFile("missing.txt", _base + "missing.txt", "sha256:" + new string('0', 64))]);
        var e = await Assert.ThrowsAsync<FetchException>(() => new DataFetcher(_http).FetchAsync(source, Dir()));
        Assert.Contains("HTTP 404", e.Message);
        Assert.Contains("missing.txt", e.Message);
    }

    [Fact]
    public async Task TarGzArchivesAreExtracted()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "cifar-10-batches-bin/test_batch.bin")
            {
                DataStream = new MemoryStream([1, 2, 3])
            };
            tar.WriteEntry(entry);
        }
        var archive = buffer.ToArray();
        _files["x.tar.gz"] = archive;
        var source = new DataSource("t", "t", [new DataFile("x.tar.gz", _base + "x.tar.gz",
            "sha256:" + Convert.ToHexStringLower(SHA256.HashData(archive)), ExtractTarGz: true)]);
        var dir = Dir();
        await new DataFetcher(_http).FetchAsync(source, dir);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(Path.Combine(dir, "test_batch.bin")));
    }

    [Fact]
    public async Task TheMirrorOptionReplacesTheUpstreamAddress()
    {
        _files["iris.csv"] = Encoding.ASCII.GetBytes("not iris");
        var e = await Assert.ThrowsAsync<FetchException>(() =>
            new DataFetcher(_http).FetchAsync(DataSource.Find("iris"), Dir(), mirror: _base));
        Assert.Contains(_base + "iris.csv", e.Message);   // fetched from the mirror, and its checksum checked
    }

    [Fact]
    public void KnownSourcesCoverThePapersDataSets()
    {
        foreach (var name in new[] { "mnist", "fashion-mnist", "kmnist", "cifar10", "svhn", "banknote", "iris" })
            Assert.NotEmpty(DataSource.Find(name).Files);
        Assert.Throws<ArgumentException>(() => DataSource.Find("imagenet"));
    }
}
