using Tact.Activations.Conversion;
using static TorchSharp.torch;

namespace Tact.Activations;

public static partial class Activations
{
    /// <summary>
    /// Replaces the fixed activations of an existing model, in place, by modules built from <paramref name="spec"/>
    /// with <see cref="Create"/>, and returns the modules it created with their paths (as in
    /// <c>named_modules()</c>, e.g. <c>layers.3</c> or <c>blocks.0.act1</c>).
    /// <code>
    /// var model = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 1));
    /// var created = Activations.Replace(model, "prelu(per=neuron)");   // [("1", PReLU with 64 slopes)]
    /// var optimizer = optim.Adam(model.parameters());                   // trains the new slopes too
    /// </code>
    /// </summary>
    /// <remarks>
    /// <para>
    /// Which modules: with neither <paramref name="names"/> nor <paramref name="where"/>, every ReLU (TorchSharp's
    /// <c>nn.ReLU()</c> and tact's fixed <c>relu</c>). A name such as <c>relu</c>, <c>tanh</c>, <c>gelu</c> or
    /// <c>leaky_relu</c> matches TorchSharp's parameter-less module of that class name (case and underscores
    /// ignored: <c>leaky_relu</c> matches <c>LeakyReLU</c>) and tact's fixed activation of that spec name. When both
    /// filters are given a module must pass both; <paramref name="where"/> alone may select any module.
    /// </para>
    /// <para>
    /// Feature counts (dim 1), needed only when the spec is per-neuron: with a <paramref name="sample"/>, from one
    /// forward pass of the model on it (in eval mode, without gradient; the training flags are restored afterwards),
    /// recording the input of each selected module through a forward pre-hook. Hooks run in <c>call()</c>, so a
    /// module that the model's <c>forward</c> invokes with <c>forward()</c> is reported as not reached. Without a
    /// sample, from the layer before the activation inside a <c>Sequential</c> (<c>Linear.out_features</c>,
    /// convolutions' <c>out_channels</c>, batch and instance norms' <c>num_features</c>, <c>GroupNorm</c>'s weight,
    /// per-neuron tact modules), looking back across dropout, pooling and element-wise activations. In any other
    /// container the order of the layers is not known without running it, so a sample is needed there.
    /// </para>
    /// <para>
    /// Every reference the model holds is replaced: the registered sub-module (which <c>parameters()</c> and
    /// <c>state_dict()</c> read), a <c>Sequential</c>'s list (which its <c>forward</c> runs), <c>ModuleList</c> and
    /// <c>ModuleDict</c> entries, and the module's C# fields (which a custom <c>forward</c> calls), including lists,
    /// arrays and dictionaries held in fields. The new modules take the dtype and device of the model's first
    /// floating-point parameter and the training flag of the module they replace.
    /// </para>
    /// <para>
    /// Nothing is changed unless every selected module can be converted: otherwise an
    /// <see cref="ArgumentException"/> names each one that cannot (path and reason), e.g. a field typed as
    /// TorchSharp's <c>ReLU</c>, a delegate bound to the module (such as <c>act.call</c> kept in a field), a feature
    /// count that cannot be inferred without a sample, or a module the sample did not reach; and when nothing
    /// matches. A bad spec throws what <see cref="Create"/> throws.
    /// </para>
    /// <para>
    /// A module instance that the model uses at several places is replaced by one new module (they share
    /// parameters, as the old one shared its behaviour); the result lists it once per path.
    /// </para>
    /// </remarks>
    /// <param name="model">The model to convert; it is changed in place. It cannot itself be replaced.</param>
    /// <param name="spec">The tact spec of the new activations, e.g. <c>prelu(per=neuron)</c>.</param>
    /// <param name="names">Activation names to replace, e.g. <c>["relu", "tanh"]</c>.</param>
    /// <param name="where">A test on the path and the module; only modules it accepts are replaced.</param>
    /// <param name="sample">
    /// An input for one forward pass of <paramref name="model"/> (which must then take one tensor), used to read
    /// the feature count of each activation; a batch of one or two examples is enough.
    /// </param>
    /// <returns>The modules created, with the path of each module they replaced, in the model's module order.</returns>
    public static IReadOnlyList<(string Path, ActivationModule Module)> Replace(nn.Module model, string spec,
        IEnumerable<string>? names = null, Func<string, nn.Module, bool>? where = null, Tensor? sample = null) =>
        new ActivationReplacer(model, spec, names, where, sample).Run();
}
