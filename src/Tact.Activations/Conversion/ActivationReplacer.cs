using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Activations.Conversion;

/// <summary>
/// The work behind <see cref="Activations.Replace"/>: selects the modules, works out their feature counts,
/// creates the new modules and finds every reference to the old ones, collecting every problem before it changes
/// anything, so that a model is either converted completely or left as it was.
/// </summary>
internal sealed class ActivationReplacer(nn.Module model, string spec, IEnumerable<string>? names,
    Func<string, nn.Module, bool>? where, Tensor? sample)
{
    private readonly HashSet<string>? _names =
        names?.Select(ActivationNames.Normalize).ToHashSet() ?? (where is null ? ["relu"] : null);

    /// <summary>Converts the model; see <see cref="Activations.Replace"/>.</summary>
    public IReadOnlyList<(string Path, ActivationModule Module)> Run()
    {
        bool perNeuron;
        using (var probe = Activations.Create(spec, features: 1)) perNeuron = probe.Per == Granularity.Neuron;

        var found = new List<(string Path, nn.Module Module)>();
        Select(model, "", found);
        if (found.Count == 0)
            throw new ArgumentException($"nothing to replace with '{spec}': no module of {model.GetType().Name} " +
                (_names is null ? "passes the test" : $"matches {string.Join(", ", _names)}"));
        var old = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        var order = new List<nn.Module>();
        var firstPath = new Dictionary<nn.Module, string>(ReferenceEqualityComparer.Instance);
        foreach (var (path, module) in found)
            if (old.Add(module))
            {
                order.Add(module);
                firstPath[module] = path;
            }

        var problems = new List<string>();
        foreach (var module in order.Where(m => m is not nn.Module<Tensor, Tensor>))
            problems.Add($"'{firstPath[module]}' ({module.GetType().Name}): its forward does not map one tensor " +
                "to one tensor, so an activation cannot stand in for it");
        var features = perNeuron ? Features(found, order, firstPath, problems) : [];
        Fail(problems, found.Count);

        var created = new Dictionary<nn.Module, ActivationModule>(ReferenceEqualityComparer.Instance);
        List<ModuleReferences.Reference> references;
        try
        {
            var reference = model.parameters().FirstOrDefault(p => p.is_floating_point());
            foreach (var module in order)
            {
                var replacement = Activations.Create(spec, perNeuron ? features[module] : null);
                if (reference is not null) replacement.to(reference.device, reference.dtype);
                replacement.train(module.training);
                created[module] = replacement;
            }
            references = ModuleReferences.Find(model, old);
            foreach (var r in references.Where(r => !r.Holds.IsInstanceOfType(created[r.Old])))
                problems.Add($"'{firstPath[r.Old]}': it is held in {r.Place}, typed {r.Holds.Name}, which cannot " +
                    $"hold a tact {created[r.Old].GetType().Name}; declare it as nn.Module<Tensor, Tensor>");
            Fail(problems, found.Count);
        }
        catch
        {
            foreach (var module in created.Values) module.Dispose();
            throw;
        }
        foreach (var r in references) r.Set(created[r.Old]);
        return found.Select(f => (f.Path, created[f.Module])).ToList();
    }

    // Depth-first in registration order; a selected module is not searched further.
    private void Select(nn.Module parent, string path, List<(string, nn.Module)> found)
    {
        foreach (var (name, child) in parent.named_children())
        {
            var childPath = ModulePath.Join(path, name);
            if (Wanted(childPath, child)) found.Add((childPath, child));
            else Select(child, childPath, found);
        }
    }

    private bool Wanted(string path, nn.Module module) =>
        (_names is null || ActivationNames.Of(module) is string name && _names.Contains(name)) &&
        (where is null || where(path, module));

    // The feature count of each module, from the sample or from the Sequentials; adds a problem for each it lacks.
    private Dictionary<nn.Module, int> Features(List<(string Path, nn.Module Module)> found, List<nn.Module> order,
        Dictionary<nn.Module, string> firstPath, List<string> problems)
    {
        var features = new Dictionary<nn.Module, int>(ReferenceEqualityComparer.Instance);
        if (sample is not null)
        {
            var seen = SampleFeatures.Observe(model, sample, order.OfType<nn.Module<Tensor, Tensor>>());
            foreach (var (module, record) in seen)
            {
                var at = $"'{firstPath[module]}'";
                if (record.LowRank)
                    problems.Add($"{at}: an input of rank below 2 reached it, which has no feature axis (dim 1)");
                else if (record.Features.Count == 0)
                    problems.Add($"{at}: the forward pass on the sample never reached it (hooks run in call(), " +
                        "not when forward() is invoked directly), so its feature count is unknown");
                else if (record.Features.Count > 1)
                    problems.Add($"{at}: it is used with {string.Join(" and ", record.Features)} features; " +
                        "one per-neuron module cannot serve both");
                else
                    features[module] = (int)record.Features.Min;
            }
            return features;
        }
        var selected = new HashSet<nn.Module>(order, ReferenceEqualityComparer.Instance);
        var inferred = SequentialFeatures.Infer(model, selected);
        var counts = new Dictionary<nn.Module, SortedSet<int>>(ReferenceEqualityComparer.Instance);
        foreach (var (path, module) in found)
        {
            var (count, reason) = inferred[path];
            if (count is int c) (counts.TryGetValue(module, out var set) ? set : counts[module] = []).Add(c);
            else problems.Add($"'{path}': its feature count cannot be inferred without a sample: {reason}");
        }
        foreach (var (module, set) in counts)
        {
            if (set.Count > 1)
                problems.Add($"'{firstPath[module]}': it is used after layers of {string.Join(" and ", set)} " +
                    "features; one per-neuron module cannot serve both");
            features[module] = set.Min;
        }
        return features;
    }

    private void Fail(List<string> problems, int total)
    {
        if (problems.Count == 0) return;
        throw new ArgumentException($"cannot replace the activations of {model.GetType().Name} with '{spec}' " +
            $"({problems.Count} problem(s) among {total} module(s); nothing was changed): " +
            string.Join("; ", problems));
    }
}
