using System.Globalization;

namespace Tact.Experiments.TrainedModels;

/// <summary>
/// Predictions, one row per sample: <c>class, p_0 ... p_{k-1}</c> for classification (the most probable class and
/// every class probability), <c>output_0, output_1, ...</c> for regression and reconstruction.
/// </summary>
/// <param name="Header">Column names.</param>
/// <param name="Rows">One row of values per sample.</param>
public sealed record PredictionTable(IReadOnlyList<string> Header, IReadOnlyList<double[]> Rows)
{
    /// <summary>
    /// Writes the table as CSV with its header; numbers round-trip (<c>R</c> format, invariant culture).
    /// </summary>
    public void WriteCsv(TextWriter writer)
    {
        writer.WriteLine(string.Join(",", Header));
        foreach (var row in Rows)
            writer.WriteLine(string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
    }

    /// <summary>
    /// Writes the CSV to <paramref name="path"/> through a temporary file, so a failure leaves no half file.
    /// </summary>
    public void WriteCsv(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        using (var writer = new StreamWriter(temp)) WriteCsv(writer);
        File.Move(temp, full, overwrite: true);
    }
}
