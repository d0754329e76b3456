namespace Tact.Data.Preparation;

/// <summary>
/// The standardisation a task applied to its raw values: <c>(x - Mean[j]) / Std[j]</c> along the last axis of every
/// input sample (a tabular feature, a series variable), with statistics of the training split. Kept with the data
/// set so that a saved model can be fed raw values later.
/// </summary>
/// <param name="Mean">Mean per feature of the last axis.</param>
/// <param name="Std">Standard deviation per feature (constant features 1).</param>
/// <param name="Targets">
/// True when regression targets were scaled the same way (forecasts), so outputs map back.
/// </param>
public sealed record FeatureScaling(double[] Mean, double[] Std, bool Targets)
{
    /// <summary>The statistics of a fitted <see cref="Standardizer"/>, flattened to one value per feature.</summary>
    public static FeatureScaling Of(Standardizer fitted, bool targets)
    {
        using var mean = fitted.Mean.to(TorchSharp.torch.float64).flatten();
        using var std = fitted.Std.to(TorchSharp.torch.float64).flatten();
        return new FeatureScaling(mean.data<double>().ToArray(), std.data<double>().ToArray(), targets);
    }
}
