using System.Diagnostics;
using Tact.Activations;
using Tact.Data;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Tact.Experiments.Training;

/// <summary>
/// Mini-batch training of any model on a <see cref="Dataset"/>: shuffles from the seed, steps the optimiser,
/// evaluates on the test split after each epoch, and stops early if the loss diverges.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// The divergence rule: training stops and the run counts as diverged when a batch's training loss (per sample)
    /// is NaN or infinite, or exceeds this factor times the larger of the first batch's loss and 1, or when the test
    /// loss after an epoch is NaN or infinite. The floor of 1 keeps a loss that starts near zero from counting as
    /// diverged when it merely grows to an ordinary size.
    /// </summary>
    public const double DivergenceFactor = 1000;

    /// <summary>Trains <paramref name="model"/> in place.</summary>
    /// <param name="model">The model; its output is [N, outputs].</param>
    /// <param name="data">Training and test splits.</param>
    /// <param name="options">Epochs, batch, optimiser, loss, seed.</param>
    /// <param name="onEpoch">Called after each epoch.</param>
    /// <param name="onBatch">Called after each batch with (batches done this epoch, batches per epoch).</param>
    /// <param name="cancel">Stops between batches.</param>
    /// <param name="aroundFinalTest">Called with true just before the last epoch's test evaluation and with false just
    /// after it, e.g. to switch activation input monitors on for that one pass.</param>
    /// <param name="optimizer">The optimiser to step (e.g. one whose state was restored to resume training), made by
    /// <see cref="CreateOptimizer"/> over <paramref name="model"/>'s parameters; the caller keeps and disposes it.
    /// When null, a fresh one is made and disposed.</param>
    /// <remarks>
    /// The activation regularisers of <see cref="TrainOptions.Penalty"/> are added to each batch's loss (the reported
    /// losses leave them out), and after each optimiser step every activation constrained by projection is projected.
    /// </remarks>
    public static TrainResult Fit(nn.Module<Tensor, Tensor> model, Dataset data, TrainOptions options,
        Action<EpochReport>? onEpoch = null, Action<int, int>? onBatch = null, CancellationToken cancel = default,
        Action<bool>? aroundFinalTest = null, optim.Optimizer? optimizer = null)
    {
        options.Validate();
        var lossKind = Resolve(options.Loss, data);

        var total = Stopwatch.StartNew();
        var scales = GroupScales(model, options);
        using var owned = optimizer is null ? CreateOptimizer(model, options) : null;
        optimizer ??= owned!;
        if (optimizer.ParamGroups.Count() != scales.Count)
            throw new ArgumentException($"the optimiser has {optimizer.ParamGroups.Count()} parameter groups; " +
                $"the options ask for {scales.Count}: make it with Trainer.CreateOptimizer");
        using var generator = new Generator(unchecked((ulong)options.Seed));
        var reports = new List<EpochReport>();
        long n = data.Train.Count;
        int batches = (int)((n + options.BatchSize - 1) / options.BatchSize);
        bool diverged = false;
        string? divergence = null;
        double first = double.NaN;

        for (int epoch = 1; epoch <= options.Epochs && !diverged; epoch++)
        {
            var watch = Stopwatch.StartNew();
            double lr = options.LearningRateAt(epoch);
            foreach (var (group, scale) in optimizer.ParamGroups.Zip(scales)) group.LearningRate = lr * scale;
            model.train();
            double lossSum = 0;
            using (var order = randperm(n, generator: generator))
            {
                for (int b = 0; b < batches; b++)
                {
                    cancel.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    var index = order.narrow(0, (long)b * options.BatchSize,
                        Math.Min(options.BatchSize, n - (long)b * options.BatchSize));
                    var x = data.Train.X.index_select(0, index);
                    var y = data.Train.Y.index_select(0, index);
                    optimizer.zero_grad();
                    var loss = Objective(model.call(x), y, lossKind);
                    var objective = options.Penalty.IsActive ? loss + options.Penalty.Penalty(model) : loss;
                    objective.backward();
                    optimizer.step();
                    ActivationConstraints.ProjectAll(model);
                    double value = loss.item<float>();
                    if (lossKind == LossKind.Sse) value /= x.shape[0];
                    if (double.IsNaN(first)) first = value;
                    double limit = DivergenceFactor * Math.Max(first, 1);
                    if (!double.IsFinite(value) || value > limit)
                    {
                        diverged = true;
                        divergence = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                            $"batch {b + 1} of epoch {epoch}: training loss {value:G4}") + (double.IsFinite(value)
                            ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
                                $" is above {DivergenceFactor:G} x max(first batch loss {first:G4}, 1)")
                            : "");
                        break;
                    }
                    lossSum += value;
                    onBatch?.Invoke(b + 1, batches);
                }
            }
            if (diverged) break;
            bool last = epoch == options.Epochs;
            if (last) aroundFinalTest?.Invoke(true);
            var (testLoss, metrics) = Evaluate(model, data, data.Test, lossKind);
            if (last) aroundFinalTest?.Invoke(false);
            (double Loss, Dictionary<string, double> Metrics)? validation =
                data.Validation is { } held ? Evaluate(model, data, held, lossKind) : null;
            diverged = !double.IsFinite(testLoss);
            if (diverged) divergence = $"epoch {epoch}: test loss {testLoss}";
            var report = new EpochReport(epoch, lossSum / batches, testLoss, metrics, watch.Elapsed.TotalSeconds,
                validation?.Loss, validation?.Metrics);
            reports.Add(report);
            onEpoch?.Invoke(report);
        }

        var final = reports.Count > 0 ? reports[^1].TestMetrics : new Dictionary<string, double>();
        return new TrainResult(reports, final, total.Elapsed.TotalSeconds, diverged, divergence);
    }

    /// <summary>
    /// The loss a run uses: <see cref="LossKind.Auto"/> becomes cross-entropy for classification and mean squared
    /// error for regression; a loss that does not fit the task is a <see cref="ConfigException"/>.
    /// </summary>
    public static LossKind Resolve(LossKind loss, Dataset data)
    {
        bool classification = data.Kind == TaskKind.Classification;
        if (loss == LossKind.Auto) return classification ? LossKind.Ce : LossKind.Mse;
        if (loss is LossKind.Ce or LossKind.Bce && !classification)
            throw new ConfigException($"loss '{loss.ToString().ToLowerInvariant()}' needs a classification task; " +
                $"{data.Name} is regression (use mse or sse)");
        if (loss is LossKind.Mse or LossKind.Sse && classification)
            throw new ConfigException($"{data.Name} is a classification task; use loss ce (or bce for two classes)");
        if (loss == LossKind.Bce && data.Outputs != 2)
            throw new ConfigException($"loss 'bce' needs two classes; {data.Name} has {data.Outputs}");
        return loss;
    }

    /// <summary>
    /// Per-sample loss and metrics of the model on a split, without gradients (the penalty is not included).
    /// </summary>
    public static (double Loss, Dictionary<string, double> Metrics) Evaluate(nn.Module<Tensor, Tensor> model,
        Dataset data, Split split,
        LossKind loss = LossKind.Auto)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var prediction = PredictInChunks(model, split.X);
        var kind = Resolve(loss, data);
        if (kind == LossKind.Bce)
        {
            var logit = prediction.reshape(-1);
            double bce = F.binary_cross_entropy_with_logits(logit, split.Y.to(logit.dtype)).item<float>();
            var classes = logit.gt(0).to(int64);
            return (bce,
                Metrics.Classification(stack([classes.logical_not(), classes], 1).to(float32), split.Y, data.Outputs));
        }
        if (kind == LossKind.Ce)
        {
            double ce = F.cross_entropy(prediction, split.Y).item<float>();
            return (ce, Metrics.Classification(prediction, split.Y, data.Outputs));
        }
        var metrics = Metrics.Regression(prediction, split.Y);
        return (metrics["mse"], metrics);
    }

    private static Tensor PredictInChunks(nn.Module<Tensor, Tensor> model, Tensor x, int chunk = 4096)
    {
        var parts = new List<Tensor>();
        for (long i = 0; i < x.shape[0]; i += chunk)
            parts.Add(model.call(x.narrow(0, i, Math.Min(chunk, x.shape[0] - i))));
        return parts.Count == 1 ? parts[0] : cat(parts, 0);
    }

    private static Tensor Objective(Tensor prediction, Tensor target, LossKind loss) => loss switch
    {
        LossKind.Mse => F.mse_loss(prediction, target.reshape(prediction.shape)),
        LossKind.Sse => F.mse_loss(prediction, target.reshape(prediction.shape), nn.Reduction.Sum),
        LossKind.Bce => F.binary_cross_entropy_with_logits(prediction.reshape(-1), target.to(prediction.dtype)),
        _ => F.cross_entropy(prediction, target),
    };

    /// <summary>
    /// The optimiser <paramref name="options"/> asks for, over every parameter of <paramref name="model"/>. With
    /// <see cref="TrainOptions.Parameters"/> rules, the parameters a rule freezes stop requiring gradients and are left
    /// out; the others form one group per learning-rate factor (in order of first appearance).
    /// </summary>
    public static optim.Optimizer CreateOptimizer(nn.Module<Tensor, Tensor> model, TrainOptions options)
    {
        if (options.Parameters is not { Count: > 0 } rules)
            return options.Optimizer switch
            {
                OptimizerKind.Sgd => optim.SGD(model.parameters(), options.LearningRate),
                _ => optim.Adam(model.parameters(), options.LearningRate),
            };
        var groups = Groups(model, rules);
        double lr = options.LearningRate;
        return options.Optimizer switch
        {
            OptimizerKind.Sgd => optim.SGD(
                groups.Select(g => new TorchSharp.Modules.SGD.ParamGroup(g.Parameters, lr * g.Scale)), lr),
            _ => optim.Adam(
                groups.Select(g => new TorchSharp.Modules.Adam.ParamGroup(g.Parameters, lr * g.Scale)), lr),
        };
    }

    /// <summary>The learning-rate factor of each parameter group <see cref="CreateOptimizer"/> makes.</summary>
    public static List<double> GroupScales(nn.Module<Tensor, Tensor> model, TrainOptions options) =>
        options.Parameters is { Count: > 0 } rules ? Groups(model, rules).Select(g => g.Scale).ToList() : [1.0];

    private static List<(double Scale, List<TorchSharp.Modules.Parameter> Parameters)> Groups(
        nn.Module<Tensor, Tensor> model, IReadOnlyList<ParameterRule> rules)
    {
        var resolved = ParameterRule.Resolve(model, rules);
        foreach (var (_, parameter, scale) in resolved.Where(p => p.Scale == 0)) parameter.requires_grad = false;
        var groups = resolved.Where(p => p.Scale > 0).GroupBy(p => p.Scale)
            .Select(g => (g.Key, g.Select(p => p.Parameter).ToList())).ToList();
        return groups;
    }
}
