using Tact.Activations;
using Tact.Activations.Registry;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Models;

/// <summary>
/// A multilayer perceptron: Linear, activation, ..., Linear. Each hidden layer takes its own activation spec
/// (or all share one); the output layer may have one too (the VNN paper allows it), otherwise it is linear.
/// Inputs of rank &gt; 2 are flattened, so an image model is just <c>new Mlp(784, [64], 10, ["relu"])</c>.
/// The TMAF paper's networks (one or two hidden layers of 20 or 10) and the Adaact banknote model
/// (4 -&gt; 10 -&gt; 1) are instances.
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> linears;
    private readonly ModuleList<ActivationModule> activations;
    private readonly ActivationModule? output;

    /// <summary>Creates the network.</summary>
    /// <param name="inputs">Input features (after flattening).</param>
    /// <param name="hidden">Hidden layer widths; may be empty (a linear model).</param>
    /// <param name="outputs">Output features.</param>
    /// <param name="specs">One activation spec for every hidden layer, or one per hidden layer.</param>
    /// <param name="outputSpec">Activation after the last linear layer, or null for none.</param>
    /// <param name="registry">Where specs are looked up; the default registry if null.</param>
    /// <param name="init">
    /// How the linear layers start: null or one init for all, or one per linear layer (hidden ones, then the output).
    /// </param>
    /// <param name="gridInit">
    /// Initialisation of the layers that feed grid-based activations so that their pre-activations cover the
    /// activation's designed range, applied after <paramref name="init"/>; null for none.
    /// </param>
    /// <param name="inputRange">
    /// Range of the input features (e.g. the training data's), for <paramref name="gridInit"/>.
    /// </param>
    public Mlp(int inputs, IReadOnlyList<int> hidden, int outputs, IReadOnlyList<string> specs,
        string? outputSpec = null, ActivationRegistry? registry = null, IReadOnlyList<LinearInit>? init = null,
        LayerInit? gridInit = null, (double Low, double High)? inputRange = null) : base("Mlp")
    {
        if (inputs < 1 || outputs < 1 || hidden.Any(h => h < 1))
            throw new ArgumentException(
                $"Mlp: layer sizes must be >= 1, got {inputs} -> [{string.Join(", ", hidden)}] -> {outputs}");
        var perLayer = hidden.Count == 0 ? [] : ActivationSpecs.PerLayer(specs, hidden.Count, "Mlp");
        linears = new ModuleList<Linear>();
        activations = new ModuleList<ActivationModule>();
        int width = inputs;
        for (int i = 0; i < hidden.Count; i++)
        {
            linears.Add(nn.Linear(width, hidden[i]));
            activations.Add(ActivationSpecs.Create(perLayer[i], hidden[i], registry));
            width = hidden[i];
        }
        linears.Add(nn.Linear(width, outputs));
        if (init is { Count: > 0 })
        {
            if (init.Count != 1 && init.Count != linears.Count)
                throw new ArgumentException(
                    $"Mlp: give one init for all {linears.Count} linear layers or one per layer, got {init.Count}");
            for (int i = 0; i < linears.Count; i++) LinearInits.Apply(linears[i], init[init.Count == 1 ? 0 : i]);
        }
        if (outputSpec is not null) output = ActivationSpecs.Create(outputSpec, outputs, registry);
        Sizes = [inputs, .. hidden, outputs];
        RegisterComponents();
        if (gridInit is not null) Initialize(gridInit, inputRange);
    }

    private void Initialize(LayerInit init, (double Low, double High)? inputRange)
    {
        init.Validate();
        // By default every layer it can: one whose activation has a designed range and whose inputs' range is known
        // (the first layer's from the data, any layer's when input_range is given).
        bool rangeKnown = init.InputLow is not null;
        var layers = init.Layers ?? Enumerable.Range(1, activations.Count)
            .Where(l => activations[l - 1].DesignedRange is not null && (l == 1 || rangeKnown)).ToList();
        foreach (int layer in layers)
        {
            if (layer > activations.Count)
                throw new ArgumentException(
                    $"init: layer {layer} is not a hidden layer (the mlp has {activations.Count})");
            var activation = activations[layer - 1];
            if (activation.DesignedRange is null)
                throw new ArgumentException(
                    $"init grid: hidden layer {layer}'s activation {activation.Spec} has no designed range to cover");
            (double lo, double hi) = init.InputLow is double l && init.InputHigh is double h ? (l, h)
                : layer == 1 ? inputRange ?? (-1.0, 1.0)
                : throw new ArgumentException($"init grid: hidden layer {layer} needs input_range (its inputs' range)");
            GridInit.Apply(linears[layer - 1], activation, lo, hi, init);
        }
    }

    /// <summary>Layer widths from input to output.</summary>
    public IReadOnlyList<int> Sizes { get; }

    /// <summary>The activation modules of the hidden layers, then the output activation if any.</summary>
    public IReadOnlyList<ActivationModule> Activations =>
        output is null ? activations.ToList() : [.. activations, output];

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var x = input.dim() > 2 ? input.flatten(1) : input;
        for (int i = 0; i < activations.Count; i++)
            x = activations[i].call(linears[i].call(x));
        x = linears[^1].call(x);
        return output is null ? x : output.call(x);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Mlp({string.Join(" -> ", Sizes)}; {string.Join(", ", Activations.Select(a => a.ToString()))})";
}
