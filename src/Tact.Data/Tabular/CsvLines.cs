using System.Globalization;

namespace Tact.Data.Tabular;

/// <summary>
/// The lines of a small comma-separated file, split into trimmed fields, with 1-based line numbers kept for
/// error messages. Blank lines (e.g. a trailing newline) are skipped; quoted fields with embedded commas are
/// not part of the numeric formats read here.
/// </summary>
public static class CsvLines
{
    /// <summary>One non-blank line: its 1-based number in the file and its fields.</summary>
    public readonly record struct Line(int Number, string[] Fields);

    /// <summary>Reads every non-blank line of <paramref name="path"/>.</summary>
    public static List<Line> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"data file not found: {path}", path);
        var lines = new List<Line>();
        var number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            lines.Add(new Line(number, [.. text.Split(',').Select(f => f.Trim().Trim('"').Trim())]));
        }
        if (lines.Count == 0) throw new DataFormatException(path, "line 1", "the file holds no data");
        return lines;
    }

    /// <summary>Parses a number in the invariant culture (<c>1.5</c>, <c>-2e-3</c>).</summary>
    public static bool TryNumber(string field, out double value) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>A finite number or a <see cref="DataFormatException"/> naming the line and the column.</summary>
    public static double Finite(string path, Line line, int column, string columnName)
    {
        var field = line.Fields[column];
        if (!TryNumber(field, out var value))
            throw new DataFormatException(path, $"line {line.Number}, column {column + 1} ({columnName})",
                $"'{field}' is not a number");
        if (!double.IsFinite(value))
            throw new DataFormatException(path, $"line {line.Number}, column {column + 1} ({columnName})",
                $"'{field}' is not finite");
        return value;
    }

    /// <summary>Throws when a line does not have <paramref name="expected"/> fields.</summary>
    public static void CheckWidth(string path, Line line, int expected)
    {
        if (line.Fields.Length != expected)
            throw new DataFormatException(path, $"line {line.Number}",
                $"{line.Fields.Length} columns, expected {expected}");
    }
}
