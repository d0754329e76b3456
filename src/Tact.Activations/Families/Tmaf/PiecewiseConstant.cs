using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// The building block of TMAF: per parameter set, a piecewise-constant function of one coordinate with breakpoints
/// s_1 &lt; ... &lt; s_m and values t_0..t_m on (-inf, s_1], (s_1, s_2], ..., (s_m, inf): the value at a breakpoint
/// belongs to the interval on its left. <see cref="Times"/> returns t(x) * x.
/// <para>
/// With fixed breakpoints the interval of each input is found by <c>bucketize</c> (exact at the breakpoints) and
/// the value is read from the flattened table with <c>index_select</c>, whose backward is an <c>index_add</c> into
/// the small table: no tensor of size inputs x intervals is ever formed. On contiguous CPU float32/float64 input the
/// fused kernel (<see cref="Kernels.TmafFunction"/>) does the same in one pass forward and one backward, finding the
/// interval of a uniform grid by one multiply; the composed ops remain the reference. With trainable breakpoints
/// (our extension; the paper leaves trainable intervals to future work) each step at s_k becomes
/// sigmoid((x - s_k) / temperature), which is differentiable in s_k; the breakpoints are s_1 plus cumulative
/// softplus gaps, so they stay ordered.
/// </para>
/// </summary>
internal sealed class PiecewiseConstant(double[] breakpoints, double temperature)
{
    private readonly Kernels.BucketGrid _grid = new(breakpoints);

    /// <summary>The fixed breakpoints as the fused kernels take them.</summary>
    public Kernels.BucketGrid Grid => _grid;

    /// <summary>Number of breakpoints m.</summary>
    public int Count => breakpoints.Length;

    /// <summary>The breakpoints the table was created with (the fixed ones, or the start of trainable ones).</summary>
    public double[] InitialBreakpoints => breakpoints;

    /// <summary>Width of the sigmoid steps when breakpoints are trainable.</summary>
    public double Temperature => temperature;

    /// <summary>
    /// Initial values, [sets, m + 1]: interval k = (s_k, s_(k+1)] counts as right of 0 when its midpoint is.
    /// </summary>
    public Tensor InitialValues(int sets, TmafInit init, double slope)
    {
        int m = Count;
        var row = new double[m + 1];
        for (int k = 0; k <= m; k++)
        {
            // s_0 = -inf and s_(m+1) = +inf: the left end interval is negative, the right end one positive.
            bool right = k == m || (k > 0 && (breakpoints[k - 1] + breakpoints[k]) / 2 >= 0);
            row[k] = init == TmafInit.Zero ? 0 : right ? 1 : init == TmafInit.Leaky ? slope : 0;
        }
        return tensor(row, float32).unsqueeze(0).repeat(sets, 1).contiguous();
    }

    /// <summary>Initial first breakpoint [1], for trainable breakpoints.</summary>
    public Tensor InitialFirst() => tensor(new[] { breakpoints[0] }, float32);

    /// <summary>Initial raw gaps [m - 1] (softplus of each is the gap), for trainable breakpoints.</summary>
    public Tensor InitialRawGaps() =>
        tensor(breakpoints.Skip(1).Zip(breakpoints, (b, a) => InverseSoftplus(b - a)).ToArray(), float32);

    /// <summary>The current breakpoints: the fixed ones, or s_1 + cumulative softplus gaps.</summary>
    public double[] Breakpoints(Tensor? first, Tensor? rawGaps)
    {
        if (first is null || rawGaps is null) return breakpoints;
        using var _ = no_grad();
        using var s = Trained(first, rawGaps, float64);
        return s.data<double>().ToArray();
    }

