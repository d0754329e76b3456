using Tact.Activations.Spec;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Tri-diagonal trainable matrix activation (TMAF, Liu et al., eq. 2.4), along the feature axis (dim 1):
/// <c>(T xi)_i = gamma_(i-1)(xi_(i-1)) xi_(i-1) + alpha_i(xi_i) xi_i + beta_(i+1)(xi_(i+1)) xi_(i+1)</c>.
/// Every entry is piecewise constant in the coordinate of the column it multiplies. As in the paper, the upper
/// (beta) grid is the diagonal grid shifted by h/3 and the lower (gamma) grid by 2h/3, h being the smallest gap
/// between breakpoints; the off-diagonal values start at 0, so an untrained module equals the diagonal TMAF.
/// After a convolution the neighbours are adjacent channels at the same position. The first feature has no lower
/// and the last no upper neighbour. Per layer, the three functions are shared by all features. On contiguous CPU
/// float32/float64 input a fused kernel (<see cref="Kernels.TriDiagonalTmafFunction"/>) makes one pass forward and one
/// backward and keeps only the input for backward; the composed ops below remain the reference and the fallback.
/// <para>
/// <see cref="ActivationModule.Formula"/> writes the diagonal functions as <c>f[i](z)</c> lines, then
/// <c>g_lower[i](z)</c> (what feature i adds to feature i+1) and <c>g_upper[i](z)</c> (what feature i+1 adds to
/// feature i); per layer without the index. <see cref="ActivationModule.Evaluate"/> returns the diagonal functions.
/// </para>
/// </summary>
public sealed class TriDiagonalTmaf : ActivationModule
{
    private readonly PiecewiseConstant _diagonal, _lower, _upper;
    private readonly Kernels.TriDiagonalGrids _grids;
    private readonly Parameter values;
    private readonly Parameter lower_values;
    private readonly Parameter upper_values;

    private readonly TmafInit _init;
    private readonly double _slope;

