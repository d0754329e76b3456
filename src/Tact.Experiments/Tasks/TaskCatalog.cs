using Tact.Data;
using Tact.Data.Synthetic;
using Tact.Data.Tabular;

namespace Tact.Experiments.Tasks;

/// <summary>Options a task may read; each task documents which it uses.</summary>
public sealed record TaskOptions
{
    /// <summary>
    /// Input dimension n of the <c>sine</c> task; number of variables of the synthetic <c>timeseries</c>.
    /// </summary>
    public int Dims { get; init; } = 1;

    /// <summary>
    /// Training samples: for the synthetic function tasks the number drawn (default 20000, the papers'); for data
    /// sets a cap on the upstream training split (default: all of it).
    /// </summary>
    public int? TrainCount { get; init; }

    /// <summary>Test samples: drawn for synthetic tasks (default 5000); a cap for data sets (default: all).</summary>
    public int? TestCount { get; init; }

    /// <summary>
    /// Directory (or file) of a task's data; found automatically when absent (see <see cref="DataLocator"/>).
    /// </summary>
    public string? DataDir { get; init; }

    /// <summary>Window length of the <c>timeseries</c> task.</summary>
    public int Window { get; init; } = 24;

    /// <summary>Length of the synthetic series of the <c>timeseries</c> task.</summary>
    public int SeriesLength { get; init; } = 3000;

    /// <summary>
    /// Fraction of the training split held out, by a permutation drawn from the seed, as a validation split for the
    /// per-epoch metrics (0, the default: none, and the per-epoch metrics are on the test split). Left out of the
    /// configuration's JSON, and so of run ids, when 0.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(
        Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public double Validation { get; init; }
}

/// <summary>A task the CLI and experiment files can name.</summary>
/// <param name="Name">Name used with <c>--task</c>.</param>
/// <param name="Kind">Regression or classification (decides the default loss and the metrics).</param>
/// <param name="Summary">One line for help texts.</param>
/// <param name="Load">Builds the data set from options and a seed.</param>
/// <param name="SampleShape">Shape of one input sample for the options, known without reading data; null when only
/// the data can tell (a user's CSV).</param>
public sealed record TaskInfo(string Name, TaskKind Kind, string Summary, Func<TaskOptions, long, Dataset> Load,
    Func<TaskOptions, long[]?> SampleShape);

/// <summary>The tasks tact knows, by name.</summary>
public static class TaskCatalog
{
    private static TaskOptions Synthetic(TaskOptions o) => o with
    {
        TrainCount = o.TrainCount ?? FunctionTasks.PaperTrainCount,
        TestCount = o.TestCount ?? FunctionTasks.DefaultTestCount,
    };

    private static long[]? Gray28(TaskOptions _) => [1, 28, 28];

    private static long[]? Color32(TaskOptions _) => [3, 32, 32];

    /// <summary>Every task, in the order help texts list them.</summary>
    public static IReadOnlyList<TaskInfo> All { get; } =
    [
        new("sine", TaskKind.Regression, "sin(pi*(x1+..+xn)) on [-2,2]^n (TMAF paper, Table 3.1); option dims = n",
            (o, seed) =>
                FunctionTasks.Sine(o.Dims, seed, Synthetic(o).TrainCount!.Value, Synthetic(o).TestCount!.Value),
            o => [o.Dims]),
        new("oscillatory", TaskKind.Regression,
            "sin(100 pi x) + cos(50 pi x) + sin(pi x) on [-1,1] (TMAF paper, Table 3.2)",
            (o, seed) => FunctionTasks.Oscillatory(seed, Synthetic(o).TrainCount!.Value, Synthetic(o).TestCount!.Value),
            _ => [1]),
        new("mnist", TaskKind.Classification, "MNIST digits, IDX files (60000/10000, 28x28)",
            (o, _) => DataTasks.Images("mnist", "mnist", o), Gray28),
        new("fashion-mnist", TaskKind.Classification, "Fashion-MNIST, IDX files (Debian: dataset-fashion-mnist)",
            (o, _) => DataTasks.Images("fashion-mnist", "fashion-mnist", o), Gray28),
        new("kmnist", TaskKind.Classification, "Kuzushiji-MNIST, IDX files",
            (o, _) => DataTasks.Images("kmnist", "kmnist", o), Gray28),
        new("cifar10", TaskKind.Classification, "CIFAR-10 binary version (50000/10000, 3x32x32)",
            (o, _) => DataTasks.Cifar10(o), Color32),
        new("svhn", TaskKind.Classification, "SVHN cropped digits, MATLAB files (73257/26032, 3x32x32)",
            (o, _) => DataTasks.Svhn(o), Color32),
        new("banknote", TaskKind.Classification, "banknote authentication (UCI, 1372 x 4), random 80/20 split",
            (o, seed) =>
                DataTasks.Tabular("banknote", "data_banknote_authentication.txt", TabularCsv.ReadBanknote, o, seed),
            _ => [4]),
        new("iris", TaskKind.Classification, "Iris (150 x 4, 3 classes), random 80/20 split",
            (o, seed) => DataTasks.Tabular("iris", "iris.csv", TabularCsv.ReadIris, o, seed), _ => [4]),
        new("timeseries", TaskKind.Regression,
            "one-step forecasting of a multivariate series (synthetic, or a CSV with --data)",
            (o, seed) => DataTasks.TimeSeries(o, seed),
            o => o.DataDir is null ? [o.Window, DataTasks.SyntheticVariables(o)] : null),
    ];

    /// <summary>The task of that name; throws <see cref="ConfigException"/> listing the known ones.</summary>
    public static TaskInfo Find(string name) =>
        All.FirstOrDefault(t => t.Name == name.ToLowerInvariant())
        ?? throw new ConfigException($"unknown task '{name}'; known: {string.Join(", ", All.Select(t => t.Name))}");
}
