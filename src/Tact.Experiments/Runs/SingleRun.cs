using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tact.Activations.Registry;
using Tact.Activations.Spec;
using Tact.Checkpoints;
using Tact.Data;
using Tact.Experiments.Tasks;
using Tact.Experiments.TrainedModels;
using Tact.Experiments.Training;
using Tact.Models;
using static TorchSharp.torch;

namespace Tact.Experiments.Runs;

/// <summary>
/// One training run from a <see cref="RunConfig"/>: builds the data and the model, trains, and reports.
/// <c>tact train</c> is exactly this; experiment grids run many of them.
/// </summary>
public sealed class SingleRun
{
    private SingleRun(RunConfig config, TaskInfo task)
    {
        Config = config;
        Task = task;
    }

    /// <summary>The configuration.</summary>
    public RunConfig Config { get; }

    /// <summary>The task.</summary>
    public TaskInfo Task { get; }

    /// <summary>
    /// Checks the whole configuration before anything runs or is written: the task, the model, the training options
    /// and every activation spec (the model is built once, on the task's sample shape, and thrown away).
    /// Throws <see cref="ConfigException"/>.
    /// </summary>
    public static SingleRun Prepare(RunConfig config)
    {
        var task = TaskCatalog.Find(config.Task);
        config.Training.Validate();
        if (!ModelCatalog.Names.ContainsKey(config.Model))
            throw new ConfigException(
                $"unknown model '{config.Model}'; known: {string.Join(", ", ModelCatalog.Names.Keys)}");
        if (config.TaskOptions.Dims < 1) throw new ConfigException($"dims must be >= 1, got {config.TaskOptions.Dims}");
        if (config.TaskOptions.Validation is < 0 or >= 1 || !double.IsFinite(config.TaskOptions.Validation))
            throw new ConfigException($"validation must be a fraction in [0, 1), got {config.TaskOptions.Validation}");
        if (config.Hidden.Count == 0 || config.Hidden.Any(h => h < 1))
            throw new ConfigException(
                $"hidden sizes must be positive whole numbers, got [{string.Join(",", config.Hidden)}]");
        if (ModelCatalog.IsAutoencoder(config.Model) && config.Training.Loss is LossKind.Ce or LossKind.Bce)
            throw new ConfigException($"{config.Model} reconstructs its input; use loss mse or sse, " +
                $"not {config.Training.Loss.ToString().ToLowerInvariant()}");
        if (config.Activations.Count == 0 || config.Activations.Any(string.IsNullOrWhiteSpace))
            throw new ConfigException("every layer needs an activation spec; got an empty one");
        CheckLoss(config.Training.Loss, task, config.Model);
        var run = new SingleRun(config, task);
        var shape = task.SampleShape(config.TaskOptions);
        ResourceEstimate.CheckBeforeBuilding(config, shape);
        if (shape is not null)
        {
            using var probe = run.CreateModel(shape, outputs: 2);
            var summary = Check(() => ModelSummary.Describe(probe, shape));
            ResourceEstimate.CheckModel(config, shape, summary.TotalParameters, ResourceEstimate.PerSample(summary,
                shape));
            if (config.Training.Parameters is { } rules) ParameterRule.Resolve(probe, rules);
        }
        else
        {
            foreach (var spec in config.Activations) Check(() => ActivationRegistry.Default.Validate(spec));
        }
        return run;
    }

    /// <summary>Throws <see cref="ConfigException"/> when the loss does not fit the task's kind.</summary>
    private static void CheckLoss(LossKind loss, TaskInfo task, string model)
    {
        if (ModelCatalog.IsAutoencoder(model)) return;
        bool classification = task.Kind == TaskKind.Classification;
        if (loss is LossKind.Ce or LossKind.Bce && !classification)
            throw new ConfigException($"loss '{loss.ToString().ToLowerInvariant()}' needs a classification task; " +
                $"{task.Name} is regression (use mse or sse)");
        if (loss is LossKind.Mse or LossKind.Sse && classification)
            throw new ConfigException($"{task.Name} is a classification task; use loss ce (or bce for two classes)");
    }

