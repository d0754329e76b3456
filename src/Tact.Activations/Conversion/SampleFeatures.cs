using static TorchSharp.torch;

namespace Tact.Activations.Conversion;

/// <summary>
/// Reads the feature count (dim 1) at each selected module from one forward pass of the model on a sample input,
/// through forward pre-hooks. The pass runs in eval mode (batch norm keeps its running statistics, dropout is off)
/// and without gradient; every module's training flag is restored afterwards.
/// </summary>
internal static class SampleFeatures
{
    /// <summary>What one module received: the dim-1 sizes of its inputs, and whether one had rank below 2.</summary>
    public sealed class Seen
    {
        /// <summary>Every dim-1 size seen; empty when the pass did not reach the module.</summary>
        public SortedSet<long> Features { get; } = [];

        /// <summary>Whether an input had no dim 1.</summary>
        public bool LowRank { get; set; }
    }

    /// <summary>Runs the model once on <paramref name="sample"/> and reports what each module received.</summary>
    public static Dictionary<nn.Module, Seen> Observe(nn.Module model, Tensor sample,
        IEnumerable<nn.Module<Tensor, Tensor>> modules)
    {
        if (model is not nn.Module<Tensor, Tensor> runnable)
            throw new ArgumentException(
                $"a sample input needs a model whose forward takes one tensor; {model.GetType().Name} does not");
        var seen = new Dictionary<nn.Module, Seen>(ReferenceEqualityComparer.Instance);
        var removers = new List<Action>();
        var flags = Flags(model);
        try
        {
            foreach (var module in modules)
            {
                if (seen.ContainsKey(module)) continue;
                var record = new Seen();
                seen[module] = record;
                var remover = module.register_forward_pre_hook((_, input) =>
                {
                    if (input.dim() >= 2) record.Features.Add(input.shape[1]);
                    else record.LowRank = true;
                    return input;
                });
                removers.Add(remover.remove);
            }
            model.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            try
            {
                runnable.call(sample);
            }
            catch (Exception e)
            {
                throw new ArgumentException($"the forward pass on the sample input failed: {e.Message}", e);
            }
        }
        finally
        {
            foreach (var remove in removers) remove();
            // Parents first: Sequential.train() sets its children too, so deeper flags are set after.
            foreach (var (module, training) in flags) module.train(training);
        }
        return seen;
    }

    private static List<(nn.Module Module, bool Training)> Flags(nn.Module model) =>
        [(model, model.training), .. model.named_modules()
            .OrderBy(m => m.name.Count(c => c == '.'))
            .Select(m => (m.module, m.module.training))];
}
