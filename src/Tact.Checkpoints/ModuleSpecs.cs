using Tact.Activations;

namespace Tact.Checkpoints;

/// <summary>Reads the canonical spec of an activation module: the one place that knows where it lives.</summary>
public static class ModuleSpecs
{
    /// <summary>
    /// The spec that, with the module's parameters, rebuilds <paramref name="module"/>
    /// (<c>Activations.Create(spec, features)</c>).
    /// </summary>
    public static string Canonical(ActivationModule module) => module.SpecText;
}
