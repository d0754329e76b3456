using Tact.Activations.Registry;

namespace Tact.Activations;

/// <summary>
/// Factory functions, in the spirit of TorchSharp's <c>nn.ReLU()</c>: one line creates any tact activation.
/// <code>
/// var act = Activations.Create("prelu(per=neuron)", features: 64);
/// var model = nn.Sequential(nn.Linear(10, 64), act, nn.Linear(64, 1));
/// </code>
/// </summary>
public static partial class Activations
{
    /// <summary>
    /// Creates an activation from a spec string such as <c>swish(beta=1.5)</c> for a layer with
    /// <paramref name="features"/> features on dim 1 (needed by per-neuron modules).
    /// </summary>
    public static ActivationModule Create(string spec, int? features = null) =>
        ActivationRegistry.Default.Create(spec, features);
}
