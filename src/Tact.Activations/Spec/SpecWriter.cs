using System.Globalization;

namespace Tact.Activations.Spec;

/// <summary>
/// Writes a module's canonical spec: the family name and, in the order they are added, the options whose value
/// differs from the family's default, each in the shortest text that parses back to the same value. Modules derive
/// <see cref="ActivationModule.Spec"/> with it, so that <c>Activations.Create(m.Spec, features)</c> rebuilds them.
/// <code>
/// new SpecWriter("tmaf").Per(Granularity.Layer, Granularity.Neuron).Points("grid", points, defaultPoints).ToString()
/// </code>
/// </summary>
/// <param name="family">The family name.</param>
public sealed class SpecWriter(string family)
{
    private readonly List<string> _arguments = [];

    /// <summary>Adds <c>per</c> when it differs from the family's default granularity.</summary>
    public SpecWriter Per(Granularity per, Granularity @default) =>
        per == @default ? this : Word("per", per == Granularity.Layer ? "layer" : "neuron");

    /// <summary>Adds a number when it differs from <paramref name="default"/> (compared exactly).</summary>
    public SpecWriter Number(string key, double value, double? @default) =>
        @default is double d && value.Equals(d) ? this : Raw(key, Format(value));

    /// <summary>Adds a flag when it differs from <paramref name="default"/>.</summary>
    public SpecWriter Flag(string key, bool value, bool @default) =>
        value == @default ? this : Raw(key, value ? "true" : "false");

    /// <summary>Adds a word when it differs from <paramref name="default"/>.</summary>
    public SpecWriter Word(string key, string value, string? @default = null) =>
        value == @default ? this : Raw(key, value);

    /// <summary>Adds a list of words when it differs from <paramref name="default"/>.</summary>
    public SpecWriter Words(string key, IReadOnlyList<string> value, IReadOnlyList<string>? @default = null) =>
        @default is not null && value.SequenceEqual(@default) ? this : Raw(key, "[" + string.Join(", ", value) + "]");

    /// <summary>
    /// Adds increasing points when they differ from <paramref name="default"/>: as <c>start:stop:step</c> when that
    /// range expands to exactly these numbers (see <see cref="SpecArgs.IncreasingPoints"/>), else as a list.
    /// </summary>
    public SpecWriter Points(string key, IReadOnlyList<double> value, IReadOnlyList<double>? @default,
        string? listKey = null)
    {
        if (@default is not null && value.SequenceEqual(@default)) return this;
        if (value.Count >= 3)
        {
            double step = Math.Round(value[1] - value[0], 12);
            if (step > 0 && SpecArgs.Range(value[0], value[^1], step).SequenceEqual(value))
                return Raw(key, $"{Format(value[0])}:{Format(value[^1])}:{Format(step)}");
        }
        return Raw(listKey ?? key, "[" + string.Join(", ", value.Select(Format)) + "]");
    }

    /// <summary>Adds an argument whose value is already written in spec syntax.</summary>
    public SpecWriter Raw(string key, string value)
    {
        _arguments.Add($"{key}={value}");
        return this;
    }

    /// <summary>The spec: <c>name</c>, or <c>name(key=value, ...)</c>.</summary>
    public override string ToString() => _arguments.Count == 0 ? family : $"{family}({string.Join(", ", _arguments)})";

    /// <summary>The shortest text that parses back to <paramref name="x"/>.</summary>
    public static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
