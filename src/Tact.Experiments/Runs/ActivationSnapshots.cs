using System.Globalization;
using Tact.Activations;
using static TorchSharp.torch;

namespace Tact.Experiments.Runs;

/// <summary>
/// Remembers a model's activation parameters before training, and afterwards describes every activation:
/// parameters before and after, their mean absolute change, the monitor counts and the curves for plots.
/// </summary>
public sealed class ActivationSnapshots : IDisposable
{
    private const int GridPoints = 101;
    private const int SampledSets = 8;

    private readonly List<ActivationModule> _modules;
    private readonly List<Dictionary<string, Tensor>> _initial;

    private ActivationSnapshots(List<ActivationModule> modules, List<Dictionary<string, Tensor>> initial)
    {
        _modules = modules;
        _initial = initial;
    }

    /// <summary>The activation modules of a model, in registration order.</summary>
    public static List<ActivationModule> Find(nn.Module model) =>
        ActivationConstraints.SelfAndDescendants(model).OfType<ActivationModule>().ToList();

    /// <summary>Copies the current parameters of every activation module of <paramref name="model"/>.</summary>
    public static ActivationSnapshots Capture(nn.Module model)
    {
        var modules = Find(model);
        using var _ = no_grad();
        var initial = modules
            .Select(m => m.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone()))
            .ToList();
        return new ActivationSnapshots(modules, initial);
    }

    /// <summary>Turns every module's input monitor on and clears it (for the final evaluation).</summary>
    public void StartMonitoring()
    {
        foreach (var m in _modules)
        {
            m.Monitor.Reset();
            m.Monitor.Enabled = true;
        }
    }

    /// <summary>Stops counting inputs (the counts stay until the next <see cref="StartMonitoring"/>).</summary>
    public void StopMonitoring()
    {
        foreach (var m in _modules) m.Monitor.Enabled = false;
    }

    /// <summary>Describes every activation now (after training); stops the monitors.</summary>
    public List<ActivationSnapshot> Describe()
    {
        var result = new List<ActivationSnapshot>();
        using var _ = no_grad();
        for (int layer = 0; layer < _modules.Count; layer++)
        {
            var module = _modules[layer];
            module.Monitor.Enabled = false;
            var after = module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
            var before = _initial[layer];
            var change = new Dictionary<string, double>();
            foreach (var (name, value) in after)
            {
                using var diff = (value - before[name]).abs().to(float64);
                change[name] = diff.numel() == 0 ? 0 : diff.mean().item<double>();
                if (diff.dim() != 2) continue;
                var components = module.ComponentNames is { } names && names.Count == diff.shape[1] ? names : null;
                for (int k = 0; k < diff.shape[1]; k++)
                    change[$"{name}[{components?[k] ?? k.ToString(CultureInfo.InvariantCulture)}]"] =
                        diff.select(1, k).mean().item<double>();
            }
            var m = module.Monitor;
            var designed = module.DesignedRange;
            var monitor = new MonitorCounts(m.Total, m.Below, m.Above, m.NonFinite, m.Min, m.Max, designed?.Low,
                designed?.High);
            var curves = Curves(module, before, after, m);
            result.Add(new ActivationSnapshot(layer, module.Spec, module.Formula(), module.ParameterCount,
                Values(before), Values(after), change, monitor, curves, module.Sets));
            foreach (var t in after.Values) t.Dispose();
        }
        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var dict in _initial)
            foreach (var t in dict.Values) t.Dispose();
    }

    private static ActivationCurves Curves(ActivationModule module, Dictionary<string, Tensor> before,
        Dictionary<string, Tensor> after, InputMonitor monitor)
    {
        // Draw on the range the inputs actually covered; fall back to the designed range, then to [-3, 3].
        (double lo, double hi) = monitor.Total > 0 && monitor.Max > monitor.Min
            ? (monitor.Min, monitor.Max)
            : module.DesignedRange ?? (-3.0, 3.0);
        var grid = linspace(lo, hi, GridPoints, float64);
        int sets = module.Sets;
        var sampled = Enumerable.Range(0, Math.Min(SampledSets, sets))
            .Select(i => sets <= SampledSets ? i : (int)Math.Round(i * (sets - 1) / (double)(SampledSets - 1)))
            .Distinct().ToArray();

        double[][] Draw()
        {
            using var values = module.Evaluate(grid).to(float64);
            var curves = sampled.Select(s => values.select(1, s).data<double>().ToArray()).ToList();
            curves.Add(values.mean([1L]).data<double>().ToArray());
            return curves.ToArray();
        }

        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in parameters) p.copy_(before[name]);
        var initial = Draw();
        foreach (var (name, p) in parameters) p.copy_(after[name]);
        var final = Draw();
        return new ActivationCurves(grid.data<double>().ToArray(), sampled, initial, final);
    }

    private static Dictionary<string, double[]> Values(Dictionary<string, Tensor> parameters) =>
        parameters.ToDictionary(p => p.Key, p => p.Value.to(float64).contiguous().data<double>().ToArray());
}
