using System.Globalization;

namespace Tact.Activations.Spec;

/// <summary>A spec string that does not follow the grammar; names the position and what was expected.</summary>
public sealed class SpecParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public SpecParseException(string spec, int position, string expected, string found)
        : base($"invalid activation spec '{spec}' at position {position}: expected {expected}, found {found}")
    {
        Spec = spec;
        Position = position;
        Expected = expected;
    }

    /// <summary>The spec string.</summary>
    public string Spec { get; }

    /// <summary>1-based character position of the problem.</summary>
    public int Position { get; }

    /// <summary>What the parser expected there.</summary>
    public string Expected { get; }
}

/// <summary>Recursive-descent parser for the grammar documented on <see cref="ActivationSpec"/>.</summary>
internal sealed class SpecParser(string text)
{
    /// <summary>Deepest nesting of lists a spec may hold; deeper input is refused before it can exhaust the
    /// stack.</summary>
    public const int MaxDepth = 16;

    private int _pos;
    private int _depth;

    public ActivationSpec ParseSpec()
    {
        SkipSpace();
        var name = Identifier("an activation name");
        var args = new List<KeyValuePair<string, SpecValue>>();
        SkipSpace();
        if (Peek() == '(')
        {
            _pos++;
            SkipSpace();
            if (Peek() != ')')
            {
                while (true)
                {
                    SkipSpace();
                    int keyPos = _pos;
                    var key = Identifier("a parameter name");
                    if (args.Any(a => a.Key == key))
                        throw Error(keyPos, $"each parameter once ('{key}' is given twice)", $"'{key}'");
                    SkipSpace();
                    Expect('=', $"'=' after parameter '{key}'");
                    SkipSpace();
                    args.Add(new(key, Value()));
                    SkipSpace();
                    if (Peek() == ',') { _pos++; continue; }
                    break;
                }
            }
            Expect(')', "',' or ')'");
        }
        SkipSpace();
        if (_pos < text.Length) throw Error(_pos, "end of spec", Describe(_pos));
        return new ActivationSpec(text, name, args);
    }

    private SpecValue Value()
    {
        int start = _pos;
        char c = Peek();
        if (c == '[')
        {
            if (++_depth > MaxDepth)
                throw Error(_pos, $"lists nested at most {MaxDepth} deep", "a deeper list");
            _pos++;
            var items = new List<SpecValue>();
            SkipSpace();
            if (Peek() != ']')
            {
                while (true)
                {
                    SkipSpace();
                    items.Add(Value());
                    SkipSpace();
                    if (Peek() == ',') { _pos++; continue; }
                    break;
                }
            }
            Expect(']', "',' or ']'");
            _depth--;
            return SpecValue.OfList(items, start + 1, text[start.._pos]);
        }
        if (char.IsLetter(c) || c == '_')
            return SpecValue.OfWord(Identifier("a value"), start + 1);
        if (char.IsDigit(c) || c is '-' or '+' or '.')
        {
            double first = Number();
            if (Peek() != ':') return SpecValue.OfNumber(first, start + 1, text[start.._pos]);
            _pos++;
            double stop = Number();
            Expect(':', "':' and a step (ranges are start:stop:step)");
            double step = Number();
            return SpecValue.OfRange(first, stop, step, start + 1, text[start.._pos]);
        }
        throw Error(_pos, "a value (number, word, start:stop:step or [list])", Describe(_pos));
    }

    private double Number()
    {
        int start = _pos;
        if (Peek() is '-' or '+') _pos++;
        while (char.IsDigit(Peek()) || Peek() == '.') _pos++;
        if (Peek() is 'e' or 'E')
        {
            _pos++;
            if (Peek() is '-' or '+') _pos++;
            while (char.IsDigit(Peek())) _pos++;
        }
        var token = text[start.._pos];
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ||
            !double.IsFinite(value))
            throw Error(start, "a finite number", token.Length == 0 ? Describe(start) : $"'{token}'");
        return value;
    }

    private string Identifier(string what)
    {
        int start = _pos;
        if (!(char.IsLetter(Peek()) || Peek() == '_')) throw Error(_pos, what, Describe(_pos));
        while (char.IsLetterOrDigit(Peek()) || Peek() == '_') _pos++;
        return text[start.._pos].ToLowerInvariant();
    }

    private void Expect(char c, string what)
    {
        if (Peek() != c) throw Error(_pos, what, Describe(_pos));
        _pos++;
    }

    private char Peek() => _pos < text.Length ? text[_pos] : '\0';

    private void SkipSpace()
    {
        while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
    }

    // A whole character (a surrogate pair stays together), so non-ASCII input is shown intact.
    private string Describe(int pos) => pos >= text.Length ? "end of input"
        : System.Text.Rune.TryGetRuneAt(text, pos, out var rune) ? $"'{rune}'" : $"U+{(int)text[pos]:X4}";

    private SpecParseException Error(int pos, string expected, string found) => new(text, pos + 1, expected, found);
}
