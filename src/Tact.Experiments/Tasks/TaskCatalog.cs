using Tact.Data;
using Tact.Data.Synthetic;

namespace Tact.Experiments.Tasks;

/// <summary>Options a task may read; each task documents which it uses.</summary>
public sealed record TaskOptions
{
    /// <summary>Input dimension n of the <c>sine</c> task.</summary>
    public int Dims { get; init; } = 1;

    /// <summary>Training samples of the synthetic tasks (the papers use 20000).</summary>
    public int TrainCount { get; init; } = FunctionTasks.PaperTrainCount;

    /// <summary>Test samples of the synthetic tasks.</summary>
    public int TestCount { get; init; } = FunctionTasks.DefaultTestCount;

    /// <summary>Directory of a task's data files, for tasks that read files.</summary>
    public string? DataDir { get; init; }
}

/// <summary>A task the CLI and experiment files can name.</summary>
/// <param name="Name">Name used with <c>--task</c>.</param>
/// <param name="Summary">One line for help texts.</param>
/// <param name="Load">Builds the data set from options and a seed.</param>
public sealed record TaskInfo(string Name, string Summary, Func<TaskOptions, long, Dataset> Load);

/// <summary>The tasks tact knows, by name.</summary>
public static class TaskCatalog
{
    /// <summary>Every task, in the order help texts list them.</summary>
    public static IReadOnlyList<TaskInfo> All { get; } =
    [
        new("sine", "sin(pi*(x1+..+xn)) on [-2,2]^n (TMAF paper, Table 3.1); option dims = n",
            (o, seed) => FunctionTasks.Sine(o.Dims, seed, o.TrainCount, o.TestCount)),
        new("oscillatory", "sin(100 pi x) + cos(50 pi x) + sin(pi x) on [-1,1] (TMAF paper, Table 3.2)",
            (o, seed) => FunctionTasks.Oscillatory(seed, o.TrainCount, o.TestCount)),
    ];

    /// <summary>The task of that name; throws <see cref="ConfigException"/> listing the known ones.</summary>
    public static TaskInfo Find(string name) =>
        All.FirstOrDefault(t => t.Name == name.ToLowerInvariant())
        ?? throw new ConfigException($"unknown task '{name}'; known: {string.Join(", ", All.Select(t => t.Name))}");
}
