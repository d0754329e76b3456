using System.Globalization;

namespace Tact.Activations.Spec;

/// <summary>
/// A spec whose values are wrong for its family; names the family, the parameter and what it expects.
/// </summary>
public sealed class ActivationSpecException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public ActivationSpecException(string family, string? parameter, string message)
        : base(parameter is null ? $"{family}: {message}" : $"{family}: parameter '{parameter}' {message}")
    {
        Family = family;
        Parameter = parameter;
    }

    /// <summary>The activation family (module) concerned.</summary>
    public string Family { get; }

    /// <summary>The parameter concerned, if any.</summary>
    public string? Parameter { get; }
}

/// <summary>
/// Typed, validated access to the arguments of one spec, for a family's factory. Every getter takes the
/// default used when the argument is absent and throws <see cref="ActivationSpecException"/> on a bad value.
/// </summary>
public sealed class SpecArgs
{
    private readonly Dictionary<string, SpecValue> _values;

    /// <summary>
    /// Creates the accessor for <paramref name="spec"/>, for a layer of <paramref name="features"/> features.
    /// </summary>
    public SpecArgs(ActivationSpec spec, int? features)
    {
        Spec = spec;
        Features = features;
        _values = spec.Arguments.ToDictionary(a => a.Key, a => a.Value);
    }

    /// <summary>The spec being read.</summary>
    public ActivationSpec Spec { get; }

    /// <summary>The family name.</summary>
    public string Family => Spec.Name;

    /// <summary>Size of the feature axis (dim 1) of the layer, when the caller knows it.</summary>
    public int? Features { get; }

    /// <summary>True when the argument was given.</summary>
    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>A real number in [min, max] (min excluded when <paramref name="minExclusive"/>).</summary>
    public double Number(string key, double @default, double min = double.NegativeInfinity,
        double max = double.PositiveInfinity, bool minExclusive = false)
    {
        if (!_values.TryGetValue(key, out var v)) return @default;
        if (v.Kind != SpecValueKind.Number) throw Bad(key, "a number", v);
        bool ok = (minExclusive ? v.Number > min : v.Number >= min) && v.Number <= max;
        if (!ok) throw Bad(key, RangeText(min, max, minExclusive), v);
        // Modules hold their parameters in float32 by default: a value beyond its range becomes infinite there,
        // and one that rounds to the excluded bound (a tiny positive width becoming 0) breaks the same way.
        if (!FitsFloat32(v.Number)) throw Bad(key, Float32Text, v);
        if (minExclusive && (float)v.Number <= min) throw Bad(key, RangeText(min, max, minExclusive) + " in float32",
            v);
        return v.Number;
    }

    /// <summary>What a value beyond float32's range is told.</summary>
    private const string Float32Text = "a number within float32 range (|x| <= 3.4028235E+38), the modules' dtype";

    /// <summary>True when <paramref name="x"/> stays finite as a float32.</summary>
    public static bool FitsFloat32(double x) => double.IsFinite(x) && float.IsFinite((float)x);

