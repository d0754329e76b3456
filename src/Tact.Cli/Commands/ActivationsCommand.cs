using System.CommandLine;
using Spectre.Console;
using Tact.Activations.Registry;
using Tact.Activations.Spec;
using Tact.Experiments;

namespace Tact.Cli.Commands;

/// <summary>
/// <c>tact activations [NAME]</c>: the registry of activation families, their parameters and the spec syntax.
/// </summary>
internal static class ActivationsCommand
{
    private const string Syntax =
        "Spec syntax: name or name(key=value, ...). Values are numbers (0.5, -1e-3), words (neuron, true), " +
        "ranges start:stop:step (both ends included) or lists [a, b, c]. " +
        "Examples: relu, \"prelu(per=neuron)\", \"swish(beta=1.5)\". " +
        "In tact train, separate specs with ';' to give one per hidden layer.";

    public static Command Create(ConsoleUi ui)
    {
        var name = new Argument<string?>("name")
        {
            Description = "Show one family in detail; given a spec with options, " +
                "also its canonical form and whether it runs fused",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("activations",
            "List every activation family, its parameters and defaults, and the spec syntax.");
        command.Arguments.Add(name);
        command.SetAction(r => TactCli.Guard(ui, () =>
        {
            var registry = ActivationRegistry.Default;
            var spec = r.GetValue(name) is { } text ? ActivationSpec.Parse(text) : null;
            var wanted = spec?.Name;
            var families = wanted is null
                ? registry.Families.ToList()
                : [registry.Find(wanted) ?? throw new ConfigException(
                    $"unknown activation '{wanted}'; known: " +
                    $"{string.Join(", ", registry.Families.Select(f => f.Name))}")];

            var table = new Table()
                .AddColumns("name", "trainable", "fused", "f(z)", "parameters (default)", "what it is");
            foreach (var f in families)
            {
                var parameters = f.Parameters.Count == 0
                    ? "-"
                    : string.Join("\n", f.Parameters.Select(p => $"{p.Name}={p.Default}  ({p.Type})"));
                table.AddRow(Markup.Escape(f.Name), f.Trainable ? "yes" : "no", Fused(registry, f.Name),
                    Markup.Escape(f.Formula), Markup.Escape(parameters), Markup.Escape(f.Summary));
            }
            ui.Out.Write(table);
            if (wanted is not null)
                foreach (var p in families[0].Parameters)
                    ui.Out.WriteLine($"  {p.Name}: {p.Description}");
            if (spec is { Arguments.Count: > 0 })
            {
                using var module = registry.Create(spec, features: 2);
                ui.Plain.WriteLine(
                    $"{spec}: canonical spec {module.Spec}; fused kernel: {(module.HasFusedKernel ? "yes" : "no")}");
            }
            ui.Out.WriteLine(Syntax);
            return ExitCodes.Ok;
        }));
        return command;
    }

    // The column reads the module itself: whether a family's default module runs a fused kernel.
    private static string Fused(ActivationRegistry registry, string family)
    {
        using var module = registry.Create(family, features: 2);
        return module.HasFusedKernel ? "yes" : "no";
    }
}
