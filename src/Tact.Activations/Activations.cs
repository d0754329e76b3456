using Tact.Activations.Registry;
using Tact.Activations.Spec;

namespace Tact.Activations;

/// <summary>
/// Factory functions, in the spirit of TorchSharp's <c>nn.ReLU()</c>: one line creates any tact activation, from a
/// spec string (<see cref="Create"/>) or from a typed factory per family, declared beside each module class
/// (<c>Activations.Tmaf(...)</c>, <c>Activations.Vnn(...)</c>, ...), all shaped (features, granularity, options).
/// <code>
/// var act = Activations.Create("prelu(per=neuron)", features: 64);   // or Activations.PReLU(64, Granularity.Neuron)
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

    /// <summary>Throws the error a spec would get when a typed option is out of its range.</summary>
    internal static void Require(bool ok, string family, string option, object value, string expected)
    {
        if (!ok) throw new ActivationSpecException(family, option, $"expects {expected}, got {value}");
    }
}
