using Tact.Data.Tabular;
using static TorchSharp.torch;

namespace Tact.Data.TimeSeries;

/// <summary>
/// Reads a multivariate time series from CSV: one column per variable, one row per time step, an optional header,
/// and an optional time column (given by name, or found as <c>time</c>, <c>date</c>, <c>timestamp</c> or
/// <c>datetime</c>) that is dropped without being parsed.
/// </summary>
public static class SeriesCsv
{
    private static readonly string[] TimeNames = ["time", "date", "timestamp", "datetime"];

    /// <summary>Reads the series; every value must be a finite number.</summary>
    public static SeriesTable Read(string path, string? timeColumn = null)
    {
        var lines = CsvLines.Read(path);
        var hasHeader = lines[0].Fields.Any(f => !CsvLines.TryNumber(f, out _));
        var names = hasHeader ? lines[0].Fields : [.. Enumerable.Range(1, lines[0].Fields.Length).Select(i => $"v{i}")];
        var time = -1;
        if (timeColumn is not null)
        {
            time = Array.IndexOf(names, timeColumn);
            if (time < 0)
                throw new DataFormatException(path, "line 1",
                    $"no time column named '{timeColumn}' (columns: {string.Join(", ", names)})");
        }
        else if (hasHeader)
        {
            time = Array.FindIndex(names, n => TimeNames.Contains(n, StringComparer.OrdinalIgnoreCase));
        }
        var rows = hasHeader ? lines.Skip(1).ToList() : lines;
        if (rows.Count == 0) throw new DataFormatException(path, "line 2", "the file holds a header but no rows");
        var variables = names.Length - (time >= 0 ? 1 : 0);
        if (variables < 1) throw new DataFormatException(path, "line 1", "no variable columns besides the time column");
        var values = new float[rows.Count * variables];
        for (var r = 0; r < rows.Count; r++)
        {
            CsvLines.CheckWidth(path, rows[r], names.Length);
            var v = 0;
            for (var c = 0; c < names.Length; c++)
            {
                if (c == time) continue;
                values[r * variables + v++] = (float)CsvLines.Finite(path, rows[r], c, names[c]);
            }
        }
        return new SeriesTable(tensor(values, [rows.Count, variables]), [.. names.Where((_, c) => c != time)]);
    }
}
