using System.Globalization;

namespace Tact.Models;

/// <summary>
/// How to initialise the linear layers that feed grid-based activations (TMAF, tmaf3, or any activation with a
/// designed range): weights and biases chosen so that the pre-activations cover the activation's designed range,
/// instead of PyTorch's default, which maps inputs in [-1, 1] onto a few of a fine grid's intervals. See
/// <see cref="GridInit"/> for the construction.
/// </summary>
public sealed record LayerInit
{
    /// <summary>The one kind there is: cover the designed range.</summary>
    public const string GridKind = "grid";

    /// <summary>
    /// Hidden layers (1-based) to initialise; null: every hidden layer whose activation has a designed range and
    /// whose inputs' range is known (the first layer, or every layer when the input range is given).
    /// </summary>
    public IReadOnlyList<int>? Layers { get; init; }

    /// <summary>Fraction of the designed range's width the pre-activations span over the input range (0.9).</summary>
    public double Coverage { get; init; } = 0.9;

    /// <summary>
    /// Relative spread of the weights' magnitudes: each is the covering magnitude times 1 + jitter u, u uniform in
    /// [-1, 1], so that the grid's intervals do not all line up with periods in the data.
    /// </summary>
    public double Jitter { get; init; } = 0.1;

    /// <summary>Seed of the init's own generator; null: libtorch's generator (seeded by the run).</summary>
    public long? Seed { get; init; }

    /// <summary>
    /// Range of each input of the initialised layers; null: for the first hidden layer, the data's range (or [-1, 1]
    /// when the model is built without data); deeper layers need it given.
    /// </summary>
    public double? InputLow { get; init; }

    /// <summary>Upper end of the input range; given together with <see cref="InputLow"/>.</summary>
    public double? InputHigh { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when a value cannot work.</summary>
    public void Validate()
    {
        if (!(Coverage > 0) || !double.IsFinite(Coverage))
            throw new ArgumentException($"init: coverage must be a number > 0, got {Num(Coverage)}");
        if (!(Jitter >= 0 && Jitter < 1))
            throw new ArgumentException($"init: jitter must be in [0, 1), got {Num(Jitter)}");
        if (Layers is { } layers && (layers.Count == 0 || layers.Any(l => l < 1)))
            throw new ArgumentException(
                $"init: layers are hidden layer numbers >= 1, got [{string.Join(", ", layers)}]");
        if (InputLow.HasValue != InputHigh.HasValue)
            throw new ArgumentException("init: give both ends of input_range");
        if (InputLow is double lo && InputHigh is double hi && !(hi > lo && double.IsFinite(lo) && double.IsFinite(hi)))
            throw new ArgumentException($"init: input_range needs low < high, got [{Num(lo)}, {Num(hi)}]");
    }

    /// <summary>
    /// Parses the command-line form <c>grid</c> or <c>grid,key=value,...</c> with keys <c>coverage</c>,
    /// <c>jitter</c>, <c>seed</c>, <c>layers</c> (numbers joined by <c>+</c>) and <c>input_range</c>
    /// (<c>low:high</c>); <see cref="ArgumentException"/> for anything else.
    /// </summary>
    public static LayerInit Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts[0] != GridKind)
            throw new ArgumentException($"init: unknown kind '{parts[0]}'; known: {GridKind}");
        var init = new LayerInit();
        foreach (var part in parts.Skip(1))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2) throw new ArgumentException($"init: expected key=value, got '{part}'");
            init = kv[0] switch
            {
                "coverage" => init with { Coverage = Number(kv[1], kv[0]) },
                "jitter" => init with { Jitter = Number(kv[1], kv[0]) },
                "seed" => init with { Seed = WholeNumber(kv[1]) },
                "layers" => init with { Layers = kv[1].Split('+').Select(Layer).ToList() },
                "input_range" => Range(init, kv[1]),
                _ => throw new ArgumentException(
                    $"init: unknown key '{kv[0]}'; known: coverage, jitter, seed, layers, input_range"),
            };
        }
        init.Validate();
        return init;
    }

    private static LayerInit Range(LayerInit init, string text)
    {
        var ends = text.Split(':');
        if (ends.Length != 2) throw new ArgumentException($"init: input_range is low:high, got '{text}'");
        return init with { InputLow = Number(ends[0], "input_range"), InputHigh = Number(ends[1], "input_range") };
    }

    private static double Number(string text, string key) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new ArgumentException($"init: {key} must be a number, got '{text}'");

    private static long WholeNumber(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ArgumentException($"init: seed must be a whole number, got '{text}'");

    private static int Layer(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ArgumentException($"init: layers are whole numbers joined by '+', got '{text}'");

    private static string Num(double x) => x.ToString(CultureInfo.InvariantCulture);
}
