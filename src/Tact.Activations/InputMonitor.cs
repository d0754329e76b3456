using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Counts what an activation was fed: every input value, the values outside the range the function was
/// designed for, and NaN/Inf values. Off by default, because counting costs a pass over the input.
/// </summary>
public sealed class InputMonitor
{
    /// <summary>Whether forward passes are counted.</summary>
    public bool Enabled { get; set; }

    /// <summary>Input values seen.</summary>
    public long Total { get; private set; }

    /// <summary>Finite values below the designed range.</summary>
    public long Below { get; private set; }

    /// <summary>Finite values above the designed range.</summary>
    public long Above { get; private set; }

    /// <summary>NaN or infinite values.</summary>
    public long NonFinite { get; private set; }

    /// <summary>Smallest finite value seen (+inf before any).</summary>
    public double Min { get; private set; } = double.PositiveInfinity;

    /// <summary>Largest finite value seen (-inf before any).</summary>
    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>Fraction of the values seen that fell outside the designed range.</summary>
    public double OutsideFraction => Total == 0 ? 0 : (double)(Below + Above) / Total;

    /// <summary>Counts one input tensor.</summary>
    public void Observe(Tensor z, (double Low, double High)? range)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = z.detach();
        Total += x.numel();
        long finiteCount = x.isfinite().sum().item<long>();
        NonFinite += x.numel() - finiteCount;
        if (finiteCount == 0) return;
        // The usual case, every value finite, needs no copy of the input; otherwise the non-finite values are
        // replaced by +inf for the minimum and -inf for the maximum, still without a masked copy.
        bool allFinite = finiteCount == x.numel();
        var forMin = allFinite
            ? x
            : x.nan_to_num(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity);
        var forMax = allFinite
            ? x
            : x.nan_to_num(double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity);
        Min = Math.Min(Min, forMin.min().to(float64).item<double>());
        Max = Math.Max(Max, forMax.max().to(float64).item<double>());
        if (range is (double lo, double hi))
        {
            Below += forMin.lt(lo).sum().item<long>();
            Above += forMax.gt(hi).sum().item<long>();
        }
    }

    /// <summary>Forgets everything counted so far.</summary>
    public void Reset()
    {
        Total = Below = Above = NonFinite = 0;
        Min = double.PositiveInfinity;
        Max = double.NegativeInfinity;
    }
}
