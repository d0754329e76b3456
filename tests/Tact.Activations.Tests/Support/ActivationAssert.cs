using Tact.Activations.Diagnostics;
using Tact.Activations.Spec;
using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Activations.Tests.Support;

/// <summary>Checks every family's tests share: gradients, formula text, shape and dtype behaviour.</summary>
public static class ActivationAssert
{
    /// <summary>
    /// Creating <paramref name="spec"/> fails with an <see cref="ActivationSpecException"/> that names the parameter
    /// (and the family, when given) and whose message contains <paramref name="expected"/>.
    /// </summary>
    public static void RejectsSpec(string spec, string parameter, string expected, string? family = null,
        int features = 2)
    {
        var e = Assert.Throws<ActivationSpecException>(() => Activations.Create(spec, features));
        if (family is not null) Assert.Equal(family, e.Family);
        Assert.Equal(parameter, e.Parameter);
        Assert.Contains(expected, e.Message);
    }

    /// <summary>All gradients (input and parameters) agree with central differences in float64 to 1e-6.</summary>
    public static void GradientsMatch(ActivationModule module, long[]? shape = null, double tolerance = 1e-6,
        double low = -3, double high = 3)
    {
        shape ??= [8, module.Sets];
        module.to(float64);
        var x = GradientCheck.SampleInput(module, shape, low, high);
        foreach (var r in GradientCheck.Run(module, x))
            Assert.True(r.MaxError < tolerance,
                $"{module}: gradient of '{r.Tensor}' is off by {r.MaxError:E2} (tolerance {tolerance:E0})");
    }

    /// <summary>
    /// <c>Formula(exact: true)</c>, evaluated as text, equals the module's output on a grid over [low, high]
    /// for every parameter set.
    /// </summary>
    public static void FormulaMatches(ActivationModule module, double low = -4, double high = 4,
        double tolerance = 1e-9)
    {
        module.to(float64);
        var formula = module.Formula(exact: true);
        using var grid = linspace(low, high, 81, float64);
        using var values = module.Evaluate(grid);
        var g = grid.data<double>().ToArray();
        for (int set = 0; set < module.Sets; set++)
        {
            for (int i = 0; i < g.Length; i++)
            {
                double expected = values[i, set].item<double>();
                double fromText = FormulaEvaluator.Evaluate(formula, set, g[i]);
                Assert.True(Math.Abs(expected - fromText) <= tolerance * Math.Max(1, Math.Abs(expected)),
                    $"{module}: formula gives {fromText} at z={g[i]} (set {set}), module gives {expected}\n{formula}");
            }
        }
    }

    /// <summary>Output shape equals input shape for ranks 2 to 4, in float32 and float64.</summary>
    public static void KeepsShapeAndDtype(ActivationModule module)
    {
        foreach (var dtype in new[] { float32, float64 })
        {
            module.to(dtype);
            foreach (var shape in new long[][] { [5, module.Sets], [2, module.Sets, 3], [2, module.Sets, 3, 4] })
            {
                using var x = randn(shape, dtype);
                using var y = module.call(x);
                Assert.Equal(shape, y.shape);
                Assert.Equal(dtype, y.dtype);
            }
        }
    }
}
