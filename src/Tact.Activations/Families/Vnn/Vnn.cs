using Tact.Activations.Spec;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Basis-expansion activation ("variational neural networks", spec <c>vnn</c>): <c>F(z) = sum_i a_i f_i(z)</c> over
/// a fixed <see cref="Basis"/>, with the coefficients a trained together with the weights, per layer or per neuron.
/// </summary>
public sealed class Vnn : ActivationModule
{
    private static readonly double[] DefaultInterval = [-3, 3];

    private readonly Basis _basis;
    private readonly Parameter coefficients;
    private readonly VnnInit _init;
    private readonly string _fit;
    private readonly double[] _interval;
    private readonly double _std;

    /// <summary>Creates the module.</summary>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="per">One coefficient vector per layer or per neuron.</param>
    /// <param name="basis">The functions f_i; by default <see cref="FourierBasis"/> with K = 4.</param>
    /// <param name="init">How the coefficients start.</param>
    /// <param name="fit">init = fit: the named function to mimic.</param>
    /// <param name="low">init = fit: the interval where to mimic it starts here.</param>
    /// <param name="high">init = fit: and ends here.</param>
    /// <param name="std">init = normal: standard deviation of the coefficients.</param>
    public Vnn(int features = 1, Granularity per = Granularity.Layer, Basis? basis = null, VnnInit init = VnnInit.Fit,
        string fit = "relu", double low = -3, double high = 3, double std = 0.1)
        : base("Vnn", per, features)
    {
        _basis = basis ?? new FourierBasis();
        _init = init;
        _fit = fit;
        _interval = [low, high];
        _std = std;
        Tensor initial;
        if (init == VnnInit.Normal)
        {
            Activations.Require(std >= 0 && double.IsFinite(std), "vnn", "std", std, "a finite number >= 0");
            using var _ = no_grad();
            initial = randn(Sets, _basis.Count) * std;
        }
        else
        {
            var target = NamedFunctions.Resolve("vnn", "fit", [fit]).Single();
            Activations.Require(double.IsFinite(low) && double.IsFinite(high) && low < high, "vnn", "interval",
                $"[{low}, {high}]", "two finite numbers [low, high] with low < high");
            initial = Fit(_basis, target, low, high).unsqueeze(0).repeat(Sets, 1);
        }
        coefficients = new Parameter(initial.to(float32).contiguous());
        RegisterComponents();
    }

    /// <summary>The basis.</summary>
    public Basis Basis => _basis;

    /// <summary>The coefficients a, shape [sets, M].</summary>
    public Parameter Coefficients => coefficients;

    /// <inheritdoc />
    public override string Spec
    {
        get
        {
            var w = new SpecWriter("vnn").Per(Per, Granularity.Layer);
            _basis.WriteSpec(w);
            if (_init == VnnInit.Normal) return w.Word("init", "normal").Number("std", _std, 0.1).ToString();
            return w.Word("fit", _fit, "relu").Points("interval", _interval, DefaultInterval).ToString();
        }
    }

    /// <inheritdoc />
    public override bool HasFusedKernel => _basis.Kernel is not null;

    /// <inheritdoc />
    public override (double Low, double High)? DesignedRange => _basis.DesignedRange;

    /// <inheritdoc />
    public override IReadOnlyList<double> Kinks() => _basis.Kinks;

    /// <inheritdoc />
    protected override Tensor Apply(Tensor z)
    {
        var a = coefficients.to(z.dtype);
        if (_basis.Kernel is { } kernel && Kernels.FusedKernels.Applies(z))
            return Kernels.CombinationFunction.apply(z, a, null!, kernel);
        Tensor? sum = null;
        int i = 0;
        foreach (var f in _basis.Evaluate(z))
        {
            var term = PerFeature(a.select(1, i++), z) * f;
            sum = sum is null ? term : sum + term;
        }
        return sum!;
    }

    /// <inheritdoc />
    protected override void WriteFormula(FormulaWriter writer)
    {
        var a = FormulaWriter.Values(coefficients);
        int m = _basis.Count;
        writer.PerSet(Sets, s => string.Join(" + ",
            Enumerable.Range(0, m).Select(i => $"{writer.N(a[s * m + i])} * {_basis.Formula(writer, i)}")));
    }

    /// <summary>
    /// The ridge of <see cref="Fit"/>, relative to the mean squared error over the fit points: the coefficients
    /// minimise <c>mean((F - f)^2) + FitRidge |a|^2</c>.
    /// </summary>
    public const double FitRidge = 1e-6;

    /// <summary>
    /// Ridge least-squares coefficients [M] that make the expansion mimic <paramref name="target"/> on [low, high]
    /// (512 evenly spaced points, solved in float64 through the SVD, ridge <see cref="FitRidge"/>).
    /// </summary>
    public static Tensor Fit(Basis basis, NamedFunction target, double low, double high)
    {
        // Plain least squares is ill-conditioned here (a Fourier basis whose period is long against the interval has
        // nearly dependent columns): it matches the interval with large cancelling coefficients, and the expansion
        // explodes just outside it, still inside the basis's designed range. The ridge damps those directions.
        using var scope = NewDisposeScope();
        const int points = 512;
        var z = linspace(low, high, points, float64);
        var design = stack(basis.Evaluate(z).ToArray(), 1);
        var y = target.Apply(z).unsqueeze(1);
        var (u, s, vh) = linalg.svd(design, fullMatrices: false);
        var gains = s / (s.square() + points * FitRidge);
        var solution = vh.t().matmul(gains.unsqueeze(1) * u.t().matmul(y)).squeeze(1);
        return solution.to(float32).MoveToOuterDisposeScope();
    }
}

public static partial class Activations
{
    /// <summary>
    /// Basis expansion ("variational neural networks"): <c>F(z) = sum_i a_i f_i(z)</c> with trained coefficients a
    /// over a fixed basis (Fourier, power/Chebyshev/Legendre polynomials, Gaussian RBF or named functions).
    /// </summary>
    /// <param name="features">Features on dim 1 (needed per neuron).</param>
    /// <param name="per">One coefficient vector per layer or per neuron.</param>
    /// <param name="basis">The functions f_i; by default <see cref="FourierBasis"/> with K = 4.</param>
    /// <param name="init">How the coefficients start.</param>
    /// <param name="fit">init = fit: the named function to mimic.</param>
    /// <param name="low">init = fit: start of the interval where to mimic it.</param>
    /// <param name="high">init = fit: end of that interval.</param>
    /// <param name="std">init = normal: standard deviation of the coefficients.</param>
    public static Vnn Vnn(int features = 1, Granularity per = Granularity.Layer, Basis? basis = null,
        VnnInit init = VnnInit.Fit, string fit = "relu", double low = -3, double high = 3, double std = 0.1) =>
        new(features, per, basis, init, fit, low, high, std);
}
