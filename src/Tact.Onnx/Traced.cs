using static TorchSharp.torch;

namespace Tact.Onnx;

/// <summary>
/// A value of the graph being written: its ONNX name, and the TorchSharp tensor the same module produced on the
/// example input (whose shape and rank decide how per-feature parameters broadcast).
/// </summary>
internal readonly record struct Traced(string Name, Tensor Sample)
{
    public int Rank => (int)Sample.dim();

    public long Features => Sample.shape[1];
}
