using Tact.Activations.Registry;
using Tact.Data.Io;
using Tact.Experiments.Tasks;
using Tact.Models;

namespace Tact.Experiments.Runs;

/// <summary>
/// The memory a run will need, estimated from its configuration before anything is allocated: parameters (with
/// their gradients and optimiser state), the data, and the values a training step keeps for the backward pass.
/// The estimates are deliberately generous (a factor of two or more); their job is to refuse sizes that cannot
/// work, with a message saying how much they need, not to predict the peak.
/// </summary>
public static class ResourceEstimate
{
    /// <summary>Bytes per float32 value.</summary>
    private const double Float = 4;

    /// <summary>Copies of every parameter during training: the value, its gradient and Adam's two moments.</summary>
    private const double ParameterCopies = 4;

    /// <summary>Values a training step keeps per activation element: outputs, saved inputs, gradients,
    /// temporaries.</summary>
    private const double StepCopies = 8;

    /// <summary>
    /// Checks what can be known from the configuration alone (the MLP's and LSTM's weights, activation parameters,
    /// synthetic data), before the model is built for the first time. Throws <see cref="Data.ResourceLimitException"/>.
    /// </summary>
    public static void CheckBeforeBuilding(RunConfig config, long[]? sampleShape)
    {
        double parameters = 0, widths = 0;
        if (sampleShape is not null && config.Model is "mlp" or "lstm")
        {
            double inputs = sampleShape.Aggregate(1.0, (a, b) => a * b);
            var layers = config.Model == "mlp" ? config.Hidden : [config.Hidden.Count > 0 ? config.Hidden[0] : 32];
            for (int i = 0; i < layers.Count; i++)
            {
                double width = layers[i];
                string spec = config.Activations[Math.Min(i, config.Activations.Count - 1)];
                if (config.Model == "mlp")
                {
                    parameters += (inputs + 1) * width + ActivationParameters(spec, width);
                    inputs = width;
                }
                else
                {
                    double variables = sampleShape[^1];
                    parameters += 4 * width * (variables + width + 2) + ActivationParameters(spec, 3 * width) +
                        2 * ActivationParameters(config.Activations.Count > 1 ? config.Activations[1] : "tanh", width);
                    inputs = width;
                    // Every time step keeps its four gates, the cell and the hidden state for the backward pass.
                    width *= 8 * sampleShape[0];
                }
                widths += width;
            }
            parameters += (inputs + 1) * 16;
        }
        var (samples, sampleValues) = SyntheticData(config, sampleShape);
        double data = samples * (sampleValues + 1) * Float * 3;
        double step = Math.Min(config.Training.BatchSize, Math.Max(samples, 1)) * widths * Float * StepCopies;
        Require(config, parameters, data, step);
    }

    /// <summary>
    /// Checks the built model: <paramref name="perSample"/> is the number of values one sample produces across its
    /// layers (from <see cref="ModelSummary"/>), <paramref name="parameters"/> the model's parameter count.
    /// </summary>
    public static void CheckModel(RunConfig config, long[]? sampleShape, long parameters, double perSample)
    {
        var (samples, sampleValues) = SyntheticData(config, sampleShape);
        double data = samples * (sampleValues + 1) * Float * 3;
        double batch = config.Training.BatchSize;
        if (samples > 0) batch = Math.Min(batch, samples);
        Require(config, parameters, data, batch * perSample * Float * StepCopies);
    }

    private static void Require(RunConfig config, double parameters, double data, double step)
    {
        double total = parameters * Float * ParameterCopies + data + step;
        MemoryBudget.Require(total, $"{config.Model} on {config.Task} ({parameters:G3} parameters, " +
            $"{MemoryBudget.Format(data)} of data, {MemoryBudget.Format(step)} per training step)");
    }

    // Parameters of one activation module grow linearly with its features (one set per layer, or one per neuron):
    // two small probes give the slope without building the layer itself.
    private static double ActivationParameters(string spec, double features)
    {
        try
        {
            using var one = ActivationRegistry.Default.Create(spec, 1);
            using var two = ActivationRegistry.Default.Create(spec, 2);
            return one.ParameterCount + (two.ParameterCount - one.ParameterCount) * (features - 1);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return 0;   // the spec itself is wrong; building the model reports it
        }
    }

    // Samples and values per sample of the data a synthetic task generates (0 for data read from files, which the
    // readers check against the budget from their headers).
    private static (double Samples, double Values) SyntheticData(RunConfig config, long[]? sampleShape)
    {
        var o = config.TaskOptions;
        double values = sampleShape?.Aggregate(1.0, (a, b) => a * b) ?? 0;
        return config.Task switch
        {
            "sine" or "oscillatory" => ((o.TrainCount ?? 20_000.0) + (o.TestCount ?? 5_000.0), values),
            "timeseries" when o.DataDir is null => (o.SeriesLength, values + DataTasks.SyntheticVariables(o)),
            _ => (0, 0),
        };
    }

    /// <summary>Values one sample produces across the layers of a summary (inputs included).</summary>
    public static double PerSample(ModelSummary summary, long[] sampleShape) =>
        sampleShape.Aggregate(1.0, (a, b) => a * b) +
        summary.Rows.Sum(r => r.OutputShape.Aggregate(1.0, (a, b) => a * b));
}
