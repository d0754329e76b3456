using Tact.Activations;
using Tact.Checkpoints;
using Tact.Experiments.Reports;
using Tact.Experiments.Runs;
using static TorchSharp.torch;

namespace Tact.Experiments.TrainedModels;

/// <summary>
/// What <c>tact show</c> prints and draws: for a checkpoint, each activation's learned formula and its curve over
/// the range its inputs had, beside its initial shape (the run's initialisation, rebuilt from its seed); for a spec,
/// its initial shape and formula.
/// </summary>
public static class ActivationShow
{
    private const int GridPoints = 101;
    private const int SampledSets = 8;

    /// <summary>
    /// The activations of checkpoint <paramref name="path"/>; with <paramref name="plots"/>, one PNG each there.
    /// Seeds libtorch's process-wide generator (to rebuild the run's initialisation), so do not call it while a run
    /// trains in the same process.
    /// </summary>
    public static IReadOnlyList<ShownActivation> OfCheckpoint(string path, string? plots)
    {
        using var scope = NewDisposeScope();
        using var loaded = Checkpoint.Load(path);
        var description = loaded.Description;
        // Seeded as the run was, a fresh build has the weights the run started from.
        if (description.Training is not null && description.Task is not null)
            random.manual_seed(RunCheckpoints.ConfigOf(path, description).Training.Seed);
        using var initial = Checkpoint.Build(description, path);
        var learned = Checkpoint.Named(loaded.Model);
        var start = Checkpoint.Named(initial);
        if (plots is not null) Directory.CreateDirectory(plots);
        var shown = new List<ShownActivation>();
        for (int i = 0; i < learned.Count; i++)
        {
            var (name, module) = learned[i];
            var saved = description.Activations[i];
            (double lo, double hi, string source) = saved is { InputMin: double a, InputMax: double b } && b > a
                ? (a, b, "inputs")
                : Fallback(module);
            var curves = Curves(start[i].Module, module, lo, hi);
            string? plot = null;
            if (plots is not null)
            {
                plot = Path.Combine(plots, $"activation-{i}-{Safe(name)}.png");
                ReportPlots.Activation(plot, $"{name}: {saved.Spec}", curves);
            }
            shown.Add(new ShownActivation(name, saved.Spec, module.Formula(), lo, hi, source, Samples(curves), plot));
        }
        return shown;
    }

    /// <summary>
    /// A spec before training: built for one feature (a per-neuron spec shows one neuron's initial shape), drawn on
    /// its designed range or [-3, 3]; with <paramref name="plots"/>, a PNG there.
    /// </summary>
    public static ShownActivation OfSpec(string spec, string? plots)
    {
        using var scope = NewDisposeScope();
        using var module = Tact.Activations.Activations.Create(spec, features: 1);
        var (lo, hi, source) = Fallback(module);
        var curves = Curves(module, module, lo, hi);
        string? plot = null;
        if (plots is not null)
        {
            Directory.CreateDirectory(plots);
            plot = Path.Combine(plots, $"{Safe(module.Spec)}.png");
            ShowPlots.Shape(plot, module.Spec, curves.Grid, curves.Final[^1]);
        }
        return new ShownActivation("", module.Spec, module.Formula(), lo, hi, source, Samples(curves),
            plot);
    }

    private static (double, double, string) Fallback(ActivationModule module) =>
        module.DesignedRange is { } r ? (r.Low, r.High, "designed") : (-3.0, 3.0, "default");

    private static ActivationCurves Curves(ActivationModule initial, ActivationModule learned, double lo, double hi)
    {
        var grid = linspace(lo, hi, GridPoints, float64);
        int sets = learned.Sets;
        var sampled = Enumerable.Range(0, Math.Min(SampledSets, sets))
            .Select(i => sets <= SampledSets ? i : (int)Math.Round(i * (sets - 1) / (double)(SampledSets - 1)))
            .Distinct().ToArray();
        double[][] Draw(ActivationModule module)
        {
            var values = module.Evaluate(grid).to(float64);
            var curves = sampled.Select(s => values.select(1, s).data<double>().ToArray()).ToList();
            curves.Add(values.mean([1L]).data<double>().ToArray());
            return [.. curves];
        }
        return new ActivationCurves(grid.data<double>().ToArray(), sampled, Draw(initial), Draw(learned));
    }

    private static List<(double, double)> Samples(ActivationCurves curves) =>
        Enumerable.Range(0, 9).Select(k => k * (GridPoints - 1) / 8)
            .Select(i => (curves.Grid[i], curves.Final[^1][i])).ToList();

    private static string Safe(string text)
    {
        var kept = text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_').ToArray();
        var safe = new string(kept).Trim('_');
        return safe.Length > 60 ? safe[..60] : safe;
    }
}
