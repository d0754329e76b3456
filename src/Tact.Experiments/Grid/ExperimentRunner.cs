using Tact.Checkpoints;
using Tact.Experiments.Runs;
using Tact.Experiments.Store;
using Tact.Experiments.TrainedModels;
using Tact.Experiments.Training;

namespace Tact.Experiments.Grid;

/// <summary>What a grid run did.</summary>
/// <param name="Planned">Runs in this shard.</param>
/// <param name="Skipped">Runs already in the store (resume).</param>
/// <param name="Trained">Runs trained now.</param>
/// <param name="Diverged">Runs trained now whose loss diverged.</param>
public sealed record GridSummary(int Planned, int Skipped, int Trained, int Diverged);

/// <summary>Events of a grid run, for progress displays.</summary>
public interface IGridProgress
{
    /// <summary>A run starts: its position among the runs to train and their count.</summary>
    void RunStarted(RunConfig run, int position, int count);

    /// <summary>An epoch of the current run finished.</summary>
    void Epoch(EpochReport report, int epochs);

    /// <summary>A batch of the current run finished.</summary>
    void Batch(int done, int total);

    /// <summary>The current run was stored.</summary>
    void RunFinished(RunRecord record);
}

/// <summary>
/// Runs a plan (or one shard of it) into a result store. Runs already stored are skipped, so rerunning the same
/// command resumes; each finished run is stored in its own transaction, so killing the process at any moment
/// loses at most the run in progress and never leaves a partial or duplicate record.
/// </summary>
public static class ExperimentRunner
{
    /// <summary>
    /// Checks every run of the shard before any training (specs, task, options), then trains the missing ones.
    /// With <paramref name="saveModels"/>, each run trained now also keeps its model in
    /// <see cref="RunCheckpoints.PathFor"/> (written atomically before the run is stored, so a stored run has its
    /// checkpoint, a killed run leaves none, and runs skipped on resume keep theirs untouched).
    /// </summary>
    public static GridSummary Run(ExperimentPlan plan, ResultStore store, Shard shard, IGridProgress? progress = null,
        CancellationToken cancel = default, bool saveModels = false) =>
        Run(plan, Prepare(plan, shard), store, progress, cancel, saveModels);

    /// <summary>
    /// Checks every run of the shard before anything is written: each configuration (specs, options, the memory it
    /// needs) and, once per distinct task and data options, the data itself. Throws <see cref="ConfigException"/>.
    /// </summary>
    public static List<SingleRun> Prepare(ExperimentPlan plan, Shard shard)
    {
        var prepared = plan.For(shard).Select(SingleRun.Prepare).ToList();
        foreach (var run in prepared.DistinctBy(r => r.DataKey)) run.CheckData();
        return prepared;
    }

    /// <summary>
    /// Trains the runs of <paramref name="prepared"/> (from <see cref="Prepare"/>) that the store lacks; with
    /// <paramref name="saveModels"/> as above.
    /// </summary>
    public static GridSummary Run(ExperimentPlan plan, List<SingleRun> prepared, ResultStore store,
        IGridProgress? progress = null, CancellationToken cancel = default, bool saveModels = false)
    {
        var runs = prepared;
        store.SaveExperiment(plan.Info());
        var done = store.Ids();
        var todo = prepared.Where(r => !done.Contains(r.Config.Id)).ToList();
        int diverged = 0;
        if (saveModels) Checkpoint.RemoveUnfinished(Path.Combine(store.Directory, RunCheckpoints.Folder));
        for (int i = 0; i < todo.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var run = todo[i];
            progress?.RunStarted(run.Config, i, todo.Count);
            var record = run.Execute(
                onEpoch: e => progress?.Epoch(e, run.Config.Training.Epochs),
                onBatch: (b, n) => progress?.Batch(b, n),
                cancel: cancel,
                checkpointing: saveModels
                    ? new RunCheckpointing { SaveTo = RunCheckpoints.PathFor(store.Directory, run.Config.Id) }
                    : null);
            store.Add(record);
            if (record.Diverged) diverged++;
            progress?.RunFinished(record);
        }
        store.Export();
        return new GridSummary(runs.Count, runs.Count - todo.Count, todo.Count, diverged);
    }
}
