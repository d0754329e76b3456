using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tact.Activations;
using Tact.Activations.Diagnostics;
using Tact.Activations.Registry;
using Tact.Activations.Spec;
using Tact.Experiments;
using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Cli.Commands;

/// <summary>
/// <c>tact gradcheck</c>: analytic gradients of an activation (input and every parameter) against central finite
/// differences in float64, with inputs sampled away from the function's kinks.
/// </summary>
internal static class GradcheckCommand
{
    private const double Tolerance = 1e-6;

    public static Command Create(ConsoleUi ui)
    {
        var activation = new Option<string>("--activation")
        {
            Description = "Activation spec to check",
            Required = true,
        };
        var per = new Option<string?>("--per") { Description = "Override the spec's granularity: layer or neuron" };
        per.AcceptOnlyFromAmong("layer", "neuron");
        var shape = new Option<string>("--shape")
        {
            Description = "Input shape, comma-separated; dim 1 is the feature axis",
            DefaultValueFactory = _ => "8,6",
        };
        var perturb = new Option<double>("--perturb")
        {
            Description = "Add N(0, std) noise to every parameter first, to check away from the initial values",
            DefaultValueFactory = _ => 0,
        };
        var seed = new Option<long>("--seed")
        {
            Description = "Seed of inputs and noise",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("gradcheck",
            "Compare analytic gradients with central finite differences in float64; " +
            $"exits 0 only if every relative error is below {Tolerance:0e0}.");
        foreach (var o in new Option[] { activation, per, shape, perturb, seed }) command.Options.Add(o);
        command.SetAction(r => TactCli.Guard(ui, () =>
        {
            var spec = ActivationSpec.Parse(r.GetValue(activation)!);
            if (r.GetValue(per) is string granularity) spec = spec.With("per", granularity);
            long[] dims = ParseShape(r.GetValue(shape)!);
            double noise = r.GetValue(perturb);
            if (!(noise is >= 0 and <= MaxPerturb)) throw new ConfigException($"--perturb must be >= 0 and <= " +
                $"{MaxPerturb}, got {noise}");
            CheckCost(spec, dims);

            random.manual_seed(r.GetValue(seed));
            using var module = ActivationRegistry.Default.Create(spec, (int)dims[1]);
            module.to(float64);
            if (noise > 0)
                using (no_grad())
                    foreach (var p in module.parameters()) p.add_(randn_like(p) * noise);
            using var input = GradientCheck.SampleInput(module, dims, seed: r.GetValue(seed));
            var results = GradientCheck.Run(module, input);

            var table = new Table()
                .Title(Markup.Escape($"{module}" +
                    $"{(module.Per == Granularity.Neuron ? $" [{module.Sets} neurons]" : "")}" +
                    $" on input [{string.Join(", ", dims)}]"))
                .AddColumns("tensor", "elements", "max relative error", "ok");
            foreach (var e in results)
                table.AddRow(Markup.Escape(e.Tensor), e.Elements.ToString(CultureInfo.InvariantCulture),
                    e.MaxError.ToString("E2", CultureInfo.InvariantCulture), e.MaxError < Tolerance ? "yes" : "NO");
            ui.Out.Write(table);
            ui.Out.WriteLine("relative error = |analytic - numeric| / max(1, |analytic|, |numeric|), step 1e-6");
            return results.All(e => e.MaxError < Tolerance) ? ExitCodes.Ok : ExitCodes.Failure;
        }));
        return command;
    }

    /// <summary>Largest parameter noise: beyond it, parameters leave the range where finite differences mean
    /// anything.</summary>
    private const double MaxPerturb = 10;

    /// <summary>Most element evaluations a check may cost: two forward passes per input and parameter
    /// element.</summary>
    public const double MaxCost = 2e9;

    // Checked before the module is built: a per-neuron spec on a wide shape can hold more parameters than memory, and
    // every parameter costs two forward passes over the whole input.
    private static void CheckCost(ActivationSpec spec, long[] dims)
    {
        long ones, twos;
        using (var one = ActivationRegistry.Default.Create(spec, 1)) ones = one.ParameterCount;
        using (var two = ActivationRegistry.Default.Create(spec, 2)) twos = two.ParameterCount;
        double parameters = ones + (double)(twos - ones) * (dims[1] - 1);
        double elements = dims.Aggregate(1.0, (a, b) => a * b);
        double cost = 2 * (elements + parameters) * elements;
        if (cost > MaxCost)
            throw new ConfigException($"gradcheck of {spec} on [{string.Join(", ", dims)}] ({parameters:G4} " +
                $"parameters, {elements:G4} inputs) " +
                $"would take {cost:G3} element evaluations, more than {MaxCost:G3}; use a smaller --shape");
        Data.Io.MemoryBudget.Require(parameters * 8 * 4 + elements * 8 * 8, $"gradcheck of {spec}");
    }

    private static long[] ParseShape(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var dims = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]) || dims[i] < 1)
                throw new ConfigException($"--shape expects positive whole numbers separated by commas, got '{text}'");
        if (dims.Length < 2) throw new ConfigException($"--shape needs rank >= 2 (features on dim 1), got '{text}'");
        if (dims.Aggregate(1L, (a, b) => a * b) > 100_000)
            throw new ConfigException(
                $"--shape '{text}' has more than 100000 elements; finite differences would take too long");
        return dims;
    }
}
