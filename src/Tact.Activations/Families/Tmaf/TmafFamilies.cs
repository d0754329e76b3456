using Tact.Activations.Registry;
using Tact.Activations.Spec;

namespace Tact.Activations;

/// <summary>Registers <c>tmaf</c> (diagonal) and <c>tmaf3</c> (tri-diagonal).</summary>
public static class TmafFamilies
{
    private static readonly ParameterInfo[] Shared =
    [
        BaselineFamilies.PerInfo with { Default = "neuron" },
        new("grid", "start:stop:step", "-5:5:1",
            "uniform breakpoints, both ends included (the paper: -5:5:1, and -5:5:0.1 for the oscillatory function)"),
        new("points", "[s1, s2, ...]", "-", "breakpoints as a strictly increasing list, instead of grid"),
        new("init", "relu|leaky|zero", "relu", "relu: 0 left of 0 and 1 right of 0; leaky: slope left of 0"),
        new("slope", "number", "0.01", "left value of init=leaky"),
    ];

    /// <summary>Adds both families to <paramref name="registry"/>.</summary>
    public static void AddTo(ActivationRegistry registry)
    {
        registry.Add(new("tmaf",
            "trainable matrix activation, diagonal (Liu et al.): a piecewise-constant trainable factor times z",
            "t_k * z for z in (s_k, s_(k+1)]", true,
            [.. Shared,
             new("breakpoints", "fixed|trainable", "fixed",
                 "trainable: learn the breakpoints through sigmoid steps (our extension, not in the paper)"),
             new("temperature", "number > 0", "0.1 * smallest gap",
                 "width of the sigmoid steps when breakpoints are trainable")],
            a =>
            {
                var (points, per, features, init, slope) = Common(a);
                bool trainable = a.Choice("breakpoints", "fixed", "fixed", "trainable") == "trainable";
                double? temperature = a.Has("temperature")
                    ? a.Number("temperature", 1, min: 0, minExclusive: true)
                    : null;
                return Activations.Tmaf(features, per, points, init, slope, trainable, temperature);
            }));
        registry.Add(new("tmaf3",
            "trainable matrix activation, tri-diagonal (Liu et al., eq. 2.4): neighbouring features are coupled",
            "gamma(z_(i-1)) z_(i-1) + alpha(z_i) z_i + beta(z_(i+1)) z_(i+1)", true, Shared,
            a =>
            {
                var (points, per, features, init, slope) = Common(a);
                return Activations.TriDiagonalTmaf(features, per, points, init, slope);
            }));
    }

    private static (double[]? Points, Granularity Per, int Features, TmafInit Init, double Slope) Common(SpecArgs a)
    {
        if (a.Has("grid") && a.Has("points")) throw a.Error("points", "cannot be given together with grid; choose one");
        var points = a.IncreasingPoints("points") ?? a.IncreasingPoints("grid");
        var (per, features) = a.Layout(Granularity.Neuron);
        var init = a.Choice("init", "relu", "relu", "leaky", "zero") switch
        {
            "leaky" => TmafInit.Leaky,
            "zero" => TmafInit.Zero,
            _ => TmafInit.Relu,
        };
        return (points, per, features, init, a.Number("slope", 0.01));
    }
}
