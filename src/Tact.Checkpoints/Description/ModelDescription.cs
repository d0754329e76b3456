using Tact.Models;

namespace Tact.Checkpoints.Description;

/// <summary>A zoo model by name and the request that builds it (<see cref="ModelCatalog.Create"/>).</summary>
/// <param name="Name">Model name, e.g. <c>mlp</c>.</param>
/// <param name="InputShape">Shape of one sample.</param>
/// <param name="Outputs">Outputs or classes.</param>
/// <param name="Hidden">Hidden widths or units.</param>
/// <param name="Activations">
/// The activation specs of the request (one for all activated layers, or one per layer).
/// </param>
/// <param name="OutputActivation">Output activation spec, or null for the model's default.</param>
public sealed record ModelDescription(string Name, long[] InputShape, int Outputs, IReadOnlyList<int> Hidden,
    IReadOnlyList<string> Activations, string? OutputActivation)
{
    /// <summary>The description of <paramref name="request"/> for model <paramref name="name"/>.</summary>
    public static ModelDescription From(string name, ModelRequest request) => new(name, request.InputShape,
        request.Outputs, request.Hidden, request.Activations, request.OutputActivation);

    /// <summary>The request that rebuilds the model.</summary>
    public ModelRequest ToRequest() => new(InputShape, Outputs, Hidden, Activations, OutputActivation);
}
