using static TorchSharp.torch;

namespace Tact.Checkpoints;

/// <summary>
/// Strict copying of named tensors into a model: every name and shape must match, or nothing is copied.
/// </summary>
internal static class StateDicts
{
    /// <summary>
    /// Checks <paramref name="source"/> against the state dict of <paramref name="model"/> (the model's order decides
    /// which mismatch is reported first), then copies every tensor in.
    /// </summary>
    public static void CopyStrict(nn.Module model, IReadOnlyList<KeyValuePair<string, Tensor>> source, string path)
    {
        var target = model.state_dict();
        var given = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in source) given[name] = tensor;
        foreach (var (name, tensor) in target)
        {
            if (!given.TryGetValue(name, out var saved))
                throw new CheckpointException(
                    $"{path}: tensor '{name}' is missing (the model has it, shape {Shape(tensor)})");
            if (!saved.shape.SequenceEqual(tensor.shape))
                throw new CheckpointException(
                    $"{path}: tensor '{name}' has shape {Shape(saved)} in the file, the model expects {Shape(tensor)}");
            if (saved.is_floating_point() != tensor.is_floating_point())
                throw new CheckpointException(
                    $"{path}: tensor '{name}' is {saved.dtype} in the file, the model has {tensor.dtype}");
        }
        foreach (var (name, _) in source)
            if (!target.ContainsKey(name))
                throw new CheckpointException($"{path}: tensor '{name}' is in the file but not in the model");
        using var _ = no_grad();
        foreach (var (name, tensor) in target) tensor.copy_(given[name]);
    }

    /// <summary>The model's tensors in state-dict order.</summary>
    public static List<KeyValuePair<string, Tensor>> Of(nn.Module model) => model.state_dict().ToList();

    private static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
