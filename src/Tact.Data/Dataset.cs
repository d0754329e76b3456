using static TorchSharp.torch;

namespace Tact.Data;

/// <summary>What a data set asks of a model: regression targets or class labels.</summary>
public enum TaskKind
{
    /// <summary>Real-valued targets of shape [N, outputs].</summary>
    Regression,
    /// <summary>Integer class labels of shape [N].</summary>
    Classification,
}

/// <summary>Inputs and targets of one split, as whole tensors on the CPU.</summary>
/// <param name="X">Inputs, [N, ...].</param>
/// <param name="Y">Targets: [N, outputs] (float) for regression, [N] (int64) for classification.</param>
public sealed record Split(Tensor X, Tensor Y)
{
    /// <summary>Number of samples.</summary>
    public long Count => X.shape[0];
}

/// <summary>A data set with a training and a test split (and optionally a validation split).</summary>
public sealed class Dataset(string name, TaskKind kind, Split train, Split test, int outputs,
    Split? validation = null) : IDisposable
{
    /// <summary>Short name, e.g. <c>sine(n=2)</c>.</summary>
    public string Name { get; } = name;

    /// <summary>Regression or classification.</summary>
    public TaskKind Kind { get; } = kind;

    /// <summary>The training split.</summary>
    public Split Train { get; } = train;

    /// <summary>The test split.</summary>
    public Split Test { get; } = test;

    /// <summary>A validation split held out of the training data, or null when there is none.</summary>
    public Split? Validation { get; } = validation;

    /// <summary>Shape of one input sample (without the batch axis).</summary>
    public long[] InputShape => Train.X.shape[1..];

    /// <summary>Number of regression outputs, or of classes.</summary>
    public int Outputs { get; } = outputs;

    /// <summary>The standardisation applied to the raw values, when the task applied one.</summary>
    public Preparation.FeatureScaling? Scaling { get; init; }

    /// <summary>One name per class, when the data names them.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <inheritdoc />
    public void Dispose()
    {
        Train.X.Dispose();
        Train.Y.Dispose();
        Test.X.Dispose();
        Test.Y.Dispose();
        Validation?.X.Dispose();
        Validation?.Y.Dispose();
    }
}
