using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tact.Experiments.Runs;

namespace Tact.Experiments.Store;

/// <summary>How a stored run ended.</summary>
public enum RunStatus
{
    /// <summary>Trained to the last epoch.</summary>
    Finished,
    /// <summary>The loss became NaN or infinite; training stopped there and the grid went on.</summary>
    Diverged,
}

/// <summary>
/// The results of a directory: an embedded SQLite database (<c>results.db</c>) with one row per finished run,
/// each written in its own transaction, so a process killed at any moment leaves every run either fully recorded
/// or absent, never partial or duplicated (the run id is the primary key). Exports to CSV and JSON.
/// </summary>
public sealed class ResultStore : IDisposable
{
    /// <summary>File name of the database inside a results directory.</summary>
    public const string FileName = "results.db";

    private readonly SqliteConnection _connection;

    private ResultStore(SqliteConnection connection, string directory)
    {
        _connection = connection;
        Directory = directory;
    }

    /// <summary>The results directory.</summary>
    public string Directory { get; }

    /// <summary>Opens (creating if needed) the store in <paramref name="directory"/>.</summary>
    public static ResultStore Open(string directory)
    {
        if (File.Exists(directory)) throw new ConfigException($"'{directory}' is a file; a results directory is needed");
        System.IO.Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, FileName),
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS runs (
                id TEXT PRIMARY KEY,
                experiment TEXT NOT NULL,
                cell TEXT NOT NULL,
                seed INTEGER NOT NULL,
                status TEXT NOT NULL,
                record TEXT NOT NULL,
                written_at TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS experiments (
                name TEXT PRIMARY KEY,
                info TEXT NOT NULL
            );
            """;
        command.ExecuteNonQuery();
        return new ResultStore(connection, directory);
    }

    /// <summary>Opens an existing store; throws <see cref="ConfigException"/> when there is none.</summary>
    public static ResultStore OpenExisting(string directory)
    {
        if (!File.Exists(Path.Combine(directory, FileName)))
            throw new ConfigException($"no results in '{directory}' (expected {FileName})");
        return Open(directory);
    }

    /// <summary>Ids of every stored run.</summary>
    public HashSet<string> Ids()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id FROM runs";
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>Stores a run in one transaction; returns false (and changes nothing) if its id is already stored.</summary>
    public bool Add(RunRecord record)
    {
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "INSERT OR IGNORE INTO runs (id, experiment, cell, seed, status, record, written_at) VALUES ($id, $e, $c, $s, $st, $r, $t)";
        command.Parameters.AddWithValue("$id", record.Id);
        command.Parameters.AddWithValue("$e", record.Config.Experiment);
        command.Parameters.AddWithValue("$c", record.Config.Label);
        command.Parameters.AddWithValue("$s", record.Config.Training.Seed);
        command.Parameters.AddWithValue("$st", (record.Diverged ? RunStatus.Diverged : RunStatus.Finished).ToString().ToLowerInvariant());
        command.Parameters.AddWithValue("$r", JsonSerializer.Serialize(record, SingleRun.Json));
        command.Parameters.AddWithValue("$t", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        bool added = command.ExecuteNonQuery() == 1;
        transaction.Commit();
        return added;
    }

    /// <summary>Records (or replaces) what the report needs to know about an experiment.</summary>
    public void SaveExperiment(ExperimentInfo info)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO experiments (name, info) VALUES ($n, $i)";
        command.Parameters.AddWithValue("$n", info.Name);
        command.Parameters.AddWithValue("$i", JsonSerializer.Serialize(info, SingleRun.Json));
        command.ExecuteNonQuery();
    }

    /// <summary>Every experiment described in the store, by name.</summary>
    public List<ExperimentInfo> Experiments()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT info FROM experiments ORDER BY name";
        using var reader = command.ExecuteReader();
        var result = new List<ExperimentInfo>();
        while (reader.Read())
            result.Add(JsonSerializer.Deserialize<ExperimentInfo>(reader.GetString(0), SingleRun.Json)
                ?? throw new InvalidDataException($"{Path.Combine(Directory, FileName)}: an experiment description is empty"));
        return result;
    }

    /// <summary>Every stored run, ordered by experiment, cell and seed.</summary>
    public List<RunRecord> Load()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT record FROM runs ORDER BY experiment, cell, seed, id";
        using var reader = command.ExecuteReader();
        var records = new List<RunRecord>();
        while (reader.Read())
            records.Add(JsonSerializer.Deserialize<RunRecord>(reader.GetString(0), SingleRun.Json)
                ?? throw new InvalidDataException($"{Path.Combine(Directory, FileName)}: a stored record is empty"));
        return records;
    }

    /// <summary>Copies every run of <paramref name="other"/> that this store lacks; returns how many were added.</summary>
    public int MergeFrom(ResultStore other)
    {
        foreach (var info in other.Experiments()) SaveExperiment(info);
        return other.Load().Count(Add);
    }

    /// <summary>
    /// Writes <c>runs.csv</c> (one row per run: ids, cell, seed, status, final metrics, parameters, time) and
    /// <c>runs.json</c> (every record) into the directory, each through a temporary file and a rename.
    /// </summary>
    public void Export()
    {
        var records = Load();
        var metrics = records.SelectMany(r => r.Final.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", new[] { "id", "experiment", "cell", "seed", "status" }.Concat(metrics)
            .Concat(["parameters", "activation_parameters", "wall_seconds"])));
        foreach (var r in records)
        {
            var fields = new List<string> { r.Id, r.Config.Experiment, r.Config.Label, r.Config.Training.Seed.ToString(CultureInfo.InvariantCulture),
                r.Diverged ? "diverged" : "finished" };
            fields.AddRange(metrics.Select(m => r.Final.TryGetValue(m, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : ""));
            fields.Add(r.Parameters.Total.ToString(CultureInfo.InvariantCulture));
            fields.Add(r.Parameters.Activation.ToString(CultureInfo.InvariantCulture));
            fields.Add(r.WallSeconds.ToString("R", CultureInfo.InvariantCulture));
            csv.AppendLine(string.Join(",", fields.Select(Quote)));
        }
        WriteAtomically(Path.Combine(Directory, "runs.csv"), csv.ToString());
        WriteAtomically(Path.Combine(Directory, "runs.json"), JsonSerializer.Serialize(records, SingleRun.Json));
    }

    /// <summary>Writes a file through a temporary file renamed over it.</summary>
    public static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
