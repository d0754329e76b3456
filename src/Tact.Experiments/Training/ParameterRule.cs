using System.Globalization;
using static TorchSharp.torch;

namespace Tact.Experiments.Training;

/// <summary>
/// A per-layer training rule: the parameters whose name is <paramref name="Match"/> or starts with
/// <c>Match + "."</c> (e.g. <c>linears.0</c>, the mlp's first layer) train at the learning rate times
/// <paramref name="LrScale"/>; a scale of 0 freezes them (no gradient, left out of the optimiser). When several rules
/// match one parameter, the last one wins.
/// </summary>
/// <param name="Match">A parameter name or a dotted prefix of names (as <c>named_parameters</c> lists them).</param>
/// <param name="LrScale">Factor on the learning rate (and its schedule); 0 freezes.</param>
public sealed record ParameterRule(string Match, double LrScale)
{
    /// <summary>Whether this rule applies to the parameter called <paramref name="name"/>.</summary>
    public bool Matches(string name) => name == Match || name.StartsWith(Match + ".", StringComparison.Ordinal);

    /// <summary>
    /// The learning-rate factor of every parameter of <paramref name="model"/>, in <c>named_parameters</c> order;
    /// <see cref="ConfigException"/> when a rule matches no parameter, a scale is negative or not finite, or every
    /// parameter is frozen.
    /// </summary>
    public static List<(string Name, TorchSharp.Modules.Parameter Parameter, double Scale)> Resolve(
        nn.Module model, IReadOnlyList<ParameterRule> rules)
    {
        var named = model.named_parameters().ToList();
        foreach (var rule in rules)
        {
            if (!(rule.LrScale >= 0) || !double.IsFinite(rule.LrScale))
                throw new ConfigException($"lr scale of '{rule.Match}' must be a number >= 0, got " +
                    rule.LrScale.ToString(CultureInfo.InvariantCulture));
            if (!named.Any(p => rule.Matches(p.name)))
                throw new ConfigException($"'{rule.Match}' matches no parameter of the model; its layers: " +
                    string.Join(", ", named.Select(p => Layer(p.name)).Distinct()));
        }
        var resolved = named.Select(p => (p.name, p.parameter,
            rules.LastOrDefault(r => r.Matches(p.name))?.LrScale ?? 1.0)).ToList();
        if (resolved.All(p => p.Item3 == 0))
            throw new ConfigException("every parameter of the model is frozen; nothing to train");
        return resolved;
    }

    private static string Layer(string name) => name.LastIndexOf('.') is var i and > 0 ? name[..i] : name;
}
