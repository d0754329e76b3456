using Tact.Activations;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Models;

/// <summary>
/// Initialises a linear layer so that its pre-activations cover the designed range [lo, hi] of the activation it
/// feeds. Each output neuron gets a random direction over its inputs, scaled so that over the input box the
/// pre-activation spans <see cref="LayerInit.Coverage"/> x (hi - lo) (jittered per neuron), centred on the range;
/// the biases are then staggered by fractions of the grid step, so that the neurons' intervals fall at different
/// places of the input.
/// </summary>
public static class GridInit
{
    /// <summary>Sets <paramref name="linear"/>'s weight and bias in place.</summary>
    /// <param name="linear">The layer to initialise.</param>
    /// <param name="activation">The activation it feeds; it must have a designed range.</param>
    /// <param name="inputLow">Lower end of every input's range.</param>
    /// <param name="inputHigh">Upper end of every input's range.</param>
    /// <param name="init">Coverage, jitter and seed.</param>
    public static void Apply(Linear linear, ActivationModule activation, double inputLow, double inputHigh,
        LayerInit init)
    {
        init.Validate();
        if (activation.DesignedRange is not var (lo, hi))
            throw new ArgumentException($"init grid: activation {activation.Spec} has no designed range to cover");
        if (!(inputHigh > inputLow)) throw new ArgumentException(
            $"init grid: the input range must have low < high, got [{inputLow}, {inputHigh}]");
        using var scope = NewDisposeScope();
        using var generator = init.Seed is long seed ? new Generator(unchecked((ulong)seed)) : null;
        var weight = linear.weight!;
        long outputs = weight.shape[0], inputs = weight.shape[1];
        var direction = randn(outputs, inputs, float64, generator: generator);
        // The pre-activation's span over the input box is sum_j |w_j| (high - low).
        var span = direction.abs().sum(1L, keepdim: true) * (inputHigh - inputLow);
        var jitter = 1 + init.Jitter * (2 * rand(outputs, 1, float64, generator: generator) - 1);
        var w = direction / span * (init.Coverage * (hi - lo)) * jitter;
        double inputMid = 0.5 * (inputLow + inputHigh);
        double step = Step(activation, lo, hi, outputs);
        var stagger = (arange(outputs, float64) + 0.5) / outputs * step;
        var b = 0.5 * (lo + hi) - w.sum(1L) * inputMid + stagger - 0.5 * step;
        using var _ = no_grad();
        weight.copy_(w.to(weight.dtype));
        linear.bias?.copy_(b.to(linear.bias.dtype));
    }

    /// <summary>
    /// The grid step of an activation: the median gap between its distinct kinks inside the designed range, or the
    /// range's width over the number of neurons when it has none.
    /// </summary>
    public static double Step(ActivationModule activation, double lo, double hi, long neurons)
    {
        var kinks = activation.Kinks().Where(k => k >= lo && k <= hi).Distinct().Order().ToArray();
        if (kinks.Length < 2) return (hi - lo) / Math.Max(1, neurons);
        var gaps = kinks.Zip(kinks.Skip(1), (a, b) => b - a).Order().ToArray();
        return gaps[gaps.Length / 2];
    }
}
