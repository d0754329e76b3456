using System.Globalization;

namespace Tact.Activations.Spec;

/// <summary>What kind of value a spec argument holds.</summary>
public enum SpecValueKind
{
    /// <summary>A number such as <c>0.5</c> or <c>-1e-3</c>.</summary>
    Number,
    /// <summary>A bare word such as <c>neuron</c>, <c>true</c> or <c>relu</c>.</summary>
    Word,
    /// <summary>An arithmetic range <c>start:stop:step</c>, both ends included.</summary>
    Range,
    /// <summary>A bracketed list <c>[a, b, c]</c>.</summary>
    List,
}

/// <summary>One argument value of an activation spec, with the position where it starts.</summary>
public sealed class SpecValue
{
    private SpecValue(SpecValueKind kind, int position, string text)
    {
        Kind = kind;
        Position = position;
        Text = text;
    }

    /// <summary>The kind of value.</summary>
    public SpecValueKind Kind { get; }

    /// <summary>1-based character position of the value in the spec string.</summary>
    public int Position { get; }

    /// <summary>The value as written.</summary>
    public string Text { get; }

    /// <summary>The number, for <see cref="SpecValueKind.Number"/>.</summary>
    public double Number { get; private init; }

    /// <summary>The word, for <see cref="SpecValueKind.Word"/> (lower case).</summary>
    public string Word { get; private init; } = "";

    /// <summary>start, stop and step, for <see cref="SpecValueKind.Range"/>.</summary>
    public (double Start, double Stop, double Step) Range { get; private init; }

    /// <summary>The items, for <see cref="SpecValueKind.List"/>.</summary>
    public IReadOnlyList<SpecValue> Items { get; private init; } = [];

    /// <summary>Creates a number value.</summary>
    public static SpecValue OfNumber(double value, int position, string text) =>
        new(SpecValueKind.Number, position, text) { Number = value };

    /// <summary>Creates a word value.</summary>
    public static SpecValue OfWord(string word, int position) =>
        new(SpecValueKind.Word, position, word) { Word = word.ToLowerInvariant() };

    /// <summary>Creates a range value.</summary>
    public static SpecValue OfRange(double start, double stop, double step, int position, string text) =>
        new(SpecValueKind.Range, position, text) { Range = (start, stop, step) };

    /// <summary>Creates a list value.</summary>
    public static SpecValue OfList(IReadOnlyList<SpecValue> items, int position, string text) =>
        new(SpecValueKind.List, position, text) { Items = items };

    /// <summary>The value in canonical spec syntax.</summary>
    public override string ToString() => Kind switch
    {
        SpecValueKind.Number => Number.ToString("R", CultureInfo.InvariantCulture),
        SpecValueKind.Word => Word,
        SpecValueKind.Range => string.Create(CultureInfo.InvariantCulture, $"{Range.Start}:{Range.Stop}:{Range.Step}"),
        _ => "[" + string.Join(", ", Items) + "]",
    };
}
