using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>A fixed set of functions f_1..f_M whose trained combination is a basis-expansion activation.</summary>
public abstract class Basis
{
    // Closed hierarchy: the vnn spec names every basis.
    private protected Basis()
    {
    }

    /// <summary>Number of functions M.</summary>
    public abstract int Count { get; }

    /// <summary>Adds <c>basis=...</c> and the basis's options that differ from their defaults.</summary>
    internal abstract void WriteSpec(Spec.SpecWriter spec);

    /// <summary>The values f_i(z), each shaped like <paramref name="z"/>.</summary>
    public abstract IEnumerable<Tensor> Evaluate(Tensor z);

    /// <summary>The formula of f_i in z (syntax of <see cref="FormulaWriter"/>).</summary>
    public abstract string Formula(FormulaWriter w, int i);

    /// <summary>Where the functions may not be differentiable.</summary>
    public virtual IReadOnlyList<double> Kinks => [];

    /// <summary>The interval where the basis is designed to work, if any.</summary>
    public virtual (double Low, double High)? DesignedRange => null;

    /// <summary>The same functions for the fused CPU kernel, or null where there is none.</summary>
    internal virtual Kernels.PointwiseBasis? Kernel => null;

    /// <summary>Formats a constant for formulas the way <see cref="FormulaWriter.N"/> does.</summary>
    protected static string C(FormulaWriter w, double x) => w.N(x);

}
