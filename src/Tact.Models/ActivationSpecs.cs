using Tact.Activations;
using Tact.Activations.Registry;

namespace Tact.Models;

/// <summary>Turns the activation specs given to a model into one module per layer.</summary>
public static class ActivationSpecs
{
    /// <summary>
    /// Expands <paramref name="specs"/> to one spec per layer: a single spec serves every layer, otherwise
    /// there must be exactly one per layer.
    /// </summary>
    public static IReadOnlyList<string> PerLayer(IReadOnlyList<string> specs, int layers, string model)
    {
        if (specs.Count == 0) throw new ArgumentException($"{model}: at least one activation spec is required");
        if (specs.Count == 1) return Enumerable.Repeat(specs[0], layers).ToArray();
        if (specs.Count != layers)
            throw new ArgumentException(
                $"{model}: got {specs.Count} activation specs for {layers} hidden layers; " +
                "give one spec for all, or one per layer");
        return specs;
    }

    /// <summary>
    /// Hands out the activation modules of a model's activated layers in order: <c>Next(features)</c> for layer 0,
    /// then layer 1, ... with one spec for all layers or one per layer.
    /// </summary>
    public static Func<int, ActivationModule> Sequence(IReadOnlyList<string> specs, int layers, string model,
        ActivationRegistry? registry)
    {
        var perLayer = PerLayer(specs, layers, model);
        int next = 0;
        return features => next < perLayer.Count
            ? Create(perLayer[next++], features, registry)
            : throw new InvalidOperationException($"{model}: asked for more than {layers} activations");
    }

    /// <summary>Creates the module of one layer with <paramref name="features"/> features.</summary>
    public static ActivationModule Create(string spec, int features, ActivationRegistry? registry) =>
        (registry ?? ActivationRegistry.Default).Create(spec, features);
}
