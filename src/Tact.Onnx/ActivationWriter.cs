using Tact.Activations;
using Tact.Activations.Spec;
using static TorchSharp.torch;

namespace Tact.Onnx;

/// <summary>
/// Writes every tact activation in standard ONNX operators, its learned numbers as initializers. Per-neuron
/// parameters get the shape [1, F, 1, ...] so that they broadcast on the feature axis (dim 1) of any rank.
/// Each family is written as tact computes it (same operations, same order), so float32 results agree to rounding.
/// </summary>
internal static class ActivationWriter
{
    public static Traced Write(GraphBuilder g, ActivationModule m, Traced x, string path)
    {
        var y = m switch
        {
            Tmaf t => Tmaf(g, t, x, path),
            TriDiagonalTmaf t => TriDiagonal(g, t, x, path),
            Vnn v => Vnn(g, v, x, path),
            Wsgaf w => Combination(g, m, x, path, w.Gate == WsgafGate.Sigmoid ? w.Weights.sigmoid() : w.Weights,
                [.. w.ComponentNames.Select(n => ElementwiseOps.Named(g, n, x.Name))]),
            FlexibleCombination f => Combination(g, m, x, path, f.MixingWeights(), Flexible(g, f, x, path)),
            Adaact a => g.Add(PerFeature(g, m, x, a.K0, path + ".k0"),
                g.Mul(PerFeature(g, m, x, a.K1, path + ".k1"), x.Name)),
            PReLU p => g.Add(g.Op("Relu", "relu", x.Name),
                g.Mul(PerFeature(g, m, x, p.Slope, path + ".slope"), ElementwiseOps.MinZero(g, x.Name))),
            Swish s => g.Mul(x.Name,
                g.Op("Sigmoid", "sigmoid", g.Mul(PerFeature(g, m, x, s.Beta, path + ".beta"), x.Name))),
            FixedActivation f => Fixed(g, f, x, path),
            _ => throw NotExportable(path, m, "this activation type has no ONNX form in tact's exporter"),
        };
        return new Traced(y, m.call(x.Sample));
    }

    public static OnnxExportException NotExportable(string path, TorchSharp.torch.nn.Module m, string reason) =>
        new($"not exportable: {path} ({m.GetType().Name}): {reason}");

    /// <summary>A per-set parameter [sets] as an initializer that broadcasts along dim 1 of x.</summary>
    private static string PerFeature(GraphBuilder g, ActivationModule m, Traced x, Tensor values, string hint) =>
        g.Floats(hint, values, FeatureDims(m.Per == Granularity.Neuron ? m.Sets : 1, x.Rank, m.Per));

    private static long[] FeatureDims(long sets, int rank, Granularity per)
    {
        if (per == Granularity.Layer) return [1];
        var dims = Enumerable.Repeat(1L, rank).ToArray();
        dims[1] = sets;
        return dims;
    }

