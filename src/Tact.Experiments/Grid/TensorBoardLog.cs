using Tact.Experiments.Runs;
using Tact.Experiments.Training;
using static TorchSharp.torch.utils.tensorboard;

namespace Tact.Experiments.Grid;

/// <summary>
/// Writes each run's per-epoch losses and test metrics as TensorBoard scalars under
/// <c>DIR/tensorboard/CELL/seedN</c>, so <c>tensorboard --logdir DIR/tensorboard</c> shows every run of a grid.
/// </summary>
public sealed class TensorBoardLog(string directory, IGridProgress? inner) : IGridProgress
{
    private TorchSharp.Modules.SummaryWriter? _writer;

    /// <inheritdoc />
    public void RunStarted(RunConfig run, int position, int count)
    {
        var cell = string.Concat(run.Label.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        _writer = SummaryWriter(Path.Combine(directory, "tensorboard", cell, $"seed{run.Training.Seed}"));
        inner?.RunStarted(run, position, count);
    }

    /// <inheritdoc />
    public void Epoch(EpochReport report, int epochs)
    {
        _writer?.add_scalar("loss/train", (float)report.TrainLoss, report.Epoch);
        _writer?.add_scalar("loss/test", (float)report.TestLoss, report.Epoch);
        foreach (var (name, value) in report.TestMetrics)
            _writer?.add_scalar($"test/{name}", (float)value, report.Epoch);
        if (report.ValidationLoss is double validation)
            _writer?.add_scalar("loss/validation", (float)validation, report.Epoch);
        foreach (var (name, value) in report.ValidationMetrics ?? new Dictionary<string, double>())
            _writer?.add_scalar($"validation/{name}", (float)value, report.Epoch);
        inner?.Epoch(report, epochs);
    }

    /// <inheritdoc />
    public void Batch(int done, int total) => inner?.Batch(done, total);

    /// <inheritdoc />
    public void RunFinished(RunRecord record)
    {
        _writer = null;
        inner?.RunFinished(record);
    }
}
