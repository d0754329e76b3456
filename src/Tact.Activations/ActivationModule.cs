using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Base class of every tact activation: a TorchSharp module from a tensor to a tensor of the same shape,
/// with input of rank &gt;= 2 whose feature axis is dim 1. Subclasses implement <see cref="Apply"/>;
/// this class checks the input, feeds the <see cref="Monitor"/>, and offers the explainability API.
/// </summary>
public abstract class ActivationModule : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the module.</summary>
    /// <param name="name">Module name, e.g. <c>PReLU</c>.</param>
    /// <param name="per">Granularity of the parameters.</param>
    /// <param name="features">Features on dim 1: the number of parameter sets per neuron (ignored per layer).</param>
    protected ActivationModule(string name, Granularity per, int features) : base(name)
    {
        if (per == Granularity.Neuron && features < 1)
            throw new ArgumentOutOfRangeException(nameof(features),
                $"{name}: per=neuron needs features >= 1, got {features}");
        Per = per;
        Sets = per == Granularity.Layer ? 1 : features;
    }

    /// <summary>
    /// The canonical spec of this module, derived from its state: the family name and every option that differs from
    /// the family's default, in the family's order. <c>Activations.Create(m.Spec, features)</c> builds a module of
    /// the same structure; loaded with <c>m</c>'s parameters, it computes the same function.
    /// </summary>
    public abstract string Spec { get; }

    /// <summary>
    /// Whether this module, with its options, runs a fused CPU kernel (on contiguous float32/float64 CPU input while
    /// <see cref="Kernels.FusedKernels.Enabled"/>); otherwise it always runs composed TorchSharp ops.
    /// </summary>
    public virtual bool HasFusedKernel => false;

    /// <summary>
    /// Names of the components whose weights are the columns of the module's two-dimensional parameters (WSGAF's
    /// tanh, relu, sigmoid), so reports can name them; null where the columns are not named components.
    /// </summary>
    public virtual IReadOnlyList<string>? ComponentNames => null;

    /// <summary>Granularity of the parameters.</summary>
    public Granularity Per { get; }

    /// <summary>Number of parameter sets: 1 per layer, or the number of features per neuron.</summary>
    public int Sets { get; }

    /// <summary>Counts of inputs seen, and of those outside the designed range or not finite.</summary>
    public InputMonitor Monitor { get; } = new();

    /// <summary>The interval where the function is designed to work (Fourier period, grid, domain), if any.</summary>
    public virtual (double Low, double High)? DesignedRange => null;

    /// <summary>Number of trainable scalars.</summary>
    public long ParameterCount => parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    /// <summary>
    /// The learned function with its current numbers: one line <c>f(z) = ...</c> per layer or
    /// <c>f[i](z) = ...</c> per neuron, in the evaluable syntax described on <see cref="FormulaWriter"/>.
    /// </summary>
    /// <param name="exact">Print numbers to round-trip precision instead of six significant digits.</param>
    public string Formula(bool exact = false)
    {
        var writer = new FormulaWriter(exact);
        WriteFormula(writer);
        return writer.ToString();
    }

    /// <summary>
    /// Points where the function may not be differentiable (e.g. ReLU's 0, TMAF breakpoints, ramp corners)
    /// for the current parameters; gradient checks sample their inputs away from them.
    /// </summary>
    public virtual IReadOnlyList<double> Kinks() => [];

    /// <summary>Writes the formula lines; see <see cref="Formula"/>.</summary>
    protected abstract void WriteFormula(FormulaWriter writer);

    /// <summary>Applies the activation; the shape of the output equals the shape of the input.</summary>
    public sealed override Tensor forward(Tensor input)
    {
        CheckInput(input);
        if (Monitor.Enabled) Monitor.Observe(input, DesignedRange);
        return Apply(input);
    }

    /// <summary>
    /// Values of the activation on a 1-D grid of inputs, for plotting: a tensor [grid, sets] whose column j is
    /// the function of parameter set j. Runs without gradient and does not touch the monitor.
    /// </summary>
    public Tensor Evaluate(Tensor grid)
    {
        if (grid.dim() != 1)
            throw new ArgumentException($"{GetName()}: Evaluate takes a 1-D grid, got shape {Shape(grid)}");
        using var _ = no_grad();
        var p = parameters().FirstOrDefault();
        var x = grid.to(p?.dtype ?? grid.dtype).unsqueeze(1).expand(grid.shape[0], Sets).contiguous();
        return EvaluateSets(x);
    }

    /// <summary>
    /// The per-set functions on <paramref name="x"/> [grid, sets] (column j fed to set j). Element-wise families
    /// need not override it; families that couple features (tri-diagonal TMAF) return their own per-feature part.
    /// </summary>
    protected virtual Tensor EvaluateSets(Tensor x) => Apply(x);

    /// <summary>The activation itself; <paramref name="z"/> has been checked already.</summary>
    protected abstract Tensor Apply(Tensor z);

    /// <summary>
    /// Reshapes a per-set parameter of shape [sets] so that it broadcasts against <paramref name="z"/> along dim 1.
    /// A per-layer parameter of shape [1] broadcasts as it is.
    /// </summary>
    protected Tensor PerFeature(Tensor parameter, Tensor z)
    {
        if (Per == Granularity.Layer) return parameter;
        var shape = new long[z.dim()];
        Array.Fill(shape, 1L);
        shape[1] = Sets;
        return parameter.view(shape);
    }

    /// <summary>The canonical <see cref="Spec"/>, as PyTorch's <c>extra_repr</c> describes a module.</summary>
    public override string ToString() => Spec;

    private void CheckInput(Tensor z)
    {
        if (z.dim() < 2)
            throw new ArgumentException(
                $"{Spec}: input must have rank >= 2 with features on dim 1, got shape {Shape(z)}");
        if (Per == Granularity.Neuron && z.shape[1] != Sets)
            throw new ArgumentException(
                $"{Spec}: expects {Sets} features on dim 1 (per=neuron), got shape {Shape(z)}");
    }

    private static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
