using Tact.Data;
using Tact.Experiments.Tasks;
using Tact.Models;

namespace Tact.Experiments.Runs;

/// <summary>
/// The data a run trains and tests on, prepared exactly as <see cref="SingleRun"/> does: the task's data set, the
/// validation split held out from the seed when asked, and the reconstruction view for autoencoders. Evaluating a
/// checkpoint prepares it again the same way, so its test split is the one the run was tested on.
/// </summary>
internal sealed class RunData : IDisposable
{
    private readonly Dataset _loaded;
    private readonly Dataset? _split;
    private readonly Dataset? _reconstruction;

    private RunData(Dataset loaded, Dataset? split, Dataset? reconstruction)
    {
        _loaded = loaded;
        _split = split;
        _reconstruction = reconstruction;
    }

    /// <summary>The data set the model trains and tests on.</summary>
    public Dataset Used => _reconstruction ?? _split ?? _loaded;

    /// <summary>The task's data before the reconstruction view: its classes, class names and scaling.</summary>
    public Dataset Source => _split ?? _loaded;

    /// <summary>Loads the data of <paramref name="config"/>.</summary>
    public static RunData Load(RunConfig config, TaskInfo task)
    {
        var loaded = task.Load(config.TaskOptions, config.Training.Seed);
        Dataset? split = null;
        try
        {
            split = config.TaskOptions.Validation > 0
                ? DataTasks.WithValidation(loaded, config.TaskOptions.Validation, config.Training.Seed)
                : null;
            var reconstruction = ModelCatalog.IsAutoencoder(config.Model)
                ? DataTasks.Reconstruction(split ?? loaded)
                : null;
            return new RunData(loaded, split, reconstruction);
        }
        catch
        {
            split?.Dispose();
            loaded.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _reconstruction?.Dispose();
        _split?.Dispose();
        _loaded.Dispose();
    }
}
