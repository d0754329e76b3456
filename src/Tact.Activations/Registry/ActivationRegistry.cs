using Tact.Activations.Spec;

namespace Tact.Activations.Registry;

/// <summary>
/// Maps family names to factories. <see cref="Default"/> knows every family of the library; a user can
/// build a registry of their own and add families to it.
/// </summary>
public sealed class ActivationRegistry
{
    private readonly Dictionary<string, ActivationFamily> _families = new(StringComparer.Ordinal);

    /// <summary>The registry of every family shipped with tact.</summary>
    public static ActivationRegistry Default { get; } = CreateDefault();

    /// <summary>The families, in the order they were added.</summary>
    public IEnumerable<ActivationFamily> Families => _families.Values;

    /// <summary>Adds a family; its name must be new.</summary>
    public void Add(ActivationFamily family)
    {
        if (!_families.TryAdd(family.Name, family))
            throw new ArgumentException($"an activation family named '{family.Name}' is already registered");
    }

    /// <summary>The family of that name, or null.</summary>
    public ActivationFamily? Find(string name) => _families.GetValueOrDefault(name.ToLowerInvariant());

    /// <summary>
    /// Builds a module from a spec string for a layer of <paramref name="features"/> features (dim 1).
    /// Throws <see cref="SpecParseException"/> for malformed text and <see cref="ActivationSpecException"/>
    /// for an unknown family, an unknown parameter or a bad value.
    /// </summary>
    public ActivationModule Create(string spec, int? features = null) => Create(ActivationSpec.Parse(spec), features);

    /// <summary>Builds a module from a parsed spec; see <see cref="Create(string, int?)"/>.</summary>
    public ActivationModule Create(ActivationSpec spec, int? features = null)
    {
        var family = Find(spec.Name) ?? throw new ActivationSpecException(spec.Name, null,
            $"unknown activation; known: {string.Join(", ", _families.Keys)}");
        foreach (var (key, value) in spec.Arguments)
        {
            if (family.Parameters.All(p => p.Name != key))
            {
                var known = family.Parameters.Count == 0
                    ? "it takes none"
                    : "known: " + string.Join(", ", family.Parameters.Select(p => p.Name));
                throw new ActivationSpecException(family.Name, key,
                    $"is unknown (at position {value.Position}); {known}");
            }
        }
        return family.Factory(new SpecArgs(spec, features));
    }

    /// <summary>Checks a spec without building anything that needs the feature count.</summary>
    public void Validate(string spec) => Create(spec, features: 1).Dispose();

    private static ActivationRegistry CreateDefault()
    {
        var registry = new ActivationRegistry();
        // The papers' order: basis expansion, WSGAF, flexible combinations, TMAF, Adaact.
        BaselineFamilies.AddTo(registry);
        VnnFamily.AddTo(registry);
        WsgafFamily.AddTo(registry);
        FlexibleFamilies.AddTo(registry);
        TmafFamilies.AddTo(registry);
        AdaactFamily.AddTo(registry);
        return registry;
    }
}
