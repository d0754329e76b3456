using Tact.Activations.Registry;
using static TorchSharp.torch;

namespace Tact.Models;

/// <summary>What a model needs to know to be built.</summary>
/// <param name="InputShape">Shape of one sample (without the batch axis).</param>
/// <param name="Outputs">Classes, regression outputs, or (for autoencoders) ignored.</param>
/// <param name="Hidden">Hidden widths (mlp) or hidden units (lstm).</param>
/// <param name="Activations">One spec for every activated layer, or one per layer.</param>
/// <param name="OutputActivation">Output activation (mlp, autoencoders), or null for the model's default.</param>
/// <param name="Init">mlp: how its linear layers start (one for all or one per layer), or null for PyTorch's.</param>
/// <param name="GridInit">
/// mlp: initialisation of the layers that feed grid-based activations (after <paramref name="Init"/>), or null.
/// </param>
/// <param name="InputRange">Range of the input features (the training data's), for <paramref name="GridInit"/>.
/// </param>
public sealed record ModelRequest(long[] InputShape, int Outputs, IReadOnlyList<int> Hidden,
    IReadOnlyList<string> Activations, string? OutputActivation = null, IReadOnlyList<LinearInit>? Init = null,
    LayerInit? GridInit = null, (double Low, double High)? InputRange = null);

/// <summary>One model of the catalog: its name, what it is, and how to build it.</summary>
/// <param name="Name">The name <c>--model</c> and experiment files use.</param>
/// <param name="Summary">One line: what it is.</param>
/// <param name="Factory">Builds the model for a request, with activations from a registry (null: the default).</param>
/// <param name="IsAutoencoder">True when the model's target is its input (reconstruction).</param>
public sealed record ModelEntry(string Name, string Summary,
    Func<ModelRequest, ActivationRegistry?, nn.Module<Tensor, Tensor>> Factory, bool IsAutoencoder = false);

/// <summary>The models <c>--model</c> and experiment files can name.</summary>
public static class ModelCatalog
{
    /// <summary>Every model, in the order <c>--help</c> lists them.</summary>
    public static IReadOnlyList<ModelEntry> All { get; } =
    [
        new("mlp", "multilayer perceptron, --hidden widths (inputs are flattened)", (r, reg) =>
            new Mlp((int)r.InputShape.Aggregate(1L, (a, b) => a * b), r.Hidden, r.Outputs, r.Activations,
                r.OutputActivation, reg, r.Init, r.GridInit, r.InputRange)),
        new("cnn-t2", "WSGAF paper Table 2 CNN (MNIST/FMNIST)",
            (r, reg) => new CnnTable2(r.InputShape, r.Outputs, r.Activations, reg)),
        new("cnn-t3", "WSGAF paper Table 3 CNN with LRN (CIFAR-10)",
            (r, reg) => new CnnTable3(r.InputShape, r.Outputs, r.Activations, reg)),
        Autoencoder("cae1", "flexible-combination paper's autoencoder 1 (1x28x28)"),
        Autoencoder("cae2", "flexible-combination paper's autoencoder 2 (1x28x28)"),
        Autoencoder("cae3", "flexible-combination paper's autoencoder 3 (3x32x32)"),
        new("lstm", "LSTM forecaster with spec gate/cell activations: --activation \"GATE;CELL\", --hidden units",
            Lstm),
        new("resnet18", "ResNet-18, CIFAR variant (3x3 stem, no max-pool)",
            (r, reg) => new ResNet18(r.InputShape, r.Outputs, r.Activations, registry: reg)),
    ];

    /// <summary>Model names with a one-line description.</summary>
    public static IReadOnlyDictionary<string, string> Names { get; } = All.ToDictionary(m => m.Name, m => m.Summary);

    /// <summary>The entry of that name, or null.</summary>
    public static ModelEntry? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>
    /// Builds model <paramref name="name"/>; <see cref="ArgumentException"/> for unknown names or shapes.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Create(string name, ModelRequest r, ActivationRegistry? registry = null)
    {
        var entry = Find(name)
            ?? throw new ArgumentException($"unknown model '{name}'; known: {string.Join(", ", Names.Keys)}");
        if (name != "mlp" && r.Init is { Count: > 0 })
            throw new ArgumentException($"{name}: a linear-layer init is an mlp option");
        if (r.GridInit is not null && name != "mlp")
            throw new ArgumentException($"init: the grid initialisation applies to the mlp, not to {name}");
        return entry.Factory(r, registry);
    }

    /// <summary>True for models whose target is their input (reconstruction).</summary>
    public static bool IsAutoencoder(string name) => Find(name)?.IsAutoencoder ?? false;

    private static ModelEntry Autoencoder(string name, string summary) =>
        new(name, summary, (r, reg) => new ConvAutoencoder(name, r.InputShape, r.Activations, r.OutputActivation, reg),
            IsAutoencoder: true);

    /// <summary>Checks an image shape [C, H, W] with H and W divisible by <paramref name="multiple"/>.</summary>
    public static (int C, int H, int W) Image(long[] shape, string model, int multiple)
    {
        if (shape.Length != 3 || shape[1] % multiple != 0 || shape[2] % multiple != 0)
            throw new ArgumentException($"{model}: expects image inputs [channels, height, width] with height and " +
                $"width divisible by {multiple}, got [{string.Join(", ", shape)}]");
        return ((int)shape[0], (int)shape[1], (int)shape[2]);
    }

    private static LstmForecaster Lstm(ModelRequest r, ActivationRegistry? registry)
    {
        if (r.InputShape.Length != 2)
            throw new ArgumentException(
                $"lstm: expects sequence inputs [time, variables], got [{string.Join(", ", r.InputShape)}]");
        if (r.Activations.Count > 2)
            throw new ArgumentException("lstm: give one spec (gates; cell stays tanh) or two (gates; cell)");
        return new LstmForecaster((int)r.InputShape[1], r.Hidden.Count > 0 ? r.Hidden[0] : 32, r.Activations[0],
            r.Activations.Count > 1 ? r.Activations[1] : "tanh", registry);
    }
}
