using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Base of the flexible-combination paper's activations: <c>o(z) = sum_k alpha_k f_k(z; beta)</c> with alpha on the
/// probability simplex and an optional inner parameter beta &gt; 0 (kept positive as beta = softplus(raw)).
/// Subclasses give the components. Per layer or per neuron.
/// </summary>
public abstract class FlexibleCombination : ActivationModule, IMixingActivation, IProjectedActivation
{
    private readonly Parameter alpha;
    private readonly Parameter? beta;

    /// <summary>Creates the module.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="per">Granularity.</param>
    /// <param name="initialMix">Initial alpha, K values on the simplex.</param>
    /// <param name="defaultMix">The mix that gives the baseline function.</param>
    /// <param name="constraint">How alpha stays on the simplex.</param>
    /// <param name="initialBeta">Initial beta &gt; 0, or null when the family has no inner parameter.</param>
    private protected FlexibleCombination(string name, int features, Granularity per, double[] initialMix,
        double[] defaultMix, SimplexConstraint constraint, double? initialBeta)
        : base(name, per, features)
    {
        if (initialMix.Any(m => !(m >= -1e-9 && m <= 1 + 1e-9)))
            throw new Spec.ActivationSpecException(name.ToLowerInvariant(), null,
                $"initial weights [{string.Join(", ", initialMix)}] must lie on the simplex (each in [0, 1], sum 1)");
        if (initialBeta is double ib && !(ib > 0 && double.IsFinite(ib)))
            throw new Spec.ActivationSpecException(name.ToLowerInvariant(), "beta",
                $"expects a finite number > 0, got {ib}");
        int sets = Sets;
        Constraint = constraint;
        DefaultMix = defaultMix;
        int k = initialMix.Length;
        var mix = tensor(initialMix, float32).unsqueeze(0).repeat(sets, 1);
        Tensor raw = constraint == SimplexConstraint.Project
            ? mix
            : k == 2
                // sigmoid(logit) = alpha_0; kept away from 0 and 1, where the logit is infinite.
                ? mix.narrow(1, 0, 1).clamp(1e-6, 1 - 1e-6).logit()
                : mix.clamp_min(1e-6).log();
        alpha = new Parameter(raw.contiguous());
        if (initialBeta is double b) beta = new Parameter(full(sets, b > 20 ? b : Math.Log(Math.Exp(b) - 1)));
        RegisterComponents();
    }

    /// <summary>How alpha stays on the simplex.</summary>
    public SimplexConstraint Constraint { get; }

    /// <inheritdoc />
    public IReadOnlyList<double> DefaultMix { get; }

    /// <summary>Number of components K.</summary>
    public int Components => DefaultMix.Count;

    /// <inheritdoc />
    public Tensor MixingWeights() => Constraint == SimplexConstraint.Project
        ? alpha
        : Components == 2
            ? cat([alpha.sigmoid(), 1 - alpha.sigmoid()], 1)
            : alpha.softmax(1);

    /// <summary>The inner parameter beta = softplus(raw), [sets], or null.</summary>
    public Tensor? Beta() => beta is null ? null : nn.functional.softplus(beta);

    /// <inheritdoc />
    public void Project()
    {
        if (Constraint != SimplexConstraint.Project) return;
        ActivationConstraints.ProjectRowsOntoSimplexInPlace(alpha);
    }

    /// <summary>The components for the fused CPU kernel, or null where there is none.</summary>
    internal virtual Kernels.PointwiseBasis? Kernel => null;

    /// <inheritdoc />
    public override bool HasFusedKernel => Kernel is not null;

    /// <summary>
    /// The spec's start: the family name, <c>per</c> and <c>constraint</c> where they are not the defaults.
    /// </summary>
    private protected Spec.SpecWriter SpecStart(string family) => new Spec.SpecWriter(family)
        .Per(Per, Granularity.Layer)
        .Word("constraint", Constraint == SimplexConstraint.Reparam ? "reparam" : "project", "project");

    /// <summary>The component values f_k(z; beta), each shaped like <paramref name="z"/>.</summary>
    protected abstract Tensor[] ComponentValues(Tensor z, Tensor? beta);

    /// <summary>The formulas of the components of one parameter set, given its beta.</summary>
    protected abstract string[] ComponentFormulas(FormulaWriter writer, double beta);

    /// <inheritdoc />
    protected override Tensor Apply(Tensor z)
    {
        var mix = MixingWeights().to(z.dtype);
        if (Kernel is { } kernel && Kernels.FusedKernels.Applies(z))
            return Kernels.CombinationFunction.apply(z, mix, Beta()?.to(z.dtype)!, kernel);
        var b = Beta() is { } bt ? PerFeature(bt.to(z.dtype), z) : null;
        var parts = ComponentValues(z, b);
        Tensor? sum = null;
        for (int k = 0; k < parts.Length; k++)
        {
            var term = PerFeature(mix.select(1, k), z) * parts[k];
            sum = sum is null ? term : sum + term;
        }
        return sum!;
    }

    /// <inheritdoc />
    protected override void WriteFormula(FormulaWriter writer)
    {
        var mix = FormulaWriter.Values(MixingWeights());
        var betas = Beta() is { } b ? FormulaWriter.Values(b) : null;
        writer.PerSet(Sets, i =>
        {
            var parts = ComponentFormulas(writer, betas?[i] ?? 1);
            return string.Join(" + ", parts.Select((p, k) => $"{writer.N(mix[i * Components + k])} * ({p})"));
        });
    }

    /// <summary>
    /// e2(z; beta) = elu(z; beta) - elu(-z; beta) = z + beta sign(z) (1 - exp(-|z|)), with a per-set beta. It is
    /// smooth, and autograd gives its true derivative 1 + beta at 0 (the fused kernel's), where two elus built from
    /// clamps would add both clamps' subgradients.
    /// </summary>
    protected static Tensor E2(Tensor z, Tensor beta) =>
        z + beta * where(z.ge(0), z.clamp_min(0).neg().expm1().neg(), z.clamp_max(0).expm1());

    /// <summary>The formula of elu(z; beta) with z replaced by <paramref name="x"/>.</summary>
    protected static string EluFormula(FormulaWriter w, string x, double beta) =>
        $"relu({x}) + {w.N(beta)} * (exp(min(0, {x})) - 1)";
}
