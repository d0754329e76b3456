using System.Text.Json;
using Tact.Checkpoints;
using Tact.Checkpoints.Description;
using Tact.Experiments.Runs;
using Tact.Experiments.Tasks;
using Tact.Experiments.Training;
using Tact.Models;
using static TorchSharp.torch;

namespace Tact.Experiments.TrainedModels;

/// <summary>
/// Checkpoints of training runs: the description a run writes, and evaluating a saved model on its task again with
/// the preprocessing it was trained with.
/// </summary>
public static class RunCheckpoints
{
    /// <summary>
    /// The checkpoint file of run <paramref name="id"/> in a results directory: <c>DIR/checkpoints/ID.safetensors</c>.
    /// </summary>
    public static string PathFor(string resultsDirectory, string id) =>
        System.IO.Path.Combine(resultsDirectory, Folder, id + ".safetensors");

    /// <summary>The folder of a results directory that holds its runs' checkpoints.</summary>
    public const string Folder = "checkpoints";

    /// <summary>
    /// The run configuration a checkpoint was trained with (its <c>training</c> field); a
    /// <see cref="CheckpointException"/> when the file has none or it no longer reads.
    /// </summary>
    public static RunConfig ConfigOf(string path, CheckpointDescription description)
    {
        if (description.Training is not { } json || description.Task is null)
            throw new CheckpointException(
                $"{path}: fields 'training' and 'task' are missing; the model was not saved by a " +
                "tact training run, so there is no task to evaluate it on");
        try
        {
            return json.Deserialize<RunConfig>(SingleRun.Json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } p ? "training." + p.TrimStart('$', '.') : "training";
            throw new CheckpointException($"{path}: field '{field}' is malformed ({e.Message.Split('.')[0]})", e);
        }
    }

    /// <summary>
    /// Evaluates a saved model on the test split of its task, prepared as in training (same seed, split, scaling):
    /// the metrics equal the final metrics recorded at the end of training.
    /// </summary>
    /// <param name="path">A checkpoint written by a training run.</param>
    /// <param name="dataDir">The task's data directory, when it is not where it was during training.</param>
    public static CheckpointEvaluation Evaluate(string path, string? dataDir = null)
    {
        using var scope = NewDisposeScope();
        using var loaded = Checkpoint.Load(path);
        var config = WithData(ConfigOf(path, loaded.Description), dataDir);
        using var data = RunData.Load(config, TaskCatalog.Find(config.Task));
        CheckShape(path, loaded.Description, data.Used.InputShape, dataDir);
        var (loss, metrics) = Trainer.Evaluate(loaded.Model, data.Used, data.Used.Test, config.Training.Loss);
        return new CheckpointEvaluation(path, config.Task, loss, metrics, loaded.Description.Metrics);
    }

    /// <summary>The configuration with its data directory replaced when <paramref name="dataDir"/> is given.</summary>
    internal static RunConfig WithData(RunConfig config, string? dataDir) =>
        dataDir is null ? config : config with { TaskOptions = config.TaskOptions with { DataDir = dataDir } };

    internal static void CheckShape(string path, CheckpointDescription description, long[] shape, string? source)
    {
        var expected = description.Model!.InputShape;
        if (!shape.SequenceEqual(expected))
            throw new ConfigException(
                $"{source ?? "the task's data"}: samples have shape [{string.Join(", ", shape)}], " +
                $"the model in {path} takes [{string.Join(", ", expected)}]");
    }

    /// <summary>The description a finished run writes beside its weights.</summary>
    internal static CheckpointDescription Describe(RunRecord record, nn.Module model, ModelRequest request,
        RunData data, LossKind loss, int epochsBefore)
    {
        var config = record.Config;
        var source = data.Source;
        var task = new TaskDescription(config.Task, data.Used.Kind, loss.ToString().ToLowerInvariant(), source.Outputs,
            ModelCatalog.IsAutoencoder(config.Model), source.Scaling, source.ClassNames,
            config.Task == "timeseries" ? config.TaskOptions.Window : null);
        // The input range each activation saw in the final test evaluation, for plotting it later.
        var modules = ActivationSnapshots.Find(model);
        var named = Checkpoint.Named(model);
        var ranges = Checkpoint.DescribeActivations(model).Select((a, i) =>
        {
            int layer = modules.FindIndex(m => ReferenceEquals(m, named[i].Module));
            var monitor = layer >= 0 && layer < record.Activations.Count ? record.Activations[layer].Monitor : null;
            bool seen = monitor is { Total: > 0 } && monitor.Max >= monitor.Min;
            return a with { InputMin = seen ? monitor!.Min : null, InputMax = seen ? monitor!.Max : null };
        }).ToList();
        return CheckpointDescription.ForModel(config.Model, request) with
        {
            Activations = ranges,
            Task = task,
            Training = JsonSerializer.SerializeToElement(config, SingleRun.Json),
            EpochsTrained = epochsBefore + record.Epochs.Count,
            Metrics = record.Final,
        };
    }
}
