using static TorchSharp.torch;

namespace Tact.Checkpoints.Safetensors;

/// <summary>What a safetensors file holds: its metadata strings and its tensors in file order. Dispose it.</summary>
/// <param name="Metadata">The <c>__metadata__</c> map (empty when the file has none).</param>
/// <param name="Tensors">The tensors by name, in the order of the header.</param>
public sealed record SafetensorsContent(IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<KeyValuePair<string, Tensor>> Tensors) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, t) in Tensors) t.Dispose();
    }
}