    /// <summary>Creates the module.</summary>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="per">Tables per layer (shared by every feature) or per neuron.</param>
    /// <param name="breakpoints">Strictly increasing diagonal breakpoints; by default -5, -4, ..., 5.</param>
    /// <param name="init">Initial diagonal values (the off-diagonals start at 0).</param>
    /// <param name="slope">Left value of the leaky init.</param>
    public TriDiagonalTmaf(int features = 1, Granularity per = Granularity.Neuron, double[]? breakpoints = null,
        TmafInit init = TmafInit.Relu, double slope = 0.01)
        : base("TriDiagonalTMAF", per, features)
    {
        breakpoints = PiecewiseConstant.Checked("tmaf3", breakpoints, slope);
        _init = init;
        _slope = slope;
        double h = PiecewiseConstant.SmallestGap(breakpoints);
        int offSets = per == Granularity.Layer ? 1 : Math.Max(1, features - 1);
        _diagonal = new PiecewiseConstant(breakpoints, 1);
        _upper = new PiecewiseConstant(breakpoints.Select(s => s + h / 3).ToArray(), 1);
        _lower = new PiecewiseConstant(breakpoints.Select(s => s + 2 * h / 3).ToArray(), 1);
        _grids = new Kernels.TriDiagonalGrids(_diagonal.Grid, _lower.Grid, _upper.Grid);
        values = new Parameter(_diagonal.InitialValues(Sets, init, slope));
        lower_values = new Parameter(_lower.InitialValues(offSets, TmafInit.Zero, 0));
        upper_values = new Parameter(_upper.InitialValues(offSets, TmafInit.Zero, 0));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override string Spec
    {
        get
        {
            var w = new SpecWriter("tmaf3").Per(Per, Granularity.Neuron)
                .Points("grid", _diagonal.InitialBreakpoints, PiecewiseConstant.DefaultGrid, listKey: "points")
                .Word("init", PiecewiseConstant.InitWord(_init), "relu");
            return (_init == TmafInit.Leaky ? w.Number("slope", _slope, 0.01) : w).ToString();
        }
    }

    /// <summary>The diagonal breakpoints; the upper grid is shifted by h/3 and the lower by 2h/3.</summary>
    public double[] Breakpoints => _diagonal.InitialBreakpoints;

    /// <summary>The upper (beta) grid's breakpoints.</summary>
    public double[] UpperBreakpoints => _upper.InitialBreakpoints;

    /// <summary>The lower (gamma) grid's breakpoints.</summary>
    public double[] LowerBreakpoints => _lower.InitialBreakpoints;

    /// <inheritdoc />
    public override bool HasFusedKernel => true;

    /// <summary>Diagonal values, [sets, m + 1].</summary>
    public Parameter Values => values;

    /// <summary>Lower off-diagonal values (gamma), [features - 1 or 1, m + 1].</summary>
    public Parameter LowerValues => lower_values;

    /// <summary>Upper off-diagonal values (beta), [features - 1 or 1, m + 1].</summary>
    public Parameter UpperValues => upper_values;

    /// <inheritdoc />
    public override (double Low, double High)? DesignedRange =>
        (_diagonal.InitialBreakpoints[0], _lower.InitialBreakpoints[^1]);

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks() =>
        [.. _diagonal.InitialBreakpoints, .. _upper.InitialBreakpoints, .. _lower.InitialBreakpoints];

    /// <inheritdoc />
    protected override Tensor Apply(Tensor z)
    {
        long f = z.shape[1];
        if (f >= 2 && Kernels.FusedKernels.Applies(z))
            return Kernels.TriDiagonalTmafFunction.apply(z, values.to(z.dtype), lower_values.to(z.dtype),
                upper_values.to(z.dtype), _grids);
        var result = _diagonal.Times(z, values);
        if (f < 2) return result;
        // Feature j feeds row j+1 through gamma_j and row j-1 through beta_j (j counted from the second feature).
        var lower = _lower.Times(z.narrow(1, 0, f - 1), lower_values);
        var upper = _upper.Times(z.narrow(1, 1, f - 1), upper_values);
        var zero = zeros_like(z.narrow(1, 0, 1));
        return result + cat([zero, lower], 1) + cat([upper, zero], 1);
    }

    /// <inheritdoc />
    protected override Tensor EvaluateSets(Tensor x) => _diagonal.Times(x, values);

    /// <inheritdoc />
    protected override void WriteFormula(FormulaWriter writer)
    {
        writer.PerSet(Sets, i => _diagonal.Formula(writer, values, i));
        int off = (int)lower_values.shape[0];
        for (int i = 0; i < off; i++)
        {
            var suffix = Per == Granularity.Layer ? "" : $"[{i}]";
            writer.Line($"g_lower{suffix}(z) = {_lower.Formula(writer, lower_values, i)}");
            writer.Line($"g_upper{suffix}(z) = {_upper.Formula(writer, upper_values, i)}");
        }
    }
}

public static partial class Activations
{
    /// <summary>
    /// Tri-diagonal trainable matrix activation (TMAF, Liu et al., eq. 2.4): each output adds to its own
    /// piecewise-constant term those of its two neighbours on the feature axis; the off-diagonals start at 0.
    /// </summary>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="per">Tables per layer (shared by every feature) or per neuron.</param>
    /// <param name="breakpoints">Strictly increasing diagonal breakpoints; by default -5, -4, ..., 5.</param>
    /// <param name="init">Initial diagonal values.</param>
    /// <param name="slope">Left value of the leaky init.</param>
    public static TriDiagonalTmaf TriDiagonalTmaf(int features = 1, Granularity per = Granularity.Neuron,
        double[]? breakpoints = null, TmafInit init = TmafInit.Relu, double slope = 0.01) =>
        new(features, per, breakpoints, init, slope);
}
