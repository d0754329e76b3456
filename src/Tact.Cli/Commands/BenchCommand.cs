using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tact.Experiments;
using Tact.Experiments.Benchmarks;
using Tact.Experiments.Runs;
using static TorchSharp.torch;

namespace Tact.Cli.Commands;

/// <summary>
/// <c>tact bench</c>: each family's forward+backward time as a ratio to ReLU's on the same tensor, then the training
/// step of the MLP and the Table 2 CNN with each family as a ratio to ReLU's. All in one process, so ratios hold on a
/// noisy machine.
/// </summary>
internal static class BenchCommand
{
    private const int MaxRepeats = 1000;

    private const int MaxThreads = 1024;

    public static Command Create(ConsoleUi ui)
    {
        var shape = new Option<string>("--shape")
        {
            Description = "Tensor shape of the kernel timings, e.g. 4096x1024 (dim 1 = features)",
            DefaultValueFactory = _ => "4096x1024",
        };
        var threads = new Option<int?>("--threads")
        {
            Description = "libtorch intra-op threads (default: libtorch's choice)",
        };
        var repeats = new Option<int>("--repeats")
        {
            Description = "Timed repetitions per measurement (the median is reported)",
            DefaultValueFactory = _ => 11,
        };
        var batch = new Option<int>("--batch")
        {
            Description = "Batch size of the training-step timings",
            DefaultValueFactory = _ => 128,
        };
        var specs = new Option<string[]>("--activation")
        {
            Description = "Activation specs to time (repeatable); default: every trainable family at per=neuron",
            AllowMultipleArgumentsPerToken = true,
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object with every timing and ratio instead of tables",
        };
        var noSteps = new Option<bool>("--kernels-only") { Description = "Skip the training-step timings" };
        var command = new Command("bench",
            "Time every activation family against ReLU: forward+backward on one tensor, " +
            "and a training step of the MLP 784-256-256-10 and the Table 2 CNN.");
        foreach (var o in new Option[] { shape, threads, repeats, batch, specs, json, noSteps }) command.Options.Add(o);
        command.SetAction(r => TactCli.Guard(ui, () =>
        {
            long[] dims = ParseShape(r.GetValue(shape)!);
            int n = r.GetValue(repeats), b = r.GetValue(batch);
            if (n is < 1 or > MaxRepeats) throw new ConfigException($"--repeats must be >= 1 and <= {MaxRepeats}, " +
                $"got {n}");
            if (b < 1) throw new ConfigException($"--batch must be >= 1, got {b}");
            // Inputs, outputs, gradients and the reference's intermediates of the kernel timings; the two models'
            // steps.
            double elements = dims.Aggregate(1.0, (x, y) => x * y);
            Data.Io.MemoryBudget.Require(elements * 4 * 16 + (r.GetValue(noSteps) ? 0 : b * 200_000.0 * 4 * 8),
                $"bench on [{string.Join("x", dims)}] with batch {b}");
            if (r.GetValue(threads) is int t)
            {
                if (t is < 1 or > MaxThreads) throw new ConfigException($"--threads must be >= 1 and <= " +
                    $"{MaxThreads}, got {t}");
                set_num_threads(t);
            }
            var list = r.GetValue(specs) is { Length: > 0 } given ? given : [.. ActivationBench.DefaultSpecs];
            foreach (var spec in list) Validate(spec);

            var kernels = new List<KernelTiming>();
            var steps = new List<StepTiming>();
            foreach (var spec in list)
            {
                kernels.Add(ActivationBench.Kernel(spec, dims, n));
                if (!r.GetValue(json)) ui.Err.WriteLine($"timed {spec}");
            }
            if (!r.GetValue(noSteps))
                foreach (var model in new[] { "mlp", "cnn-t2" })
                    foreach (var spec in list)
                    {
                        steps.Add(ActivationBench.TrainingStep(model, spec, b, n));
                        if (!r.GetValue(json)) ui.Err.WriteLine($"timed a {model} step with {spec}");
                    }

            if (r.GetValue(json))
            {
                var report = new
                {
                    version = SingleRun.Version,
                    threads = get_num_threads(),
                    shape = dims,
                    batch = b,
                    repeats = n,
                    kernels = kernels.Select(k => new
                    {
                        spec = k.Spec,
                        fused = k.Fused,
                        reluMs = k.ReluMs,
                        activationMs = k.ActivationMs,
                        referenceMs = k.ReferenceMs,
                        ratioToRelu = k.Ratio,
                        referenceRatioToRelu = k.ReferenceMs / k.ReluMs,
                        speedupOverReference = k.Speedup,
                    }),
                    trainingSteps = steps.Select(s => new
                    {
                        model = s.Model,
                        spec = s.Spec,
                        reluMs = s.ReluMs,
                        activationMs = s.ActivationMs,
                        ratioToRelu = s.Ratio,
                        reluGraphMb = s.ReluGraphMb,
                        activationGraphMb = s.ActivationGraphMb,
                        graphRatioToRelu = s.GraphRatio,
                    }),
                };
                ui.Plain.WriteLine(JsonSerializer.Serialize(report, SingleRun.Json));
                return ExitCodes.Ok;
            }
            var kernelTable = new Table()
                .Title(Markup.Escape(
                    $"forward+backward on [{string.Join(", ", dims)}], median of {n}, {get_num_threads()} threads"))
                .AddColumns("activation", "fused", "ReLU ms", "activation ms", "x ReLU", "reference ms",
                    "reference x ReLU", "speed-up");
            foreach (var k in kernels)
                kernelTable.AddRow(Markup.Escape(k.Spec), k.Fused ? "yes" : "no", F(k.ReluMs), F(k.ActivationMs),
                    F(k.Ratio), F(k.ReferenceMs), F(k.ReferenceMs / k.ReluMs), k.Fused ? F(k.Speedup) : "-");
            ui.Out.Write(kernelTable);
            if (steps.Count > 0)
            {
                var stepTable = new Table()
                    .Title($"training step (forward, cross-entropy, backward, Adam) at batch {b}, median of {n}")
                    .AddColumns("model", "activation", "ReLU ms", "activation ms", "x ReLU", "ReLU graph MiB",
                        "graph MiB", "graph x ReLU");
                foreach (var s in steps)
                    stepTable.AddRow(s.Model, Markup.Escape(s.Spec), F(s.ReluMs), F(s.ActivationMs), F(s.Ratio),
                        F(s.ReluGraphMb), F(s.ActivationGraphMb), F(s.GraphRatio));
                ui.Out.Write(stepTable);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string F(double v) => v.ToString(v < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    private static string F(double? v) => v is double d ? F(d) : "-";

    private static void Validate(string spec)
    {
        try
        {
            Activations.Registry.ActivationRegistry.Default.Validate(spec);
        }
        catch (Exception e) when (e is Activations.Spec.SpecParseException or Activations.Spec.ActivationSpecException)
        {
            throw new ConfigException(e.Message);
        }
    }

    private static long[] ParseShape(string text)
    {
        var parts = text.Split('x', ',');
        var dims = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!long.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]) ||
                dims[i] < 1)
                throw new ConfigException($"--shape expects positive whole numbers like 4096x1024, got '{text}'");
        if (dims.Length < 2)
            throw new ConfigException($"--shape needs rank >= 2 (dim 1 is the feature axis), got '{text}'");
        return dims;
    }
}
