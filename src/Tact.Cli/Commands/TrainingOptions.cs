using System.CommandLine;
using System.Globalization;
using Tact.Experiments;
using Tact.Experiments.Runs;
using Tact.Experiments.Tasks;
using Tact.Experiments.Training;
using Tact.Models;

namespace Tact.Cli.Commands;

/// <summary>
/// The options shared by <c>train</c> and <c>compare</c>, and their translation into a <see cref="RunConfig"/>.
/// </summary>
internal sealed class TrainingOptions
{
    public Option<string> Task { get; } = new("--task")
    {
        Description = "Task to learn: " + string.Join("; ", TaskCatalog.All.Select(t => $"{t.Name} = {t.Summary}")),
        Required = true,
    };

    public Option<string> Model { get; } = new("--model")
    {
        Description = "Model: " + string.Join("; ", ModelCatalog.Names.Select(m => $"{m.Key} = {m.Value}")),
        DefaultValueFactory = _ => "mlp",
    };

    public Option<string?> OutputActivation { get; } = new("--output-activation")
    {
        Description = "Activation spec of the output layer " +
            "(mlp: none by default; autoencoders: the paper's, tanh or relu)",
    };

    public Option<string> Hidden { get; } = new("--hidden")
    {
        Description = "Hidden layer widths of the mlp, comma-separated (lstm: its hidden units)",
        DefaultValueFactory = _ => "20",
    };

    public Option<int> Epochs { get; } = new("--epochs")
    {
        Description = "Passes over the training data",
        DefaultValueFactory = _ => 20,
    };

    public Option<int> Batch { get; } = new("--batch")
    {
        Description = "Mini-batch size",
        DefaultValueFactory = _ => 100,
    };

    public Option<double> Lr { get; } = new("--lr") { Description = "Learning rate", DefaultValueFactory = _ => 1e-3 };

    public Option<string> Optimizer { get; } = new("--optimizer")
    {
        Description = "Optimiser",
        DefaultValueFactory = _ => "adam",
    };

    public Option<string> Loss { get; } = new("--loss")
    {
        Description = "Training loss: auto (ce for classification, mse for regression), mse, " +
            "sse (sum of squared errors, the TMAF paper's), ce, or bce (two classes, one output)",
        DefaultValueFactory = _ => "auto",
    };

    public Option<long> Seed { get; } = new("--seed")
    {
        Description = "Seed of data, initialisation and batch order",
        DefaultValueFactory = _ => 1,
    };

    public Option<int> Dims { get; } = new("--dims")
    {
        Description = "Input dimension n of the sine task",
        DefaultValueFactory = _ => 1,
    };

    public Option<int?> TrainSize { get; } = new("--train-size")
    {
        Description = "Training samples: drawn for synthetic tasks (default 20000), " +
            "at most this many from a data set (default all)",
    };

    public Option<int?> TestSize { get; } = new("--test-size")
    {
        Description = "Test samples: drawn for synthetic tasks (default 5000), " +
            "at most this many from a data set (default all)",
    };

    public Option<string?> Data { get; } = new("--data")
    {
        Description = "Data directory (or file) of a task that reads files; " +
            "by default $TACT_DATA/TASK or a shared/data/TASK folder above the current directory",
    };

    public Option<int> Window { get; } = new("--window")
    {
        Description = "Window length of the timeseries task",
        DefaultValueFactory = _ => 24,
    };

    public Option<double> Validation { get; } = new("--validation")
    {
        Description = "Hold this fraction of the training data out as a validation split for the per-epoch metrics " +
            "(default 0: per-epoch metrics on the test split)",
        DefaultValueFactory = _ => 0,
    };

    public Option<string?> Init { get; } = new("--init")
    {
        Description = "How the mlp's linear layers start: pytorch, glorot_normal or glorot_uniform (one for all, or " +
            "one per linear layer joined by commas); or grid, which initialises the layers that feed grid-based " +
            "activations (tmaf, tmaf3) to cover the activation's designed range: grid, or " +
            "grid,coverage=0.9,jitter=0.1,seed=N,layers=1+2,input_range=LOW:HIGH",
    };

