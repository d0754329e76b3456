namespace Tact.Activations.Spec;

/// <summary>
/// A parsed activation spec such as <c>wsgaf(per=neuron, gate=sigmoid)</c>: a family name and named
/// arguments. One grammar serves the CLI, experiment files and code:
/// <code>
/// spec  := name [ "(" [ arg { "," arg } ] ")" ]
/// arg   := key "=" value
/// value := number | word | number ":" number ":" number | "[" value { "," value } "]"
/// </code>
/// Names and keys are case-insensitive; whitespace between tokens is ignored.
/// </summary>
public sealed class ActivationSpec
{
    internal ActivationSpec(string text, string name, IReadOnlyList<KeyValuePair<string, SpecValue>> arguments)
    {
        Text = text;
        Name = name;
        Arguments = arguments;
    }

    /// <summary>The spec string as the user wrote it.</summary>
    public string Text { get; }

    /// <summary>The family name, lower case.</summary>
    public string Name { get; }

    /// <summary>The arguments in the order written.</summary>
    public IReadOnlyList<KeyValuePair<string, SpecValue>> Arguments { get; }

    /// <summary>Parses a spec string; throws <see cref="SpecParseException"/> naming the position on error.</summary>
    public static ActivationSpec Parse(string text) => new SpecParser(text).ParseSpec();

    /// <summary>
    /// A copy of this spec with <paramref name="key"/> set to <paramref name="value"/> (written in spec syntax),
    /// replacing any value it had.
    /// </summary>
    public ActivationSpec With(string key, string value)
    {
        var args = Arguments.Where(a => a.Key != key.ToLowerInvariant()).Select(a => $"{a.Key}={a.Value}")
            .Append($"{key}={value}");
        return Parse($"{Name}({string.Join(", ", args)})");
    }

    /// <summary>The spec in canonical form: lower case, one space after each comma.</summary>
    public override string ToString() =>
        Arguments.Count == 0 ? Name : $"{Name}({string.Join(", ", Arguments.Select(a => $"{a.Key}={a.Value}"))})";
}
