using System.Text.Json.Serialization;
using Tact.Activations.Regularization;

namespace Tact.Experiments.Training;

/// <summary>The optimisers the trainer offers.</summary>
public enum OptimizerKind
{
    /// <summary>Plain stochastic gradient descent (the TMAF paper's choice).</summary>
    Sgd,
    /// <summary>Adam with PyTorch's default betas.</summary>
    Adam,
}

/// <summary>The training objectives the trainer offers.</summary>
public enum LossKind
{
    /// <summary>Cross-entropy for classification tasks, mean squared error for regression.</summary>
    Auto,
    /// <summary>Mean squared error.</summary>
    Mse,
    /// <summary>Sum of squared errors over the batch (the TMAF paper's eq. 1.2).</summary>
    Sse,
    /// <summary>Cross-entropy over class logits.</summary>
    Ce,
    /// <summary>Binary cross-entropy on one logit per sample (two classes, one output unit).</summary>
    Bce,
}

/// <summary>
/// From <paramref name="From"/> (a fraction of the epochs, 0 to 1) on, train with learning rate <paramref name="Lr"/>.
/// </summary>
/// <param name="From">Fraction of the epochs after which this rate applies; epoch e (1-based) uses it when
/// (e-1)/epochs >= From.</param>
/// <param name="Lr">The learning rate.</param>
public sealed record LrStep(double From, double Lr);

/// <summary>
/// How to train: epochs, batch size, optimiser, learning rate (and schedule), loss, penalties and seed.
/// </summary>
public sealed record TrainOptions
{
    /// <summary>Passes over the training split.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Samples per optimiser step.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>
    /// Learning-rate changes during training, e.g. the TMAF paper's "1e-4 for the first half, 1e-5 after" is
    /// LearningRate = 1e-4 with one step (0.5, 1e-5).
    /// </summary>
    public IReadOnlyList<LrStep> LrSchedule { get; init; } = [];

    /// <summary>Activation regularisers added to the loss (the flexible-combination paper's eq. 7).</summary>
    public ActivationRegularizer Penalty { get; init; } = new();

    /// <summary>Optimiser.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Objective.</summary>
    public LossKind Loss { get; init; } = LossKind.Auto;

    /// <summary>
    /// Per-layer learning-rate factors and freezing, or null for none (left out of the run's identity then, so runs
    /// without rules keep their ids).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ParameterRule>? Parameters { get; init; }

    /// <summary>Seed of the weight initialisation and of the batch order.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Throws <see cref="ConfigException"/> when a value cannot work.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ConfigException($"epochs must be a positive whole number, got {Epochs}");
        if (BatchSize < 1) throw new ConfigException($"batch size must be a positive whole number, got {BatchSize}");
        if (!Float32Positive(LearningRate))
            throw new ConfigException($"learning rate must be a positive number within float32 range (the modules' " +
                $"dtype), got {LearningRate}");
        foreach (var step in LrSchedule)
        {
            if (!(step.From >= 0 && step.From <= 1))
                throw new ConfigException($"lr_schedule: 'from' must be in [0, 1], got {step.From}");
            if (!Float32Positive(step.Lr))
                throw new ConfigException($"lr_schedule: lr must be a positive number within float32 range, got " +
                    $"{step.Lr}");
        }
        foreach (var rule in Parameters ?? [])
        {
            if (rule.Match.Length == 0) throw new ConfigException("a per-layer rule needs a parameter name to match");
            if (!(rule.LrScale >= 0) || !double.IsFinite(rule.LrScale))
                throw new ConfigException($"lr scale of '{rule.Match}' must be a number >= 0, got {rule.LrScale}");
        }
        double[] coefficients = [Penalty.Mean, Penalty.Default, Penalty.Boundary, Penalty.Margin,
            .. Penalty.LayerWeights ?? []];
        if (coefficients.Any(c => !(c >= 0) || !float.IsFinite((float)c)))
            throw new ConfigException($"regulariser coefficients must be >= 0 and within float32 range, got {Penalty}");
    }

    // The optimiser applies the rate to float32 parameters: it must stay finite and non-zero there.
    private static bool Float32Positive(double x) => x > 0 && float.IsFinite((float)x) && (float)x > 0;

    /// <summary>The learning rate of 1-based <paramref name="epoch"/>, after the schedule.</summary>
    public double LearningRateAt(int epoch)
    {
        double lr = LearningRate;
        double fraction = (epoch - 1) / (double)Epochs;
        foreach (var step in LrSchedule.OrderBy(s => s.From))
            if (fraction >= step.From - 1e-12) lr = step.Lr;
        return lr;
    }
}
