using Tact.Activations.Spec;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Diagonal trainable matrix activation (TMAF, Liu et al., eq. 2.2-2.3): <c>eta_i = alpha_i(xi_i) * xi_i</c> where
/// alpha_i is piecewise constant with trainable values t_0..t_m on (-inf, s_1], (s_1, s_2], ..., (s_m, inf).
/// One table per layer or per neuron. m = 1, s = 0, t = (0, 1) is exactly ReLU; t = (c, 1) is leaky ReLU.
/// </summary>
public sealed class Tmaf : ActivationModule
{
    private readonly PiecewiseConstant _table;
    private readonly Parameter values;
    private readonly Parameter? first_breakpoint;
    private readonly Parameter? breakpoint_gaps;
    private readonly TmafInit _init;
    private readonly double _slope;

    /// <summary>Creates the module.</summary>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="per">One table per layer or per neuron.</param>
    /// <param name="breakpoints">Strictly increasing breakpoints s_1..s_m; by default -5, -4, ..., 5.</param>
    /// <param name="init">Initial values.</param>
    /// <param name="slope">Left value of the leaky init.</param>
    /// <param name="trainableBreakpoints">Train the breakpoints through the smooth relaxation (our extension).</param>
    /// <param name="temperature">Width of the relaxed steps; by default a tenth of the smallest gap.</param>
    public Tmaf(int features = 1, Granularity per = Granularity.Neuron, double[]? breakpoints = null,
        TmafInit init = TmafInit.Relu, double slope = 0.01, bool trainableBreakpoints = false,
        double? temperature = null)
        : base("TMAF", per, features)
    {
        var points = PiecewiseConstant.Checked("tmaf", breakpoints, slope);
        double t = temperature ?? 0.1 * PiecewiseConstant.SmallestGap(points);
        Activations.Require(t > 0 && double.IsFinite(t), "tmaf", "temperature", t, "a finite number > 0");
        _table = new PiecewiseConstant(points, t);
        _init = init;
        _slope = slope;
        values = new Parameter(_table.InitialValues(Sets, init, slope));
        if (trainableBreakpoints)
        {
            first_breakpoint = new Parameter(_table.InitialFirst());
            breakpoint_gaps = new Parameter(_table.InitialRawGaps());
        }
        RegisterComponents();
    }

    /// <inheritdoc />
    public override string Spec
    {
        get
        {
            var w = new SpecWriter("tmaf").Per(Per, Granularity.Neuron)
                .Points("grid", _table.InitialBreakpoints, PiecewiseConstant.DefaultGrid, listKey: "points")
                .Word("init", PiecewiseConstant.InitWord(_init), "relu");
            if (_init == TmafInit.Leaky) w.Number("slope", _slope, 0.01);
            if (!TrainableBreakpoints) return w.ToString();
            return w.Word("breakpoints", "trainable").Number("temperature", _table.Temperature,
                0.1 * PiecewiseConstant.SmallestGap(_table.InitialBreakpoints)).ToString();
        }
    }

    /// <summary>
    /// Whether the breakpoints are trained (through sigmoid steps of width <see cref="Temperature"/>).
    /// </summary>
    public bool TrainableBreakpoints => first_breakpoint is not null;

    /// <summary>Width of the sigmoid steps when the breakpoints are trained.</summary>
    public double Temperature => _table.Temperature;

    /// <inheritdoc />
    public override bool HasFusedKernel => !TrainableBreakpoints;

    /// <summary>The values t, shape [sets, m + 1].</summary>
    public Parameter Values => values;

    /// <summary>The current breakpoints.</summary>
    public double[] Breakpoints => _table.Breakpoints(first_breakpoint, breakpoint_gaps);

    /// <inheritdoc />
    public override (double Low, double High)? DesignedRange => (Breakpoints[0], Breakpoints[^1]);

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks() => Breakpoints;

    /// <inheritdoc />
    protected override Tensor Apply(Tensor z) => _table.Times(z, values, first_breakpoint, breakpoint_gaps);

    /// <inheritdoc />
    protected override void WriteFormula(FormulaWriter writer) =>
        writer.PerSet(Sets, i => _table.Formula(writer, values, i, first_breakpoint, breakpoint_gaps));
}

public static partial class Activations
{
    /// <summary>
    /// Diagonal trainable matrix activation (TMAF, Liu et al., eq. 2.2-2.3): <c>t(z) z</c> with t piecewise constant,
    /// its values trained; one table per layer or per neuron. m = 1, s = 0, t = (0, 1) is exactly ReLU.
    /// </summary>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="per">One table per layer or per neuron.</param>
    /// <param name="breakpoints">Strictly increasing breakpoints s_1..s_m; by default -5, -4, ..., 5.</param>
    /// <param name="init">Initial values.</param>
    /// <param name="slope">Left value of the leaky init.</param>
    /// <param name="trainableBreakpoints">Train the breakpoints through the smooth relaxation (our extension).</param>
    /// <param name="temperature">Width of the relaxed steps; by default a tenth of the smallest gap.</param>
    public static Tmaf Tmaf(int features = 1, Granularity per = Granularity.Neuron, double[]? breakpoints = null,
        TmafInit init = TmafInit.Relu, double slope = 0.01, bool trainableBreakpoints = false,
        double? temperature = null) => new(features, per, breakpoints, init, slope, trainableBreakpoints, temperature);
}