    /// <summary>A whole number of at least <paramref name="min"/>.</summary>
    public int Integer(string key, int @default, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!_values.TryGetValue(key, out var v)) return @default;
        if (v.Kind != SpecValueKind.Number || v.Number != Math.Floor(v.Number) || v.Number < min || v.Number > max)
            throw Bad(key, "a whole number " + RangeText(min, max, false), v);
        return (int)v.Number;
    }

    /// <summary>A boolean written <c>true</c>/<c>false</c>.</summary>
    public bool Flag(string key, bool @default)
    {
        if (!_values.TryGetValue(key, out var v)) return @default;
        return v.Kind == SpecValueKind.Word && v.Word is "true" or "false"
            ? v.Word == "true"
            : throw Bad(key, "true or false", v);
    }

    /// <summary>One of a fixed set of words.</summary>
    public string Choice(string key, string @default, params string[] allowed)
    {
        if (!_values.TryGetValue(key, out var v)) return @default;
        if (v.Kind != SpecValueKind.Word || !allowed.Contains(v.Word))
            throw Bad(key, "one of " + string.Join("|", allowed), v);
        return v.Word;
    }

    /// <summary>The <c>per</c> argument: one parameter set per layer or per neuron.</summary>
    public Granularity Per(Granularity @default = Granularity.Layer) =>
        Choice("per", @default == Granularity.Layer ? "layer" : "neuron", "layer", "neuron") == "layer"
            ? Granularity.Layer
            : Granularity.Neuron;

    /// <summary>
    /// The <c>per</c> argument and the feature count to build the module with: the layer's (or 1 when unknown) per
    /// layer; per neuron it must be known, else the error says so.
    /// </summary>
    public (Granularity Per, int Features) Layout(Granularity @default = Granularity.Layer)
    {
        var per = Per(@default);
        if (per == Granularity.Layer) return (per, Features is int n && n > 0 ? n : 1);
        return Features is int f && f > 0
            ? (per, f)
            : throw new ActivationSpecException(Family, "per",
                "is 'neuron', which needs the layer's feature count; pass features > 0 when creating the module");
    }

    /// <summary>A strictly increasing list of numbers, written <c>[a, b, ...]</c> or <c>start:stop:step</c>.</summary>
    public double[]? IncreasingPoints(string key)
    {
        if (!_values.TryGetValue(key, out var v)) return null;
        double[] points;
        if (v.Kind == SpecValueKind.Range)
        {
            var (start, stop, step) = v.Range;
            if (step <= 0 || stop < start) throw Bad(key, "start:stop:step with step > 0 and stop >= start", v);
            if (RangeLength(start, stop, step) > 100_000) throw Bad(key, "at most 100000 points", v);
            points = Range(start, stop, step);
        }
        else if (v.Kind == SpecValueKind.List && v.Items.All(i => i.Kind == SpecValueKind.Number))
        {
            points = v.Items.Select(i => i.Number).ToArray();
        }
        else if (v.Kind == SpecValueKind.Number)
        {
            points = [v.Number];
        }
        else throw Bad(key, "a list of numbers [a, b, ...] or a range start:stop:step", v);

        if (points.Length == 0) throw Bad(key, "at least one point", v);
        if (!points.All(FitsFloat32)) throw Bad(key, "points " + Float32Text.Replace("a number within", "within"), v);
        for (int i = 1; i < points.Length; i++)
        {
            if (!(points[i] > points[i - 1])) throw Bad(key, "strictly increasing points", v);
            // The gaps are derived quantities the module computes in float32: they must stay finite and positive.
            float gap = (float)points[i] - (float)points[i - 1];
            if (!(gap > 0) || !float.IsFinite(gap))
                throw Bad(key, "points whose gaps are positive and finite in float32 (the modules' dtype)", v);
        }
        return points;
    }

    /// <summary>The points of the range <c>start:stop:step</c>, both ends included (rounded to 12 decimals).</summary>
    public static double[] Range(double start, double stop, double step) =>
        Enumerable.Range(0, (int)RangeLength(start, stop, step)).Select(i => Math.Round(start + i * step, 12))
            .ToArray();

    private static long RangeLength(double start, double stop, double step) =>
        (long)Math.Floor((stop - start) / step + 1e-9) + 1;

    /// <summary>A list of words, written <c>[a, b]</c> (a single word is a list of one).</summary>
    public string[]? Words(string key)
    {
        if (!_values.TryGetValue(key, out var v)) return null;
        if (v.Kind == SpecValueKind.Word) return [v.Word];
        if (v.Kind == SpecValueKind.List && v.Items.Count > 0 && v.Items.All(i => i.Kind == SpecValueKind.Word))
            return v.Items.Select(i => i.Word).ToArray();
        throw Bad(key, "a list of names [a, b, ...]", v);
    }

    /// <summary>An error about the whole spec, or about one parameter.</summary>
    public ActivationSpecException Error(string? parameter, string message) => new(Family, parameter, message);

    internal ActivationSpecException Bad(string key, string expected, SpecValue got) =>
        new(Family, key, $"expects {expected}, got '{got.Text}' (at position {got.Position})");

    private static string RangeText(double min, double max, bool minExclusive)
    {
        string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        var lo = double.IsNegativeInfinity(min) ? "" : (minExclusive ? "> " : ">= ") + F(min);
        var hi = double.IsPositiveInfinity(max) ? "" : "<= " + F(max);
        return string.Join(" and ", new[] { lo, hi }.Where(s => s.Length > 0)) is { Length: > 0 } s ? s : "any value";
    }
}
