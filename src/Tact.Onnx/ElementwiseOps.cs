using Tact.Activations;

namespace Tact.Onnx;

/// <summary>
/// The fixed functions tact composes activations from, in ONNX operators, each as tact (TorchSharp) computes it.
/// </summary>
internal static class ElementwiseOps
{
    private const double Sqrt1Over2 = 0.70710678118654752440;

    /// <summary>The named function of <see cref="NamedFunctions"/> applied to <paramref name="x"/>.</summary>
    public static string Named(GraphBuilder g, string name, string x) => name switch
    {
        "relu" => g.Op("Relu", "relu", x),
        "tanh" => g.Op("Tanh", "tanh", x),
        "sigmoid" => g.Op("Sigmoid", "sigmoid", x),
        "elu" => Elu(g, x, 1.0),
        "gelu" => Gelu(g, x),
        "silu" => g.Mul(x, g.Op("Sigmoid", "sigmoid", x)),
        "softplus" => Softplus(g, x, 1.0),
        "identity" => g.Op("Identity", "identity", x),
        "sin" => g.Op("Sin", "sin", x),
        "cos" => g.Op("Cos", "cos", x),
        "gaussian" => g.Op("Exp", "exp", g.Op("Neg", "neg", g.Mul(x, x))),
        _ => throw new OnnxExportException(
            $"not exportable: the function '{name}' has no ONNX form in tact's exporter"),
    };

    /// <summary>ELU with scale <paramref name="alpha"/>.</summary>
    public static string Elu(GraphBuilder g, string x, double alpha) =>
        g.Node("Elu", "elu", [x], GraphBuilder.Float("alpha", alpha));

    /// <summary>Exact GELU, x * 0.5 * (1 + erf(x / sqrt 2)), as PyTorch computes it.</summary>
    public static string Gelu(GraphBuilder g, string x)
    {
        var erf = g.Op("Erf", "erf", g.Mul(x, g.Scalar(Sqrt1Over2)));
        return g.Mul(g.Mul(x, g.Scalar(0.5)), g.Add(g.Scalar(1), erf));
    }

    /// <summary>PyTorch's softplus: log(1 + exp(beta x)) / beta, and x itself where beta x &gt; 20.</summary>
    public static string Softplus(GraphBuilder g, string x, double beta)
    {
        var scaled = beta == 1 ? x : g.Mul(x, g.Scalar(beta));
        var smooth = g.Op("Softplus", "softplus", scaled);
        if (beta != 1) smooth = g.Div(smooth, g.Scalar(beta));
        var linear = g.Op("Greater", "linear_part", scaled, g.Scalar(20));
        return g.Op("Where", "softplus", linear, x, smooth);
    }

    /// <summary>clamp(x, low, high).</summary>
    public static string Clip(GraphBuilder g, string x, double low, double high) =>
        g.Op("Clip", "clip", x, g.Scalar(low), g.Scalar(high));

    /// <summary>min(x, 0).</summary>
    public static string MinZero(GraphBuilder g, string x) => g.Op("Min", "min", x, g.Scalar(0));
}
