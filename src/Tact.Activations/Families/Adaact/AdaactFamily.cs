using Tact.Activations.Registry;

namespace Tact.Activations;

/// <summary>Registers <c>adaact</c>.</summary>
public static class AdaactFamily
{
    /// <summary>Adds the family to <paramref name="registry"/>.</summary>
    public static void AddTo(ActivationRegistry registry) =>
        registry.Add(new("adaact", "learned affine activation k0 + k1 z (an affine map: see the docs)", "k0 + k1 * z",
            true,
            [BaselineFamilies.PerInfo,
             new("k0", "number", "Glorot normal", "initial offset instead of the random one"),
             new("k1", "number", "Glorot normal", "initial slope instead of the random one")],
            a =>
            {
                var (per, features) = a.Layout();
                return Activations.Adaact(features, per, a.Has("k0") ? a.Number("k0", 0) : null,
                    a.Has("k1") ? a.Number("k1", 0) : null);
            }));
}
