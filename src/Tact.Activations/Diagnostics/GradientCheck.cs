using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Activations.Diagnostics;

/// <summary>The worst disagreement between analytic and numerical gradients for one tensor.</summary>
/// <param name="Tensor">"input" or the parameter's name.</param>
/// <param name="Elements">Number of elements checked.</param>
/// <param name="MaxError">Largest of |analytic - numeric| / max(1, |analytic|, |numeric|).</param>
public sealed record GradientError(string Tensor, long Elements, double MaxError);

/// <summary>
/// Compares the gradients autograd computes for an activation with central finite differences, in float64.
/// The scalar checked is <c>sum(w * f(x))</c> with fixed random weights <c>w</c>, so every output element
/// contributes with a different weight. Inputs should avoid the module's <see cref="ActivationModule.Kinks"/>;
/// <see cref="SampleInput"/> draws such inputs.
/// </summary>
public static class GradientCheck
{
    /// <summary>Default finite-difference step.</summary>
    public const double DefaultStep = 1e-6;

    /// <summary>
    /// Checks the gradient with respect to <paramref name="input"/> and to every trainable parameter.
    /// The module is moved to float64 for the check (and stays there).
    /// </summary>
    public static IReadOnlyList<GradientError> Run(ActivationModule module, Tensor input, double step = DefaultStep,
        long seed = 7)
    {
        module.to(float64);
        using var scope = NewDisposeScope();
        var x = input.to(float64).detach().clone().requires_grad_(true);
        using var generator = new Generator((ulong)seed);
        var weights = randn(x.shape, float64, generator: generator);

        var parameters = module.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        foreach (var (_, p) in parameters) p.grad?.zero_();
        var loss = (module.call(x) * weights).sum();
        loss.backward();

        var results = new List<GradientError> { Compare("input", x, x.grad!, module, x, weights, step) };
        foreach (var (name, p) in parameters)
        {
            var analytic = p.grad ?? zeros_like(p);
            results.Add(Compare(name, p, analytic, module, x, weights, step));
        }
        return results;
    }

    /// <summary>
    /// Draws an input of <paramref name="shape"/> uniformly from [low, high], redrawing any value closer than
    /// <paramref name="margin"/> to one of the module's kinks.
    /// </summary>
    public static Tensor SampleInput(ActivationModule module, long[] shape, double low = -3, double high = 3,
        double margin = 1e-3, long seed = 3)
    {
        var kinks = module.Kinks();
        var random = new Random((int)seed);
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var values = new double[n];
        for (long i = 0; i < n; i++)
        {
            double v;
            do v = low + (high - low) * random.NextDouble();
            while (kinks.Any(k => Math.Abs(v - k) < margin));
            values[i] = v;
        }
        return tensor(values, float64).reshape(shape);
    }

    private static GradientError Compare(string name, Tensor target, Tensor analyticGrad, ActivationModule module,
        Tensor x, Tensor weights, double step)
    {
        var analytic = analyticGrad.detach().to(float64).contiguous().data<double>().ToArray();
        double worst = 0;
        using (no_grad())
        {
            var flat = target.view(-1);
            for (long i = 0; i < flat.shape[0]; i++)
            {
                double original = flat[i].item<double>();
                flat[i] = original + step;
                double plus = (module.call(x) * weights).sum().item<double>();
                flat[i] = original - step;
                double minus = (module.call(x) * weights).sum().item<double>();
                flat[i] = original;
                double numeric = (plus - minus) / (2 * step);
                double error = Math.Abs(analytic[i] - numeric) /
                    Math.Max(1, Math.Max(Math.Abs(analytic[i]), Math.Abs(numeric)));
                worst = Math.Max(worst, error);
            }
        }
        return new GradientError(name, analytic.Length, worst);
    }
}
