using static TorchSharp.torch;

namespace Tact.Activations.Conversion;

/// <summary>Dotted module paths as <c>named_modules()</c> writes them, and how error messages show them.</summary>
internal static class ModulePath
{
    /// <summary>The path of child <paramref name="name"/> of the module at <paramref name="path"/>.</summary>
    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>The path in quotes and the module's class, e.g. <c>'layers' (Sequential)</c>.</summary>
    public static string Describe(string path, nn.Module module) =>
        $"'{(path.Length == 0 ? "(model)" : path)}' ({module.GetType().Name})";
}
