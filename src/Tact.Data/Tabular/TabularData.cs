using static TorchSharp.torch;

namespace Tact.Data.Tabular;

/// <summary>A table of features with an integer class label per row.</summary>
/// <param name="Features">float32 [N, F].</param>
/// <param name="Labels">int64 [N], in 0..classes-1.</param>
/// <param name="FeatureNames">One name per feature column (<c>x1..xF</c> when the file has no header).</param>
/// <param name="ClassNames">One name per class (the label value as text when the file does not name them).</param>
public sealed record TabularData(Tensor Features, Tensor Labels, string[] FeatureNames, string[] ClassNames)
{
    /// <summary>Number of rows.</summary>
    public long Count => Features.shape[0];

    /// <summary>The whole table as one split.</summary>
    public Split ToSplit() => new(Features, Labels);
}
