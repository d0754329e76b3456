using static TorchSharp.torch;

namespace Tact.Data.Preparation;

/// <summary>
/// Standardisation <c>(x - mean) / std</c> per feature, fitted on the training split only so no statistic of the
/// validation or test data leaks into training. Features are every axis but the first (samples); for time-series
/// windows use <see cref="FitOver"/> to pool the time axis too.
/// </summary>
public sealed class Standardizer : IDisposable
{
    private Standardizer(Tensor mean, Tensor std)
    {
        Mean = mean;
        Std = std;
    }

    /// <summary>Per-feature mean, shaped to broadcast against a batch.</summary>
    public Tensor Mean { get; }

    /// <summary>Per-feature standard deviation (population), constant features set to 1 so they map to 0.</summary>
    public Tensor Std { get; }

    /// <summary>Fits mean and std over the sample axis of <paramref name="train"/>.</summary>
    public static Standardizer Fit(Tensor train) => FitOver(train, 0);

    /// <summary>Fits mean and std over the given axes (e.g. 0 and 1 for [N, T, V] windows).</summary>
    public static Standardizer FitOver(Tensor train, params long[] axes)
    {
        if (train.shape[0] < 1) throw new ArgumentException("cannot fit a standardizer on zero samples", nameof(train));
        if (!train.is_floating_point())
            throw new ArgumentException($"features must be floating point, got {train.dtype}", nameof(train));
        using var x = train.to(float64);
        using var mean = x.mean(axes, keepdim: true);
        using var std = x.std(axes, unbiased: false, keepdim: true);
        using var constant = std.lt(1e-12);
        using var safe = std.masked_fill(constant, 1.0);
        return new Standardizer(mean.to(train.dtype), safe.to(train.dtype));
    }

    /// <summary>The standardised copy of <paramref name="x"/>.</summary>
    public Tensor Apply(Tensor x)
    {
        using var centred = x.sub(Mean);
        return centred.div(Std);
    }

    /// <summary>Maps standardised values back to the original scale (e.g. forecasts).</summary>
    public Tensor Invert(Tensor z)
    {
        using var scaled = z.mul(Std);
        return scaled.add(Mean);
    }

    /// <summary>Fits on <paramref name="parts"/>.Train inputs and standardises the inputs of all three parts.</summary>
    public static (SplitParts Parts, Standardizer Fitted) FitAndApply(SplitParts parts)
    {
        var fitted = Fit(parts.Train.X);
        Split On(Split s) => new(fitted.Apply(s.X), s.Y);
        return (new SplitParts(On(parts.Train), On(parts.Validation), On(parts.Test)), fitted);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Mean.Dispose();
        Std.Dispose();
    }
}