    /// <summary>sum_k g_k * part_k with the mixing weights [sets, K] taken column by column.</summary>
    private static string Combination(GraphBuilder g, ActivationModule m, Traced x, string path, Tensor mix,
        IReadOnlyList<string> parts)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var terms = parts.Select((part, k) =>
            g.Mul(PerFeature(g, m, x, mix.select(1, k), $"{path}.mix{k}"), part)).ToList();
        return g.Sum(terms);
    }

    private static string[] Flexible(GraphBuilder g, FlexibleCombination f, Traced x, string path)
    {
        string Beta() => PerFeature(g, f, x, f.Beta()!, path + ".beta");
        string EluPair(string beta)
        {
            // Elu(z, b) - Elu(-z, b) with Elu(z, b) = max(z, 0) + b * (exp(min(z, 0)) - 1), as tact composes it.
            string Elu(string z) => g.Add(g.Op("Relu", "relu", z),
                g.Mul(beta, g.Sub(g.Op("Exp", "exp", ElementwiseOps.MinZero(g, z)), g.Scalar(1))));
            return g.Sub(Elu(x.Name), Elu(g.Op("Neg", "neg", x.Name)));
        }
        return f switch
        {
            PSigRamp => [g.Op("Sigmoid", "sigmoid", x.Name),
                ElementwiseOps.Clip(g, g.Add(g.Mul(Beta(), x.Name), g.Scalar(0.5)), 0, 1)],
            PE2ReLU => [g.Op("Relu", "relu", x.Name), EluPair(Beta())],
            PE2Id => [x.Name, EluPair(Beta())],
            PE3ReLU => [g.Op("Relu", "relu", x.Name), ElementwiseOps.Elu(g, x.Name, 1.0),
                g.Op("Neg", "neg", ElementwiseOps.Elu(g, g.Op("Neg", "neg", x.Name), 1.0))],
            _ => throw NotExportable(path, f, "this flexible combination has no ONNX form in tact's exporter"),
        };
    }

    private static string Fixed(GraphBuilder g, FixedActivation f, Traced x, string path)
    {
        // The canonical spec carries the fixed numbers, e.g. leaky_relu(slope=0.2); defaults are left out of it.
        var spec = ActivationSpec.Parse(f.Spec);
        double Arg(string key, double fallback) =>
            spec.Arguments.FirstOrDefault(a => a.Key == key).Value is { } v ? v.Number : fallback;
        return f.GetName() switch
        {
            "ReLU" => g.Op("Relu", "relu", x.Name),
            "LeakyReLU" => g.Node("LeakyRelu", "leaky_relu", [x.Name], GraphBuilder.Float("alpha", Arg("slope", 0.01))),
            "ELU" => ElementwiseOps.Elu(g, x.Name, Arg("alpha", 1.0)),
            "SELU" => g.Node("Selu", "selu", [x.Name], GraphBuilder.Float("alpha", 1.6732632423543772848170429916717),
                GraphBuilder.Float("gamma", 1.0507009873554804934193349852946)),
            "GELU" => ElementwiseOps.Gelu(g, x.Name),
            "SiLU" => ElementwiseOps.Named(g, "silu", x.Name),
            "Tanh" => g.Op("Tanh", "tanh", x.Name),
            "Sigmoid" => g.Op("Sigmoid", "sigmoid", x.Name),
            "Softplus" => ElementwiseOps.Softplus(g, x.Name, Arg("beta", 1.0)),
            "Identity" => g.Op("Identity", "identity", x.Name),
            _ => throw NotExportable(path, f, "this fixed activation has no ONNX form in tact's exporter"),
        };
    }

    private static string Vnn(GraphBuilder g, Vnn v, Traced x, string path)
    {
        var functions = BasisWriter.Write(g, v.Basis, x.Name, path);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var terms = new List<string>();
        for (int i = 0; i < functions.Count; i++)
        {
            var a = PerFeature(g, v, x, v.Coefficients.select(1, i), $"{path}.a{i}");
            // A constant basis function contributes its coefficient, spread to the shape of the input.
            terms.Add(functions[i] is { } f
                ? g.Mul(a, f)
                : g.Op("Expand", "constant_term", a, g.Op("Shape", "shape", x.Name)));
        }
        return g.Sum(terms);
    }

    private static string Tmaf(GraphBuilder g, Tmaf t, Traced x, string path)
    {
        if (!t.TrainableBreakpoints) return Piecewise(g, x.Name, x.Rank, t.Values, t.Breakpoints, path);
        return SmoothPiecewise(g, t, x, path);
    }

    /// <summary>
    /// t(x) * x with t piecewise constant: the interval index is the number of breakpoints strictly below x (the
    /// value at a breakpoint belongs to the interval on its left, as with tact's bucketize), read from the table.
    /// </summary>
    private static string Piecewise(GraphBuilder g, string x, int rank, Tensor values, double[] breakpoints,
        string path)
    {
        int m = breakpoints.Length;
        long rows = values.shape[0];
        var s = g.Floats(path + ".breakpoints", breakpoints.Select(b => (float)b).ToArray(), [m]);
        var above = g.Op("Greater", "above", g.Op("Unsqueeze", "unsqueezed", x, g.Int64s("axis_last", [-1])), s);
        var counts = g.Node("Cast", "above_count", [above],
            GraphBuilder.Int("to", (long)global::Onnx.TensorProto.Types.DataType.Int64));
        var k = g.Node("ReduceSum", "interval", [counts, g.Int64s("axis_last", [-1])], GraphBuilder.Int("keepdims", 0));
        if (rows > 1)
        {
            var offsets = Enumerable.Range(0, (int)rows).Select(i => (long)i * (m + 1)).ToArray();
            var dims = Enumerable.Repeat(1L, rank).ToArray();
            dims[1] = rows;
            k = g.Add(k, g.Int64s(path + ".row_offsets", offsets, dims));
        }
        var table = g.Floats(path + ".values", values, [values.numel()]);
        var factor = g.Node("Gather", "factor", [table, k], GraphBuilder.Int("axis", 0));
        return g.Mul(factor, x);
    }

    /// <summary>TMAF with trainable breakpoints: t_0 + sum_k (t_k - t_(k-1)) sigmoid((x - s_k) / T), times x.</summary>
    private static string SmoothPiecewise(GraphBuilder g, Tmaf t, Traced x, string path)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var s = t.Breakpoints;
        int m = s.Length;
        var values = t.Values.detach();
        var jumps = values.narrow(1, 1, m) - values.narrow(1, 0, m);
        long rows = values.shape[0];
        var jumpDims = Enumerable.Repeat(1L, x.Rank + 1).ToArray();
        jumpDims[1] = rows;
        jumpDims[^1] = m;
        var t0 = g.Floats(path + ".t0", values.select(1, 0), FeatureDims(rows, x.Rank, t.Per));
        var shifted = g.Sub(g.Op("Unsqueeze", "unsqueezed", x.Name, g.Int64s("axis_last", [-1])),
            g.Floats(path + ".breakpoints", s.Select(b => (float)b).ToArray(), [m]));
        var steps = g.Op("Sigmoid", "steps", g.Div(shifted, g.Scalar(t.Temperature)));
        var weighted = g.Mul(steps, g.Floats(path + ".jumps", jumps, t.Per == Granularity.Layer ? [m] : jumpDims));
        var factor = g.Add(t0, g.Node("ReduceSum", "factor", [weighted, g.Int64s("axis_last", [-1])],
            GraphBuilder.Int("keepdims", 0)));
        return g.Mul(x.Name, factor);
    }

    private static string TriDiagonal(GraphBuilder g, TriDiagonalTmaf t, Traced x, string path)
    {
        var diagonal = Piecewise(g, x.Name, x.Rank, t.Values, t.Breakpoints, path + ".diagonal");
        long f = x.Features;
        if (f < 2) return diagonal;
        var axis = g.Int64s("axis_features", [1]);
        var first = g.Op("Slice", "first_features", x.Name, g.Int64s("zero", [0]), g.Int64s("f_minus_1", [f - 1]),
            axis);
        var last = g.Op("Slice", "last_features", x.Name, g.Int64s("one", [1]), g.Int64s("f", [f]), axis);
        var lower = Piecewise(g, first, x.Rank, t.LowerValues, t.LowerBreakpoints, path + ".lower");
        var upper = Piecewise(g, last, x.Rank, t.UpperValues, t.UpperBreakpoints, path + ".upper");
        return g.Add(g.Add(diagonal, PadFeatures(g, lower, x.Rank, before: true)),
            PadFeatures(g, upper, x.Rank, before: false));
    }

    /// <summary>One zero feature before or after the others (tact: cat([zero, lower]), cat([upper, zero])).</summary>
    private static string PadFeatures(GraphBuilder g, string x, int rank, bool before)
    {
        var pads = new long[2 * rank];
        pads[before ? 1 : rank + 1] = 1;
        return g.Op("Pad", before ? "lower_padded" : "upper_padded", x, g.Int64s("pads", pads));
    }
}
