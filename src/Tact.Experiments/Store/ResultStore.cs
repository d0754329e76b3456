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

    /// <summary>
    /// Opens (creating if needed) the store in <paramref name="directory"/>. An existing <c>results.db</c> is checked
    /// first, and nothing is written to one that is truncated, corrupt, not a SQLite database, of another schema, or
    /// holds a record that is not a run's JSON: each is a <see cref="ConfigException"/> naming the file and the
    /// problem.
    /// </summary>
    public static ResultStore Open(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory)) throw new ConfigException("the results directory is an empty string");
        if (File.Exists(directory))
            throw new ConfigException($"'{directory}' is a file; a results directory is needed");
        var path = Path.Combine(directory, FileName);
        bool existed = File.Exists(path) && new FileInfo(path).Length > 0;
        if (existed) CheckHeader(path);
        System.IO.Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            if (existed) CheckContent(connection, path);
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
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new ConfigException($"{path}: not a usable result store ({e.Message.Split('\n')[0].Trim()})");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return new ResultStore(connection, directory);
    }

    private static readonly Dictionary<string, string[]> Schema = new()
    {
        ["runs"] = ["id", "experiment", "cell", "seed", "status", "record", "written_at"],
        ["experiments"] = ["name", "info"],
    };

    private static void CheckHeader(string path)
    {
        var head = new byte[100];
        int read;
        using (var file = File.OpenRead(path)) read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (!head.AsSpan(0, Math.Min(read, 16)).SequenceEqual("SQLite format 3\0"u8[..Math.Min(read, 16)]) || read < 16)
            throw new ConfigException(
                $"{path}: not a SQLite database (a tact result store is one); it is left as it is");
        if (read < 100) throw new ConfigException($"{path}: truncated ({read} bytes, shorter than a SQLite header)");
    }

    // Integrity, schema and records, read-only: a store that fails any of them is never written to.
    private static void CheckContent(SqliteConnection connection, string path)
    {
        string Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
        }
        var check = Scalar("PRAGMA quick_check");
        if (check != "ok") throw new ConfigException($"{path}: the database is corrupt ({check.Split('\n')[0]}); it " +
            $"is left as it is");
        var tables = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' " +
                "ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        if (tables.Count == 0) return;
        foreach (var (table, columns) in Schema)
        {
            var found = new List<string>();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
            using (var reader = command.ExecuteReader())
                while (reader.Read()) found.Add(reader.GetString(0));
            if (!found.SequenceEqual(columns))
                throw new ConfigException($"{path}: not a tact result store (tables {string.Join(", ", tables)}; " +
                    $"table '{table}' " +
                        $"{(found.Count == 0 ? "is missing" : $"has columns {string.Join(", ", found)}")}); it is " +
                        $"left as it is");
        }
        var bad = Scalar("SELECT id FROM runs WHERE NOT json_valid(record) OR json_type(record) != 'object' " +
            "OR json_type(record, '$.config') IS NOT 'object' OR json_extract(record, '$.id') IS NOT id LIMIT 1");
        if (bad.Length > 0)
            throw new ConfigException($"{path}: the record of run '{Printable(bad)}' is not a run's JSON; the store " +
                $"is left as it is");
        var badInfo = Scalar("SELECT name FROM experiments WHERE NOT json_valid(info) OR json_type(info) != 'object' " +
            "LIMIT 1");
        if (badInfo.Length > 0)
            throw new ConfigException($"{path}: the description of experiment '{Printable(badInfo)}' is not valid " +
                $"JSON; the store is left as it is");
    }

    private static string Printable(string text) =>
        new([.. text.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);

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

    /// <summary>
    /// Stores a run in one transaction; returns false (and changes nothing) if its id is already stored.
    /// </summary>
    public bool Add(RunRecord record)
    {
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "INSERT OR IGNORE INTO runs (id, experiment, cell, seed, status, record, written_at) " +
            "VALUES ($id, $e, $c, $s, $st, $r, $t)";
        command.Parameters.AddWithValue("$id", record.Id);
        command.Parameters.AddWithValue("$e", record.Config.Experiment);
        command.Parameters.AddWithValue("$c", record.Config.Label);
        command.Parameters.AddWithValue("$s", record.Config.Training.Seed);
        command.Parameters.AddWithValue("$st",
            (record.Diverged ? RunStatus.Diverged : RunStatus.Finished).ToString().ToLowerInvariant());
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
            result.Add(Parse<ExperimentInfo>(reader.GetString(0), "an experiment description"));
        return result;
    }

    /// <summary>Every stored run, ordered by experiment, cell and seed.</summary>
    public List<RunRecord> Load()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT record, id FROM runs ORDER BY experiment, cell, seed, id";
        using var reader = command.ExecuteReader();
        var records = new List<RunRecord>();
        while (reader.Read())
            records.Add(Parse<RunRecord>(reader.GetString(0), $"the record of run '{Printable(reader.GetString(1))}'"));
        return records;
    }

    private T Parse<T>(string json, string what) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, SingleRun.Json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{Path.Combine(Directory, FileName)}: {what} cannot be read " +
                $"({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>
    /// Copies every run of <paramref name="other"/> that this store lacks; returns how many were added.
    /// </summary>
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
            var fields = new List<string> { r.Id, r.Config.Experiment, r.Config.Label,
                r.Config.Training.Seed.ToString(CultureInfo.InvariantCulture),
                r.Diverged ? "diverged" : "finished" };
            fields.AddRange(metrics.Select(m =>
                r.Final.TryGetValue(m, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : ""));
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
