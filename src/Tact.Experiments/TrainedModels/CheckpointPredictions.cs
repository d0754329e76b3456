using Tact.Checkpoints;
using Tact.Checkpoints.Description;
using Tact.Data;
using Tact.Data.Tabular;
using Tact.Experiments.Runs;
using Tact.Experiments.Tasks;
using static TorchSharp.torch;

namespace Tact.Experiments.TrainedModels;

/// <summary>
/// Predictions of a saved model for new samples, prepared with the preprocessing it was trained with.
/// </summary>
public static class CheckpointPredictions
{
    /// <summary>
    /// Predicts for <paramref name="input"/>: a data directory the model's task reads (its test split, prepared as in
    /// training), or a CSV file with one sample per row (an optional header row; the sample's values flattened in
    /// row-major order, raw values that the recorded standardisation is applied to, e.g. banknote's four features or
    /// a forecasting window of time x variables; images as the reader yields them, pixels in [0, 1]). Forecasts are
    /// mapped back to the scale of the raw series.
    /// </summary>
    public static PredictionTable Predict(string path, string input)
    {
        using var scope = NewDisposeScope();
        using var loaded = Checkpoint.Load(path);
        var description = loaded.Description;
        if (description.Model is null) throw new CheckpointException($"{path}: field 'model' is missing");
        Tensor x;
        RunData? data = null;
        try
        {
            if (Directory.Exists(input))
            {
                var config = RunCheckpoints.WithData(RunCheckpoints.ConfigOf(path, description), input);
                config = config with { TaskOptions = config.TaskOptions with { TestCount = null } };
                data = RunData.Load(config, TaskCatalog.Find(config.Task));
                RunCheckpoints.CheckShape(path, description, data.Used.InputShape, input);
                x = data.Used.Test.X;
            }
            else
            {
                x = ReadCsv(input, description);
            }
            using var _ = no_grad();
            var outputs = new List<Tensor>();
            for (long i = 0; i < x.shape[0]; i += 4096)
                outputs.Add(loaded.Model.call(x.narrow(0, i, Math.Min(4096, x.shape[0] - i))));
            var y = (outputs.Count == 1 ? outputs[0] : cat(outputs, 0)).to(float64);
            return Table(y.reshape(y.shape[0], -1), description.Task);
        }
        finally
        {
            data?.Dispose();
        }
    }

    private static PredictionTable Table(Tensor y, TaskDescription? task)
    {
        if (task is { Kind: TaskKind.Classification })
        {
            var p = task.Loss == "bce" ? cat([1 - y.sigmoid(), y.sigmoid()], 1) : y.softmax(1);
            var classes = p.argmax(1).to(float64).unsqueeze(1);
            var header = new List<string> { "class" };
            header.AddRange(Enumerable.Range(0, (int)p.shape[1]).Select(k => $"p_{k}"));
            return new PredictionTable(header, Rows(cat([classes, p], 1)));
        }
        if (task is { Scaling: { Targets: true } s } && s.Mean.Length == y.shape[1])
            y = y * tensor(s.Std, float64) + tensor(s.Mean, float64);
        return new PredictionTable(Enumerable.Range(0, (int)y.shape[1]).Select(j => $"output_{j}").ToList(), Rows(y));
    }

    private static List<double[]> Rows(Tensor values)
    {
        var flat = values.contiguous().data<double>().ToArray();
        int width = (int)values.shape[1];
        return Enumerable.Range(0, (int)values.shape[0]).Select(i => flat.AsSpan(i * width, width).ToArray()).ToList();
    }

    private static Tensor ReadCsv(string input, CheckpointDescription description)
    {
        if (!File.Exists(input)) throw new ConfigException($"--input '{input}' does not exist");
        var shape = description.Model!.InputShape;
        int features = (int)shape.Aggregate(1L, (a, b) => a * b);
        var lines = CsvLines.Read(input);
        // A first line with any field that is not a number is a header.
        if (lines[0].Fields.Any(f => !CsvLines.TryNumber(f, out _))) lines.RemoveAt(0);
        if (lines.Count == 0) throw new DataFormatException(input, "whole file", "a header but no samples");
        var values = new float[lines.Count * features];
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Fields.Length != features)
                throw new DataFormatException(input, $"line {line.Number}",
                    $"{line.Fields.Length} columns, the model takes {features} " +
                    $"(input shape [{string.Join(", ", shape)}])");
            for (int j = 0; j < features; j++)
                values[i * features + j] = (float)CsvLines.Finite(input, line, j, $"value {j}");
        }
        var x = tensor(values).reshape([lines.Count, .. shape]);
        if (description.Task?.Scaling is { } s)
        {
            if (s.Mean.Length != shape[^1])
                throw new CheckpointException(
                    $"{input}: the recorded scaling has {s.Mean.Length} features, the model's " +
                    $"input shape [{string.Join(", ", shape)}] ends in {shape[^1]}");
            x = (x - tensor(s.Mean).to(float32)) / tensor(s.Std).to(float32);
        }
        return x;
    }
}
