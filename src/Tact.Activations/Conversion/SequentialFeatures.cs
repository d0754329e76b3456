using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Activations.Conversion;

/// <summary>
/// Infers the feature count (dim 1) at each selected module without running the model, by following the layers of
/// every <see cref="Sequential"/> in order: a layer that says its output width (Linear, convolutions, norms,
/// per-neuron tact modules) sets the count, element-wise layers keep it, anything else makes it unknown. Only a
/// Sequential fixes the order in which its layers run, so modules in other containers get a reason instead.
/// </summary>
internal static class SequentialFeatures
{
    // Parameter-less TorchSharp modules that change dim 1 (or, for padding, may pad it when the input is 2-D).
    private static readonly string[] Reshaping = ["Flatten", "Unflatten", "Fold", "Unfold", "PixelShuffle",
        "PixelUnshuffle", "GLU"];

    /// <summary>
    /// For every selected module reached through Sequentials: its feature count or why it is unknown, keyed by
    /// the module's path.
    /// </summary>
    public static Dictionary<string, (int? Features, string Reason)> Infer(nn.Module model,
        IReadOnlySet<nn.Module> selected)
    {
        var result = new Dictionary<string, (int?, string)>(StringComparer.Ordinal);
        Visit(model, "", selected, result);
        return result;
    }

    private static void Visit(nn.Module module, string path, IReadOnlySet<nn.Module> selected,
        Dictionary<string, (int?, string)> result)
    {
        if (module is Sequential sequential)
        {
            var start = $"nothing before it in {ModulePath.Describe(path, module)} gives the feature count";
            Follow(sequential, path, (null, start), selected, result);
            return;
        }
        foreach (var (name, child) in module.named_children())
        {
            var childPath = ModulePath.Join(path, name);
            if (selected.Contains(child))
                result.TryAdd(childPath, (null, $"its parent {ModulePath.Describe(path, module)} is not a " +
                    "Sequential, so the layer before it is known only from a forward pass; pass a sample input"));
            else
                Visit(child, childPath, selected, result);
        }
    }

    // Runs through a Sequential's layers with the feature count of its input and returns that of its output.
    private static (int? Features, string Reason) Follow(Sequential sequential, string path,
        (int? Features, string Reason) state, IReadOnlySet<nn.Module> selected,
        Dictionary<string, (int?, string)> result)
    {
        foreach (var (name, child) in sequential.named_children())
        {
            var childPath = ModulePath.Join(path, name);
            if (selected.Contains(child))
            {
                result.TryAdd(childPath, state);
                continue;
            }
            if (child is Sequential inner)
            {
                state = Follow(inner, childPath, state, selected, result);
                continue;
            }
            if (OutputFeatures(child) is long width)
                state = ((int)width, "");
            else if (!KeepsFeatures(child))
                state = (null, $"the layer before it, {ModulePath.Describe(childPath, child)}, " +
                    "does not say its feature count");
            Visit(child, childPath, selected, result);
        }
        return state;
    }

    private static long? OutputFeatures(nn.Module module) => module switch
    {
        Linear linear => linear.out_features,
        Convolution convolution => convolution.out_channels,
        NormBase norm => norm.num_features,
        GroupNorm group => group.weight?.shape[0],
        ActivationModule { Per: Granularity.Neuron } activation => activation.Sets,
        _ => null,
    };

    private static bool KeepsFeatures(nn.Module module)
    {
        if (module is ActivationModule) return true;
        var type = module.GetType();
        return module is ParameterLessModule<Tensor, Tensor> && type.Namespace == typeof(ReLU).Namespace &&
               !Reshaping.Contains(type.Name) && !type.Name.Contains("Pad", StringComparison.Ordinal);
    }

}
