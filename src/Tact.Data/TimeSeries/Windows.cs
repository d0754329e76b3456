using static TorchSharp.torch;

namespace Tact.Data.TimeSeries;

/// <summary>Sliding windows over a [T, V] series for forecasting.</summary>
/// <param name="Inputs">float32 [N, window, V].</param>
/// <param name="Targets">[N, horizon, V], or [N, V] when made with <c>flatHorizon</c> and horizon 1.</param>
public sealed record Windows(Tensor Inputs, Tensor Targets)
{
    /// <summary>Number of windows.</summary>
    public long Count => Inputs.shape[0];

    /// <summary>
    /// Every window of <paramref name="window"/> steps with the following <paramref name="horizon"/> steps as target,
    /// moving by <paramref name="stride"/>. With <paramref name="squeezeSingleStep"/> and horizon 1 the target is
    /// [N, V].
    /// Built with unfold (views), then made contiguous once.
    /// </summary>
    public static Windows Make(Tensor series, int window, int horizon = 1, int stride = 1,
        bool squeezeSingleStep = false)
    {
        if (series.dim() != 2)
            throw new ArgumentException($"series must be [T, V], got [{string.Join(", ", series.shape)}]",
                nameof(series));
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window), window, "window must be >= 1");
        if (horizon < 1) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "horizon must be >= 1");
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), stride, "stride must be >= 1");
        var length = series.shape[0];
        if (length < window + horizon)
            throw new ArgumentException($"series of {length} steps is shorter than window {window} + horizon {horizon}",
                nameof(series));
        // unfold(0, size, step) gives [N, V, size]; transpose to [N, size, V].
        using var all = series.unfold(0, window + horizon, stride);
        using var steps = all.transpose(1, 2);
        using var inputs = steps.narrow(1, 0, window);
        using var targets = steps.narrow(1, window, horizon);
        if (squeezeSingleStep && horizon == 1)
        {
            using var single = targets.squeeze(1);
            return new Windows(inputs.contiguous(), single.contiguous());
        }
        return new Windows(inputs.contiguous(), targets.contiguous());
    }
}
