using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace Tact.Activations;

/// <summary>
/// Builds the text of <see cref="ActivationModule.Formula"/>. The text is meant to be read and to be
/// evaluated: one line <c>f(z) = EXPR</c> per layer, or one line <c>f[i](z) = EXPR</c> per neuron i.
/// EXPR uses numbers, <c>z</c>, <c>+ - * /</c>, parentheses and the functions
/// <c>exp log sqrt abs sin cos tanh sigmoid relu elu softplus gelu silu min max clamp step</c>, where
/// <c>step(x)</c> is 1 for x &gt; 0 and 0 otherwise. No term is ever dropped; readable mode rounds numbers to
/// six significant digits, exact mode prints each number so that it parses back to the same double.
/// </summary>
public sealed class FormulaWriter(bool exact)
{
    private readonly StringBuilder _text = new();

    /// <summary>Whether numbers are printed to round-trip precision.</summary>
    public bool Exact { get; } = exact;

    /// <summary>A number, in the chosen precision; negative numbers are parenthesised.</summary>
    public string N(double x)
    {
        var s = x.ToString(Exact ? "R" : "G6", CultureInfo.InvariantCulture);
        return x < 0 || s.StartsWith('-') ? $"({s})" : s;
    }

    /// <summary>Writes the line of a per-layer function.</summary>
    public void Layer(string expression) => _text.Append("f(z) = ").Append(expression).Append('\n');

    /// <summary>Writes the line of neuron <paramref name="index"/>.</summary>
    public void Neuron(int index, string expression) =>
        _text.Append("f[").Append(index).Append("](z) = ").Append(expression).Append('\n');

    /// <summary>Writes a line with its own head, for families with more than one function per set.</summary>
    public void Line(string line) => _text.Append(line).Append('\n');

    /// <summary>
    /// Writes one line per parameter set: per layer if <paramref name="sets"/> is 1, else per neuron.
    /// </summary>
    public void PerSet(int sets, Func<int, string> expression)
    {
        if (sets == 1) Layer(expression(0));
        else for (int i = 0; i < sets; i++) Neuron(i, expression(i));
    }

    /// <summary>The values of a parameter tensor, flattened, as doubles.</summary>
    public static double[] Values(Tensor parameter)
    {
        using var _ = no_grad();
        using var t = parameter.detach().to(float64).cpu().contiguous();
        return t.data<double>().ToArray();
    }

    /// <summary>The formula text, one line per function, without a trailing newline.</summary>
    public override string ToString() => _text.ToString().TrimEnd('\n');
}
