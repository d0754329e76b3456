using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Activations.Conversion;

/// <summary>
/// The name by which a caller selects a fixed activation: TorchSharp's class name or tact's spec name, compared
/// without case and underscores, so that <c>leaky_relu</c> names both <c>LeakyReLU</c> and tact's
/// <c>leaky_relu(slope=0.01)</c>.
/// </summary>
internal static class ActivationNames
{
    /// <summary>The comparable form of a name: lower case, without underscores.</summary>
    public static string Normalize(string name) => name.Replace("_", "").ToLowerInvariant();

    /// <summary>
    /// The comparable name of a fixed activation module, or null for any other module: TorchSharp's parameter-less
    /// tensor-to-tensor modules by class name, tact's <see cref="FixedActivation"/> by its spec's family name.
    /// </summary>
    public static string? Of(nn.Module module) => module switch
    {
        FixedActivation f => Normalize(f.Spec.Split('(')[0].Trim()),
        ParameterLessModule<Tensor, Tensor> m when m.GetType().Namespace == typeof(ReLU).Namespace =>
            Normalize(m.GetType().Name),
        _ => null,
    };
}
