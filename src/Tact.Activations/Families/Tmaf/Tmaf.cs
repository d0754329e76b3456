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

    /// <summary>Creates the module.</summary>
    /// <param name="breakpoints">Strictly increasing breakpoints s_1..s_m.</param>
    /// <param name="per">One table per layer or per neuron.</param>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="init">Initial values.</param>
    /// <param name="slope">Left value of the leaky init.</param>
    /// <param name="trainableBreakpoints">Train the breakpoints through the smooth relaxation (our extension).</param>
    /// <param name="temperature">Width of the relaxed steps.</param>
    /// <param name="spec">Canonical spec text.</param>
    public Tmaf(double[] breakpoints, Granularity per = Granularity.Neuron, int features = 1, TmafInit init = TmafInit.Relu,
        double slope = 0.01, bool trainableBreakpoints = false, double temperature = 0.01, string? spec = null)
        : base("TMAF", spec ?? "tmaf", per, per == Granularity.Layer ? 1 : features)
    {
        _table = new PiecewiseConstant(breakpoints, temperature);
        values = new Parameter(_table.InitialValues(Sets, init, slope));
        if (trainableBreakpoints)
        {
            first_breakpoint = new Parameter(_table.InitialFirst());
            breakpoint_gaps = new Parameter(_table.InitialRawGaps());
        }
        RegisterComponents();
    }

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