    public Option<string[]> Freeze { get; } = new("--freeze")
    {
        Description = "Do not train these parameters: names or layer prefixes as the model names them " +
            "(mlp: linears.0 is the first layer); repeat or separate with commas",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string[]> LrScale { get; } = new("--lr-scale")
    {
        Description = "Train a layer at the learning rate times a factor: NAME=FACTOR (e.g. linears.0=0.01); " +
            "repeat or separate with commas",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string?> Out { get; } = new("--out") { Description = "Directory to write results into" };

    public Option<bool> Force { get; } = new("--force") { Description = "Overwrite results already in --out" };

    public TrainingOptions()
    {
        Optimizer.AcceptOnlyFromAmong([.. TrainingWords.Optimizers]);
        Loss.AcceptOnlyFromAmong([.. TrainingWords.Losses]);
        Model.AcceptOnlyFromAmong([.. ModelCatalog.Names.Keys]);
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[]
        {
            Task, Data, Model, OutputActivation, Hidden, Epochs, Batch, Lr, Optimizer, Loss, Seed, Dims, Window,
            TrainSize, TestSize, Validation, Init, Freeze, LrScale, Out, Force,
        })
            command.Options.Add(option);
    }

    /// <summary>
    /// Builds the run configuration for one stack of activation specs; throws <see cref="ConfigException"/>.
    /// </summary>
    public RunConfig ToConfig(ParseResult r, string activation, long? seed = null)
    {
        int? trainSize = r.GetValue(TrainSize), testSize = r.GetValue(TestSize);
        if (trainSize < 1 || testSize < 1)
            throw new ConfigException($"--train-size and --test-size must be >= 1, got {trainSize} and {testSize}");
        if (r.GetValue(Window) < 1) throw new ConfigException($"--window must be >= 1, got {r.GetValue(Window)}");
        var (linearInit, gridInit) = ParseInit(r.GetValue(Init));
        return new RunConfig
        {
            Task = r.GetValue(Task)!,
            TaskOptions = new TaskOptions
            {
                Dims = r.GetValue(Dims),
                TrainCount = trainSize,
                TestCount = testSize,
                DataDir = r.GetValue(Data),
                Window = r.GetValue(Window),
                Validation = r.GetValue(Validation),
            },
            Model = r.GetValue(Model)!,
            OutputActivation = r.GetValue(OutputActivation),
            Activations = SplitStack(activation),
            Hidden = ParseHidden(r.GetValue(Hidden)!),
            Init = linearInit,
            GridInit = gridInit,
            Training = new TrainOptions
            {
                Epochs = r.GetValue(Epochs),
                BatchSize = r.GetValue(Batch),
                LearningRate = r.GetValue(Lr),
                Optimizer = TrainingWords.Optimizer(r.GetValue(Optimizer)!)!.Value,
                Loss = TrainingWords.Loss(r.GetValue(Loss)!)!.Value,
                Seed = seed ?? r.GetValue(Seed),
                Parameters = ParseRules(r.GetValue(Freeze) ?? [], r.GetValue(LrScale) ?? []),
            },
        };
    }

    /// <summary>
    /// Checks <c>--out</c> before anything runs: it must be a directory that can be written, and must not already hold
    /// <paramref name="fileName"/> unless <c>--force</c> is given. Returns the directory, or null.
    /// </summary>
    public string? CheckOut(ParseResult r, string fileName)
    {
        var dir = r.GetValue(Out);
        if (dir is null) return null;
        OutputDirectory.Check(dir);
        if (File.Exists(Path.Combine(dir, fileName)) && !r.GetValue(Force))
            throw new ConfigException($"'{Path.Combine(dir, fileName)}' already exists; " +
                "choose another --out or pass --force to overwrite it");
        return dir;
    }

    /// <summary>Splits <c>a;b</c> into one spec per hidden layer.</summary>
    public static IReadOnlyList<string> SplitStack(string activation)
    {
        var specs = activation.Split(';', StringSplitOptions.TrimEntries);
        if (specs.Any(s => s.Length == 0)) throw new ConfigException($"empty activation spec in '{activation}'");
        return specs;
    }

    // --init takes linear-layer words (one, or one per layer) or the grid initialisation's form; one of the two.
    private static (IReadOnlyList<Models.LinearInit>? Linear, Models.LayerInit? Grid) ParseInit(string? text)
    {
        if (text is null) return (null, null);
        var words = text.Split(',', StringSplitOptions.TrimEntries);
        if (words[0] != Models.LayerInit.GridKind)
            return (words.Select(word => Models.LinearInits.Parse(word)
                ?? throw new ConfigException($"--init: unknown init '{word}'; known: " +
                    $"{string.Join(", ", Models.LinearInits.Words)}, {Models.LayerInit.GridKind}")).ToList(), null);
        try
        {
            return (null, Models.LayerInit.Parse(text));
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"--init: {e.Message}");
        }
    }

    // Freezing comes first, so a later --lr-scale of the same name wins, as in an experiment file's list.
    private static List<ParameterRule>? ParseRules(string[] freeze, string[] scales)
    {
        static IEnumerable<string> Items(string[] values) =>
            values.SelectMany(v => v.Split(',',
                StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var rules = Items(freeze).Select(name => new ParameterRule(name, 0)).ToList();
        foreach (var item in Items(scales))
        {
            var kv = item.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || kv[0].Length == 0 ||
                !double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double factor) ||
                !(factor > 0) || !double.IsFinite(factor))
                throw new ConfigException($"--lr-scale expects NAME=FACTOR with a factor > 0, got '{item}'");
            rules.Add(new ParameterRule(kv[0], factor));
        }
        return rules.Count > 0 ? rules : null;
    }

    private static List<int> ParseHidden(string text)
    {
        var sizes = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size < 1)
                throw new ConfigException($"--hidden expects positive whole numbers separated by commas, got '{text}'");
            sizes.Add(size);
        }
        return sizes;
    }
}
