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
    /// <summary>Mean squared error.</summary>
    Mse,
    /// <summary>Sum of squared errors over the batch (the TMAF paper's eq. 1.2).</summary>
    Sse,
    /// <summary>Cross-entropy over class logits.</summary>
    Ce,
}

/// <summary>How to train: epochs, batch size, optimiser, learning rate, loss and seed.</summary>
public sealed record TrainOptions
{
    /// <summary>Passes over the training split.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Samples per optimiser step.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Optimiser.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Objective.</summary>
    public LossKind Loss { get; init; } = LossKind.Mse;

    /// <summary>Seed of the weight initialisation and of the batch order.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Throws <see cref="ConfigException"/> when a value cannot work.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ConfigException($"epochs must be a positive whole number, got {Epochs}");
        if (BatchSize < 1) throw new ConfigException($"batch size must be a positive whole number, got {BatchSize}");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ConfigException($"learning rate must be a positive number, got {LearningRate}");
    }
}
