using Tact.Activations.Spec;

namespace Tact.Activations.Registry;

/// <summary>One documented parameter of a family, as <c>tact activations</c> prints it.</summary>
/// <param name="Name">Key in the spec, e.g. <c>per</c>.</param>
/// <param name="Type">Accepted values, e.g. <c>layer|neuron</c> or <c>number &gt; 0</c>.</param>
/// <param name="Default">The value used when the key is absent.</param>
/// <param name="Description">What it does.</param>
public sealed record ParameterInfo(string Name, string Type, string Default, string Description);

/// <summary>An activation family: its name, documentation and factory.</summary>
/// <param name="Name">The name used in specs, e.g. <c>prelu</c>.</param>
/// <param name="Summary">One line: what it is and where it comes from.</param>
/// <param name="Formula">The function in mathematical notation.</param>
/// <param name="Trainable">Whether the family has trainable parameters.</param>
/// <param name="Parameters">The spec parameters it accepts.</param>
/// <param name="Factory">Builds a module from validated arguments.</param>
public sealed record ActivationFamily(
    string Name,
    string Summary,
    string Formula,
    bool Trainable,
    IReadOnlyList<ParameterInfo> Parameters,
    Func<SpecArgs, ActivationModule> Factory);
