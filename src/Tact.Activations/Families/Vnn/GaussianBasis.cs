using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Gaussian radial basis: exp(-((z - c_j) / width)^2) for M centres evenly spaced on [low, high]; the width defaults
/// to the spacing. Designed range: [low - width, high + width].
/// </summary>
public sealed class GaussianBasis : Basis
{
    private readonly int centers;
    private readonly double low, high, width;

    /// <summary>Creates the basis.</summary>
    /// <param name="centers">Number of centres M, in [1, 10000].</param>
    /// <param name="low">First centre.</param>
    /// <param name="high">Last centre, &gt;= low.</param>
    /// <param name="width">Width &gt; 0; null for the spacing of the centres (1 when there is one centre).</param>
    public GaussianBasis(int centers = 8, double low = -3, double high = 3, double? width = null)
    {
        Activations.Require(centers is >= 1 and <= 10000, "vnn", "centers", centers, "a whole number in [1, 10000]");
        Activations.Require(double.IsFinite(low), "vnn", "low", low, "a finite number");
        Activations.Require(double.IsFinite(high) && high >= low, "vnn", "high", high,
            $"a finite number >= low ({low})");
        this.centers = centers;
        this.low = low;
        this.high = high;
        this.width = width ?? DefaultWidth(centers, low, high);
        Activations.Require(this.width > 0 && double.IsFinite(this.width), "vnn", "width", this.width,
            "a finite number > 0");
    }

    /// <summary>Number of centres M.</summary>
    public int Centers => centers;

    /// <summary>The first centre.</summary>
    public double Low => low;

    /// <summary>The last centre.</summary>
    public double High => high;

    /// <summary>The width.</summary>
    public double Width => width;

    /// <summary>Centre j, evenly spaced on [low, high] (the midpoint when there is one).</summary>
    public double Center(int j) => centers == 1 ? (low + high) / 2 : low + j * (high - low) / (centers - 1);

    /// <summary>The default width: the spacing of the centres, or 1 when they coincide.</summary>
    internal static double DefaultWidth(int centers, double low, double high)
    {
        double spacing = centers > 1 ? (high - low) / (centers - 1) : 1;
        return spacing > 0 ? spacing : 1;
    }

    /// <inheritdoc />
    public override int Count => centers;

    internal override void WriteSpec(Spec.SpecWriter spec) => spec.Word("basis", "gaussian")
        .Number("centers", centers, 8).Number("low", low, -3).Number("high", high, 3)
        .Number("width", width, DefaultWidth(centers, low, high));

    /// <inheritdoc />
    public override (double Low, double High)? DesignedRange => (low - width, high + width);

    private Kernels.PointwiseBasis? _kernel;

    // Made once, on the first forward pass, rather than on every one.
    internal override Kernels.PointwiseBasis Kernel =>
        _kernel ??= new Kernels.GaussianKernelBasis([.. Enumerable.Range(0, centers).Select(Center)], width);

    /// <inheritdoc />
    public override IEnumerable<Tensor> Evaluate(Tensor z)
    {
        for (int j = 0; j < centers; j++) yield return ((z - Center(j)) / width).square().neg().exp();
    }

    /// <inheritdoc />
    public override string Formula(FormulaWriter w, int i)
    {
        var t = $"((z - {C(w, Center(i))}) / {C(w, width)})";
        return $"exp(-({t} * {t}))";
    }
}
