using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Tact.Experiments.Grid;
using Tact.Experiments.Reports;
using Tact.Experiments.Store;

namespace Tact.Experiments.Tests.BadInput;

/// <summary>
/// Bad-input class 6: a corrupt or foreign <c>results.db</c> is an error naming the file and the problem, and the
/// file is left byte for byte as it was.
/// </summary>
public class ResultStoreBadInputTests
{
    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tact-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    // A small genuine store: two finished runs.
    private static string GoodStore()
    {
        var dir = TempDir();
        var plan = ExperimentPlan.Expand(ExperimentFile.Parse(
            "name: s\ntask: sine\ntask_options: { train_size: 100, test_size: 20 }\nhidden: [3]\nactivations: " +
                "[relu]\nepochs: 1\nseeds: 2\n", "s.yaml"),
            Scale.Full);
        using (var store = ResultStore.Open(dir)) ExperimentRunner.Run(plan, store, Shard.All);
        SqliteConnection.ClearAllPools();
        return dir;
    }

    private static void Execute(string dir, string sql)
    {
        using (var c = new SqliteConnection($"Data Source={Path.Combine(dir, ResultStore.FileName)};Pooling=False"))
        {
            c.Open();
            using var command = c.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    public static TheoryData<string, string> Damages => new()
    {
        { "garbage", "not a SQLite database" },
        { "text", "not a SQLite database" },
        { "truncated header", "truncated" },
        { "truncated pages", "not a usable result store" },
        { "foreign schema", "not a tact result store" },
        { "other columns", "has columns" },
        { "record not json", "is not a run's JSON" },
        { "record of another id", "is not a run's JSON" },
        { "experiment not json", "is not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void ADamagedStoreIsRefusedAndLeftAsItIs(string damage, string message)
    {
        var dir = damage is "garbage" or "text" or "foreign schema" ? TempDir() : GoodStore();
        var db = Path.Combine(dir, ResultStore.FileName);
        switch (damage)
        {
            case "garbage":
                File.WriteAllBytes(db, [.. Enumerable.Range(0, 5000).Select(i
                => (byte)(i * 37 % 251))]); break;
            case "text": File.WriteAllText(db, "id,cell\n1,relu\n"); break;
            case "truncated header": File.WriteAllBytes(db, File.ReadAllBytes(db)[..50]); break;
            case "truncated pages": File.WriteAllBytes(db, File.ReadAllBytes(db)[..5000]); break;
            case "foreign schema": Execute(dir, "CREATE TABLE customers (name TEXT)"); break;
            case "other columns":
                Execute(dir,
                "DROP TABLE experiments; CREATE TABLE experiments (name TEXT, info TEXT, extra TEXT)"); break;
            case "record not json": Execute(dir, "UPDATE runs SET record = '{\"id\": ' WHERE rowid = 1"); break;
            case "record of another id":
                Execute(dir,
                "UPDATE runs SET record = json_set(record, '$.id', 'x') WHERE rowid = 1"); break;
            case "experiment not json": Execute(dir, "UPDATE experiments SET info = 'nope'"); break;
        }
        SqliteConnection.ClearAllPools();
        var hash = SHA256.HashData(File.ReadAllBytes(db));
        var e = Assert.Throws<ConfigException>(() => ResultStore.Open(dir));
        Assert.Contains(db, e.Message);
        Assert.Contains(message, e.Message);
        Assert.Throws<ConfigException>(() => ReportWriter.Write(dir));
        Assert.Equal(hash, SHA256.HashData(File.ReadAllBytes(db)));
        Assert.False(File.Exists(db + "-wal") && new FileInfo(db + "-wal").Length > 0 && damage is "garbage" or "text");
    }

    [Fact]
    public void AnIntactStoreOpens()
    {
        var dir = GoodStore();
        using var store = ResultStore.Open(dir);
        Assert.Equal(2, store.Load().Count);
    }

    [Fact]
    public void AnEmptyDirectoryNameIsRefused() =>
        Assert.Contains("empty string", Assert.Throws<ConfigException>(() => ResultStore.Open(" ")).Message);
}
