using Tact.Activations;

namespace Tact.Onnx;

/// <summary>
/// The functions of a basis-expansion activation in ONNX operators, computed as the basis computes them in tact
/// (same operations in the same order). A null entry stands for the constant function 1.
/// </summary>
internal static class BasisWriter
{
    public static IReadOnlyList<string?> Write(GraphBuilder g, Basis basis, string x, string path) => basis switch
    {
        FourierBasis f => Fourier(g, f, x),
        GaussianBasis b => Gaussian(g, b, x),
        PolynomialBasis p => Polynomial(g, p, x),
        FunctionsBasis f => [.. f.Functions.Select(n => ElementwiseOps.Named(g, n.Name, x))],
        _ => throw new OnnxExportException(
            $"not exportable: {path}: the basis {basis.GetType().Name} has no ONNX form in tact's exporter"),
    };

    private static List<string?> Fourier(GraphBuilder g, FourierBasis basis, string x)
    {
        var result = new List<string?>();
        for (int k = 1; k <= basis.Terms; k++)
        {
            var angle = g.Mul(x, g.Scalar(k * basis.Omega));
            result.Add(g.Op("Sin", "sin", angle));
            result.Add(g.Op("Cos", "cos", angle));
        }
        if (basis.Linear) result.Add(x);
        if (basis.Constant) result.Add(null);
        return result;
    }

    private static List<string?> Gaussian(GraphBuilder g, GaussianBasis basis, string x)
    {
        var result = new List<string?>();
        for (int j = 0; j < basis.Centers; j++)
        {
            var t = g.Div(g.Sub(x, g.Scalar(basis.Center(j))), g.Scalar(basis.Width));
            result.Add(g.Op("Exp", "exp", g.Op("Neg", "neg", g.Mul(t, t))));
        }
        return result;
    }

    private static List<string?> Polynomial(GraphBuilder g, PolynomialBasis basis, string x)
    {
        var u = basis.Clamp ? ElementwiseOps.Clip(g, x, -1, 1) : g.Op("Tanh", "tanh", x);
        var result = new List<string?> { null };
        if (basis.Degree == 0) return result;
        string? previous = null;
        string current = u;
        result.Add(u);
        for (int n = 1; n < basis.Degree; n++)
        {
            // The recurrences of PolynomialBasis.Evaluate; previous == null is the constant 1.
            string Times(double c, string? f) => f is null ? g.Scalar(c) : g.Mul(g.Scalar(c), f);
            var next = basis.Kind switch
            {
                PolynomialKind.Power => g.Mul(current, u),
                PolynomialKind.Chebyshev => g.Sub(g.Mul(g.Mul(g.Scalar(2), u), current), previous ?? g.Scalar(1)),
                _ => g.Div(g.Sub(g.Mul(g.Mul(g.Scalar(2 * n + 1), u), current), Times(n, previous)),
                    g.Scalar(n + 1)),
            };
            (previous, current) = (current, next);
            result.Add(current);
        }
        return result;
    }
}