    /// <summary>
    /// Loads the task's data once and checks that training can use it, before anything is written: both splits hold
    /// samples of one shape, every label is a class of the task, a validation split leaves data on both sides, the
    /// loss fits the data, and the model accepts it. Throws <see cref="ConfigException"/> naming the data.
    /// </summary>
    public void CheckData()
    {
        using var scope = NewDisposeScope();
        string where = Config.TaskOptions.DataDir is { } dir ? $"{Config.Task} data '{dir}'" : Config.Task;
        Dataset loaded;
        try
        {
            loaded = Task.Load(Config.TaskOptions, Config.Training.Seed);
        }
        catch (ArgumentException e)
        {
            var message = e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "") : e.Message;
            throw new ConfigException($"{where}: {message}");
        }
        using var data = loaded;
        if (data.Train.Count < 1) throw new ConfigException($"{where}: the training split holds no samples");
        if (data.Test.Count < 1) throw new ConfigException($"{where}: the test split holds no samples");
        if (!data.Train.X.shape[1..].SequenceEqual(data.Test.X.shape[1..]))
            throw new ConfigException($"{where}: training samples are [{string.Join(", ", data.InputShape)}] but " +
                $"test samples are " +
                $"[{string.Join(", ", data.Test.X.shape[1..])}]");
        if (data.Kind == TaskKind.Classification)
            foreach (var (name, split) in new[] { ("training", data.Train), ("test", data.Test) })
            {
                long low = split.Y.min().item<long>(), high = split.Y.max().item<long>();
                if (low < 0 || high >= data.Outputs)
                    throw new ConfigException($"{where}: a {name} label is {(low < 0 ? low : high)}, outside the " +
                        $"classes 0..{data.Outputs - 1}");
            }
        foreach (var t in new[] { data.Train.X, data.Test.X })
            if (t.is_floating_point() && !t.isfinite().all().item<bool>())
                throw new ConfigException($"{where}: the inputs hold NaN or infinite values");
        Trainer.Resolve(Config.Training.Loss, ModelCatalog.IsAutoencoder(Config.Model) ? DataTasks.Reconstruction(data)
            : data);
        if (Config.TaskOptions.Validation > 0) DataTasks.WithValidation(data, Config.TaskOptions.Validation,
            Config.Training.Seed).Dispose();
        // The model on the shape the files really hold (which may differ from the task's usual one).
        ResourceEstimate.CheckBeforeBuilding(Config, data.InputShape);
        int outputs = Config.Training.Loss == LossKind.Bce ? 1 : data.Outputs;
        using var model = CreateModel(data.InputShape, outputs);
        var summary = Check(() => ModelSummary.Describe(model, data.InputShape));
        ResourceEstimate.CheckModel(Config, data.InputShape, summary.TotalParameters,
            ResourceEstimate.PerSample(summary, data.InputShape));
    }

    /// <summary>The data check's key: runs that differ only in their seed read the same data.</summary>
    public string DataKey => System.Text.Json.JsonSerializer.Serialize(new
    {
        Config.Task,
        Config.TaskOptions,
        Config.Model,
        Config.Training.Loss
    });

    /// <summary>A summary of the model (layers, output shapes, parameters) on one sample of the task's data.</summary>
    public ModelSummary Summarize()
    {
        using var data = Task.Load(Config.TaskOptions, Config.Training.Seed);
        int outputs = Config.Training.Loss == LossKind.Bce ? 1
            : ModelCatalog.IsAutoencoder(Config.Model) ? 1
            : data.Outputs;
        using var model = CreateModel(data.InputShape, outputs);
        return ModelSummary.Describe(model, data.InputShape);
    }

    // Model initialisation and dropout draw from libtorch's process-wide generator, so two runs training at once in
    // one process would interleave their draws and their results would depend on timing. Runs therefore take turns;
    // nothing is lost, since each run's kernels already use every core.
    private static readonly Lock GlobalGenerator = new();

    /// <summary>
    /// Trains and returns the record. The run seeds libtorch's process-wide generator; concurrent calls in one process
    /// are serialised so that a run's result depends only on its configuration.
    /// </summary>
    /// <param name="onEpoch">Called after each epoch.</param>
    /// <param name="onBatch">Called after each batch.</param>
    /// <param name="cancel">Stops between batches.</param>
    /// <param name="checkpointing">Where to start from and where to save the trained model, if anywhere.</param>
    public RunRecord Execute(Action<EpochReport>? onEpoch = null, Action<int, int>? onBatch = null,
        CancellationToken cancel = default, RunCheckpointing? checkpointing = null)
    {
        lock (GlobalGenerator) return ExecuteAlone(onEpoch, onBatch, cancel, checkpointing ?? new RunCheckpointing());
    }

    private RunRecord ExecuteAlone(Action<EpochReport>? onEpoch, Action<int, int>? onBatch, CancellationToken cancel,
        RunCheckpointing checkpointing)
    {
        using var scope = NewDisposeScope();
        var options = Config.Training;
        using var data = RunData.Load(Config, Task);
        var used = data.Used;
        random.manual_seed(options.Seed);
        int outputs = options.Loss == LossKind.Bce ? 1 : used.Outputs;
        var request = Request(used.InputShape, outputs) with { InputRange = InputRange(used) };
        using var model = CreateModel(request);
        if (checkpointing.ResumeFrom is { } start) Checkpoint.LoadInto(model, start);
        using var optimizer = Trainer.CreateOptimizer(model, options);
        if (checkpointing.ResumeFrom is { } resumed) Checkpoint.LoadOptimizer(resumed, optimizer);
        using var snapshots = ActivationSnapshots.Capture(model);
        // The input monitors count what each activation saw during the last epoch's test evaluation; a run that
        // stopped early (diverged) gets one more pass over the test split for them instead.
        bool monitored = false;
        var result = Trainer.Fit(model, used, options, onEpoch, onBatch, cancel, on =>
        {
            if (on) snapshots.StartMonitoring();
            else snapshots.StopMonitoring();
            monitored |= !on;
        }, optimizer);
        if (!monitored)
        {
            snapshots.StartMonitoring();
            Trainer.Evaluate(model, used, used.Test, options.Loss);
            snapshots.StopMonitoring();
        }
        var activations = snapshots.Describe();

        long total = model.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
        long inActivations = ActivationSnapshots.Find(model).Sum(a => a.ParameterCount);
        var record = new RunRecord(Config.Id, Config, result.Epochs, result.Final,
            new ParameterCounts(total, inActivations), activations, result.Seconds, result.Diverged, Version,
            result.Divergence);
        if (checkpointing.SaveTo is { } path && !record.Diverged)
        {
            var description = RunCheckpoints.Describe(record, model, request, data, Trainer.Resolve(options.Loss, used),
                checkpointing.EpochsBefore);
            Checkpoint.Save(path, model, description, checkpointing.SaveOptimizer ? optimizer : null);
        }
        return record;
    }

    private ModelRequest Request(long[] sampleShape, int outputs) =>
        new(sampleShape, outputs, Config.Hidden, Config.Activations, Config.OutputActivation, Config.Init,
            Config.GridInit);

    // The grid initialisation covers the activation's range over the range of the training inputs.
    private (double Low, double High)? InputRange(Tact.Data.Dataset data)
    {
        if (Config.GridInit is null || data.Train.X.numel() == 0) return null;
        using var scope = NewDisposeScope();
        double low = data.Train.X.min().to(float64).item<double>();
        double high = data.Train.X.max().to(float64).item<double>();
        return high > low ? (low, high) : null;
    }

    private nn.Module<Tensor, Tensor> CreateModel(long[] sampleShape, int outputs) =>
        CreateModel(Request(sampleShape, outputs));

    private nn.Module<Tensor, Tensor> CreateModel(ModelRequest request) =>
        Check(() => ModelCatalog.Create(Config.Model, request));

    // Spec and shape errors found while building are configuration errors.
    private static T Check<T>(Func<T> build)
    {
        try
        {
            return build();
        }
        catch (Exception e) when (e is SpecParseException or ArgumentException)
        {
            throw new ConfigException(e.Message);
        }
    }

    private static void Check(Action action) => Check(() => { action(); return 0; });

    /// <summary>The tact version, from the assembly's informational version.</summary>
    public static string Version { get; } =
        typeof(SingleRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0]
        ?? "unknown";

    /// <summary>JSON settings for records: camelCase, indented, enums as strings, NaN allowed.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// Writes <c>metrics.json</c> into <paramref name="directory"/> atomically: a temporary file renamed over the
    /// target, so a crash never leaves half a file.
    /// </summary>
    public static string WriteMetrics(RunRecord record, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "metrics.json");
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(record, Json));
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