    /// <summary>
    /// t(x) * x for <paramref name="x"/> whose dim 1 indexes the rows of <paramref name="values"/> [sets, m + 1]
    /// (or any x when there is one row). Breakpoints are trained when <paramref name="first"/> is given.
    /// </summary>
    public Tensor Times(Tensor x, Tensor values, Tensor? first = null, Tensor? rawGaps = null)
    {
        int sets = (int)values.shape[0];
        var table = values.to(x.dtype);
        if (first is not null && rawGaps is not null)
            return x * Smooth(x, table, sets, Trained(first, rawGaps, x.dtype));
        if (Kernels.FusedKernels.Applies(x)) return Kernels.TmafFunction.apply(x, table, _grid);
        using var boundaries = tensor(breakpoints, x.dtype);
        // bucketize wants contiguous input (tri-diagonal TMAF passes narrowed views) and warns otherwise.
        var k = x.contiguous().bucketize(boundaries);
        if (sets == 1) return table.view(-1).index_select(0, k.view(-1)).view(x.shape) * x;
        var rowShape = new long[x.dim()];
        Array.Fill(rowShape, 1L);
        rowShape[1] = sets;
        var offset = arange(sets, int64).mul(Count + 1).view(rowShape);
        return table.view(-1).index_select(0, (k + offset).view(-1)).view(x.shape) * x;
    }

    /// <summary>
    /// Formula of one row: t0*z + sum_k (t_k - t_(k-1)) * z * step(z - s_k), or sigmoid steps when trained.
    /// </summary>
    public string Formula(FormulaWriter w, Tensor values, int row, Tensor? first = null, Tensor? rawGaps = null)
    {
        var t = FormulaWriter.Values(values.select(0, row));
        var s = Breakpoints(first, rawGaps);
        bool smooth = first is not null;
        var terms = new List<string> { $"{w.N(t[0])} * z" };
        for (int k = 1; k < t.Length; k++)
        {
            var step = smooth ? $"sigmoid((z - {w.N(s[k - 1])}) / {w.N(Temperature)})" : $"step(z - {w.N(s[k - 1])})";
            terms.Add($"{w.N(t[k] - t[k - 1])} * z * {step}");
        }
        return string.Join(" + ", terms);
    }

    private Tensor Smooth(Tensor x, Tensor table, int sets, Tensor s)
    {
        // factor(x) = t_0 + sum_k (t_k - t_(k-1)) * sigmoid((x - s_k) / T), with a trailing axis of size m.
        var jumps = table.narrow(1, 1, Count) - table.narrow(1, 0, Count);      // [sets, m]
        var steps = ((x.unsqueeze(-1) - s) / Temperature).sigmoid();             // [..., m]
        var shape = Enumerable.Repeat(1L, (int)x.dim() + 1).ToArray();
        shape[1] = sets;
        shape[^1] = Count;
        var t0Shape = shape.ToArray();
        t0Shape[^1] = 1;
        var t0 = table.narrow(1, 0, 1).reshape(t0Shape).squeeze(-1);
        return t0 + (steps * jumps.reshape(shape)).sum(-1);
    }

    private static Tensor Trained(Tensor first, Tensor rawGaps, ScalarType dtype)
    {
        var start = first.to(dtype);
        return cat([start, start + nn.functional.softplus(rawGaps.to(dtype)).cumsum(0)], 0);
    }

    /// <summary>The default grid of both TMAF families: -5:5:1, as in the paper.</summary>
    public static readonly double[] DefaultGrid = [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5];

    /// <summary>The smallest gap between breakpoints, or 1 when there is one.</summary>
    public static double SmallestGap(double[] points) =>
        points.Length > 1 ? points.Skip(1).Zip(points, (b, a) => b - a).Min() : 1;

    /// <summary>Checks typed options as the spec parser checks spec values.</summary>
    public static double[] Checked(string family, double[]? points, double slope)
    {
        points ??= DefaultGrid;
        Activations.Require(points.Length is >= 1 and <= 100_000, family, "points", points.Length,
            "between 1 and 100000 breakpoints");
        int bad = Array.FindIndex(points, p => !double.IsFinite(p));
        for (int i = 1; bad < 0 && i < points.Length; i++)
            if (!(points[i] > points[i - 1])) bad = i;
        Activations.Require(bad < 0, family, "points", $"breakpoint {bad} ({(bad < 0 ? 0 : points[bad])})",
            "finite, strictly increasing breakpoints");
        Activations.Require(double.IsFinite(slope), family, "slope", slope, "a finite number");
        return points;
    }

    /// <summary>The spec word of an initialisation.</summary>
    public static string InitWord(TmafInit init) => init.ToString().ToLowerInvariant();

    private static double InverseSoftplus(double y) => y > 20 ? y : Math.Log(Math.Exp(y) - 1);
}
