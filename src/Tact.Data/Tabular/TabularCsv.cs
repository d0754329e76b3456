using static TorchSharp.torch;

namespace Tact.Data.Tabular;

/// <summary>
/// Reads numeric classification tables from CSV: the UCI banknote file (no header), scikit-learn's Iris file
/// (a count header <c>150,4,setosa,versicolor,virginica</c>) and any numeric CSV with column names and a label column.
/// </summary>
public static class TabularCsv
{
    /// <summary>
    /// Reads a table, detecting its first line: a scikit-learn count header (<c>rows,features,class names...</c>),
    /// a header of column names, or data. The label column is <paramref name="label"/> (a header name) or, when
    /// null, the last column. Labels must be whole numbers &gt;= 0, or text (then classes are named by it, in sorted
    /// order).
    /// </summary>
    public static TabularData Read(string path, string? label = null)
    {
        var lines = CsvLines.Read(path);
        var first = lines[0];
        if (IsSklearnHeader(first.Fields))
            return ReadSklearn(path, lines, label);
        var hasHeader = first.Fields.Any(f => !CsvLines.TryNumber(f, out _));
        if (!hasHeader && label is not null)
            throw new DataFormatException(path, "line 1",
                $"label column '{label}' was asked for but the file has no header of column names");
        var names = hasHeader ? first.Fields : [.. Enumerable.Range(1, first.Fields.Length).Select(i => $"x{i}")];
        var labelColumn = label is null ? names.Length - 1 : Array.IndexOf(names, label);
        if (labelColumn < 0)
            throw new DataFormatException(path, "line 1",
                $"no column named '{label}' (columns: {string.Join(", ", names)})");
        if (names.Length < 2)
            throw new DataFormatException(path, "line 1",
                "a table needs at least one feature column and a label column");
        return Build(path, hasHeader ? lines.Skip(1).ToList() : lines, names, labelColumn, classNames: null);
    }

    /// <summary>The UCI banknote-authentication file: 4 features and a 0/1 class, no header.</summary>
    public static TabularData ReadBanknote(string path)
    {
        var data = Read(path);
        if (data.Features.shape[1] != 4)
            throw new DataFormatException(path, "line 1", $"{data.Features.shape[1]} feature columns, banknote has 4");
        return data with
        {
            FeatureNames = ["variance", "skewness", "curtosis", "entropy"],
            ClassNames = ["genuine", "forged"]
        };
    }

    /// <summary>
    /// scikit-learn's <c>iris.csv</c>: count header, 4 features, classes setosa, versicolor, virginica.
    /// </summary>
    public static TabularData ReadIris(string path)
    {
        var data = Read(path);
        if (data.Features.shape[1] != 4)
            throw new DataFormatException(path, "line 1", $"{data.Features.shape[1]} feature columns, iris has 4");
        return data with { FeatureNames = ["sepal_length", "sepal_width", "petal_length", "petal_width"] };
    }

    /// <summary>
    /// True for scikit-learn's count header: two whole numbers (rows, features), then only non-numeric class names.
    /// </summary>
    public static bool IsSklearnHeader(string[] fields) =>
        fields.Length >= 3 && int.TryParse(fields[0], out _) && int.TryParse(fields[1], out _)
        && fields.Skip(2).All(f => f.Length > 0 && !CsvLines.TryNumber(f, out _));

    private static TabularData ReadSklearn(string path, List<CsvLines.Line> lines, string? label)
    {
        if (label is not null)
            throw new DataFormatException(path, "line 1",
                $"label column '{label}' was asked for but a scikit-learn count header names no columns");
        var header = lines[0].Fields;
        var rows = int.Parse(header[0], System.Globalization.CultureInfo.InvariantCulture);
        var features = int.Parse(header[1], System.Globalization.CultureInfo.InvariantCulture);
        if (lines.Count - 1 != rows)
            throw new DataFormatException(path, "line 1",
                $"header announces {rows} rows but the file holds {lines.Count - 1}");
        var names = Enumerable.Range(1, features).Select(i => $"x{i}").Append("class").ToArray();
        return Build(path, lines.Skip(1).ToList(), names, features, classNames: header[2..]);
    }

    private static TabularData Build(string path, List<CsvLines.Line> rows, string[] names, int labelColumn,
        string[]? classNames)
    {
        if (rows.Count == 0) throw new DataFormatException(path, "line 2", "the file holds a header but no rows");
        var width = names.Length;
        var featureCount = width - 1;
        var features = new float[rows.Count * featureCount];
        var labelText = new string[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var line = rows[r];
            CsvLines.CheckWidth(path, line, width);
            var f = 0;
            for (var c = 0; c < width; c++)
            {
                if (c == labelColumn) { labelText[r] = line.Fields[c]; continue; }
                features[r * featureCount + f++] = (float)CsvLines.Finite(path, line, c, names[c]);
            }
        }
        var (labels, classes) = Labels(path, rows, labelColumn, labelText, classNames);
        var featureNames = names.Where((_, c) => c != labelColumn).ToArray();
        return new TabularData(tensor(features, [rows.Count, featureCount]), tensor(labels), featureNames, classes);
    }

    private static (long[] Labels, string[] ClassNames) Labels(string path, List<CsvLines.Line> rows, int column,
        string[] text, string[]? classNames)
    {
        var numeric = text.All(t => CsvLines.TryNumber(t, out _));
        if (!numeric && classNames is null)
        {
            var distinct = text.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var index = distinct.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => (long)p.i,
                StringComparer.Ordinal);
            return ([.. text.Select(t => index[t])], distinct);
        }
        var labels = new long[text.Length];
        for (var r = 0; r < text.Length; r++)
        {
            var where = $"line {rows[r].Number}, column {column + 1}";
            if (!CsvLines.TryNumber(text[r], out var v))
                throw new DataFormatException(path, where, $"label '{text[r]}' is not a number");
            if (v < 0 || v != Math.Floor(v) || v > int.MaxValue)
                throw new DataFormatException(path, where, $"label '{text[r]}' is not a whole number >= 0");
            if (classNames is not null && v >= classNames.Length)
                throw new DataFormatException(path, where,
                    $"label {v} is out of range 0..{classNames.Length - 1} ({string.Join(", ", classNames)})");
            labels[r] = (long)v;
        }
        var names = classNames ?? [.. Enumerable.Range(0, (int)labels.Max() + 1)
            .Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        return (labels, names);
    }
}
