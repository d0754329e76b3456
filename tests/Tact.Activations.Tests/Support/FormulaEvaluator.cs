using System.Globalization;

namespace Tact.Activations.Tests.Support;

/// <summary>
/// Evaluates the text of <c>ActivationModule.Formula()</c> (syntax documented on <c>FormulaWriter</c>) in plain
/// double arithmetic, independently of TorchSharp, so tests can check that the printed formula is the function.
/// </summary>
public static class FormulaEvaluator
{
    /// <summary>
    /// Parses every line <c>NAME(z) = ...</c> or <c>NAME[i](z) = ...</c> into (name, set index or -1 for a per-layer
    /// line, function of z). The activation itself is named <c>f</c>; families may add other functions.
    /// </summary>
    public static List<(string Name, int Set, Func<double, double> F)> Parse(string formula)
    {
        var result = new List<(string, int, Func<double, double>)>();
        foreach (var raw in formula.Split('\n'))
        {
            var line = raw.Trim();
            int eq = line.IndexOf(" = ", StringComparison.Ordinal);
            if (eq < 0) throw new FormatException($"no ' = ' in formula line '{line}'");
            var head = line[..eq];
            if (!head.EndsWith("(z)", StringComparison.Ordinal))
                throw new FormatException($"bad formula head '{head}'");
            var name = head[..^3];
            int set = -1;
            int bracket = name.IndexOf('[');
            if (bracket >= 0)
            {
                if (!name.EndsWith(']')) throw new FormatException($"bad formula head '{head}'");
                set = int.Parse(name[(bracket + 1)..^1], CultureInfo.InvariantCulture);
                name = name[..bracket];
            }
            var node = new Parser(line[(eq + 3)..]).ParseAll();
            result.Add((name, set, node));
        }
        return result;
    }

    /// <summary>
    /// Evaluates set <paramref name="set"/>'s function <paramref name="name"/> (or the single per-layer one) at z.
    /// </summary>
    public static double Evaluate(string formula, int set, double z, string name = "f")
    {
        var lines = Parse(formula).Where(l => l.Name == name).ToList();
        var f = lines.Count == 1 && lines[0].Set == -1 ? lines[0].F : lines.Single(l => l.Set == set).F;
        return f(z);
    }

    private sealed class Parser(string text)
    {
        private int _pos;

        public Func<double, double> ParseAll()
        {
            var e = Sum();
            Skip();
            if (_pos != text.Length) throw new FormatException($"unexpected '{text[_pos..]}' in '{text}'");
            return e;
        }

        private Func<double, double> Sum()
        {
            var left = Product();
            while (true)
            {
                Skip();
                if (Eat('+')) { var l = left; var r = Product(); left = z => l(z) + r(z); }
                else if (Eat('-')) { var l = left; var r = Product(); left = z => l(z) - r(z); }
                else return left;
            }
        }

        private Func<double, double> Product()
        {
            var left = Unary();
            while (true)
            {
                Skip();
                if (Eat('*')) { var l = left; var r = Unary(); left = z => l(z) * r(z); }
                else if (Eat('/')) { var l = left; var r = Unary(); left = z => l(z) / r(z); }
                else return left;
            }
        }

        private Func<double, double> Unary()
        {
            Skip();
            if (Eat('-')) { var e = Unary(); return z => -e(z); }
            if (Eat('+')) return Unary();
            return Power();
        }

        private Func<double, double> Power()
        {
            var b = Atom();
            Skip();
            if (Eat('^')) { var e = Unary(); return z => Math.Pow(b(z), e(z)); }
            return b;
        }

        private Func<double, double> Atom()
        {
            Skip();
            if (Eat('('))
            {
                var e = Sum();
                Expect(')');
                return e;
            }
            char c = Peek();
            if (char.IsDigit(c) || c == '.')
            {
                int start = _pos;
                while (char.IsDigit(Peek()) || Peek() == '.') _pos++;
                if (Peek() is 'e' or 'E')
                {
                    _pos++;
                    if (Peek() is '+' or '-') _pos++;
                    while (char.IsDigit(Peek())) _pos++;
                }
                double v = double.Parse(text[start.._pos], CultureInfo.InvariantCulture);
                return _ => v;
            }
            if (char.IsLetter(c))
            {
                int start = _pos;
                while (char.IsLetterOrDigit(Peek()) || Peek() == '_') _pos++;
                var name = text[start.._pos];
                if (name == "z") return z => z;
                Skip();
                Expect('(');
                var args = new List<Func<double, double>> { Sum() };
                Skip();
                while (Eat(',')) { args.Add(Sum()); Skip(); }
                Expect(')');
                return Function(name, args);
            }
            throw new FormatException($"unexpected '{(c == '\0' ? "end" : c.ToString())}' at {_pos} in '{text}'");
        }

        private static Func<double, double> Function(string name, List<Func<double, double>> a)
        {
            Func<double, double> x = a[0];
            return (name, a.Count) switch
            {
                ("exp", 1) => z => Math.Exp(x(z)),
                ("log", 1) => z => Math.Log(x(z)),
                ("sqrt", 1) => z => Math.Sqrt(x(z)),
                ("abs", 1) => z => Math.Abs(x(z)),
                ("sin", 1) => z => Math.Sin(x(z)),
                ("cos", 1) => z => Math.Cos(x(z)),
                ("tanh", 1) => z => Math.Tanh(x(z)),
                ("sigmoid", 1) => z => Sigmoid(x(z)),
                ("relu", 1) => z => Math.Max(0, x(z)),
                ("elu", 1) => z => { double v = x(z); return v > 0 ? v : Math.Exp(v) - 1; }
                ,
                ("softplus", 1) => z => { double v = x(z); return v > 20 ? v : Math.Log(1 + Math.Exp(v)); }
                ,
                ("gelu", 1) => z => { double v = x(z); return v * 0.5 * (1 + ReferenceMath.Erf(v / Math.Sqrt(2))); }
                ,
                ("silu", 1) => z => { double v = x(z); return v * Sigmoid(v); }
                ,
                ("step", 1) => z => x(z) > 0 ? 1 : 0,
                ("min", 2) => z => Math.Min(x(z), a[1](z)),
                ("max", 2) => z => Math.Max(x(z), a[1](z)),
                ("clamp", 3) => z => Math.Clamp(x(z), a[1](z), a[2](z)),
                _ => throw new FormatException($"unknown function {name}/{a.Count}"),
            };
        }

        private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

        private void Skip() { while (_pos < text.Length && text[_pos] == ' ') _pos++; }
        private char Peek() => _pos < text.Length ? text[_pos] : '\0';
        private bool Eat(char c) { Skip(); if (Peek() != c) return false; _pos++; return true; }
        private void Expect(char c) { if (!Eat(c)) throw new FormatException($"expected '{c}' at {_pos} in '{text}'"); }
    }
}
