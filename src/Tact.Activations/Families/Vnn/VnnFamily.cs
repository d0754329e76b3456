using Tact.Activations.Registry;
using Tact.Activations.Spec;

namespace Tact.Activations;

/// <summary>Registers <c>vnn</c>, the basis-expansion family.</summary>
public static class VnnFamily
{
    /// <summary>Adds the family to <paramref name="registry"/>.</summary>
    public static void AddTo(ActivationRegistry registry) =>
        registry.Add(new("vnn",
            "basis expansion (variational neural networks): F(z) = sum_i a_i f_i(z) with trained coefficients",
            "sum_i a_i f_i(z)", true,
            [BaselineFamilies.PerInfo,
             new("basis", "fourier|poly|chebyshev|legendre|gaussian|functions", "fourier", "the functions f_i"),
             new("terms", "whole number >= 1", "4", "fourier: K, giving sin(k omega z), cos(k omega z) for k = 1..K"),
             new("omega", "number > 0", "1", "fourier: base frequency"),
             new("linear", "true|false", "true", "fourier: add the term z (a periodic activation cannot extrapolate)"),
             new("constant", "true|false", "true", "fourier: add the term 1"),
             new("degree", "whole number >= 0", "3", "poly/chebyshev/legendre: degree d"),
             new("squash", "tanh|clamp", "tanh", "poly/chebyshev/legendre: the fixed map of z into [-1, 1]"),
             new("centers", "whole number >= 1", "8", "gaussian: number of centres"),
             new("low", "number", "-3", "gaussian: first centre"),
             new("high", "number", "3", "gaussian: last centre"),
             new("width", "number > 0", "spacing of the centres", "gaussian: width"),
             new("fns", "[names]", "[relu, tanh, sigmoid]",
                 "functions: the list of named functions: " + string.Join(", ", NamedFunctions.All.Keys)),
             new("init", "fit|normal", "fit",
                 "fit: least-squares fit to the function 'fit' on 'interval'; normal: N(0, std)"),
             new("fit", "function name", "relu", "init=fit: the function to mimic"),
             new("interval", "[low, high]", "[-3, 3]", "init=fit: where to mimic it"),
             new("std", "number >= 0", "0.1", "init=normal: standard deviation")],
            Create));

    private static Vnn Create(SpecArgs a)
    {
        var (per, features) = a.Layout();
        var basis = MakeBasis(a);
        if (a.Choice("init", "fit", "fit", "normal") == "normal")
            return Activations.Vnn(features, per, basis, VnnInit.Normal, std: a.Number("std", 0.1, min: 0));
        var fit = a.Words("fit") ?? ["relu"];
        if (fit.Length != 1) throw a.Error("fit", "names one function");
        var interval = a.IncreasingPoints("interval") ?? [-3, 3];
        if (interval.Length != 2) throw a.Error("interval", "expects two numbers [low, high]");
        return Activations.Vnn(features, per, basis, VnnInit.Fit, fit[0], interval[0], interval[1]);
    }

    private static Basis MakeBasis(SpecArgs a)
    {
        switch (a.Choice("basis", "fourier", "fourier", "poly", "chebyshev", "legendre", "gaussian", "functions"))
        {
            case "fourier":
                return new FourierBasis(a.Integer("terms", 4, min: 1, max: 1000),
                    a.Number("omega", 1, min: 0, minExclusive: true), a.Flag("linear", true), a.Flag("constant", true));
            case "gaussian":
                {
                    int centers = a.Integer("centers", 8, min: 1, max: 10000);
                    double low = a.Number("low", -3), high = a.Number("high", 3);
                    if (high < low) throw a.Error("high", $"must be >= low ({low}), got {high}");
                    double? width = a.Has("width") ? a.Number("width", 1, min: 0, minExclusive: true) : null;
                    return new GaussianBasis(centers, low, high, width);
                }
            case "functions":
                return new FunctionsBasis(a.Words("fns") ?? FunctionsBasis.DefaultNames);
            case var kind:
                {
                    var family = kind switch
                    {
                        "poly" => PolynomialKind.Power,
                        "chebyshev" => PolynomialKind.Chebyshev,
                        _ => PolynomialKind.Legendre,
                    };
                    return new PolynomialBasis(family, a.Integer("degree", 3, min: 0, max: 30),
                        a.Choice("squash", "tanh", "tanh", "clamp") == "clamp");
                }
        }
    }
}
