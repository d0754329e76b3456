using Tact.Checkpoints.Description;
using static TorchSharp.torch;

namespace Tact.Checkpoints;

/// <summary>A checkpoint loaded into a ready model (in evaluation mode). Dispose it to free the model.</summary>
public sealed class LoadedCheckpoint : IDisposable
{
    internal LoadedCheckpoint(string path, CheckpointDescription description, nn.Module<Tensor, Tensor> model)
    {
        Path = path;
        Description = description;
        Model = model;
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>The file's description.</summary>
    public CheckpointDescription Description { get; }

    /// <summary>The rebuilt model with the saved weights.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
