using Tact.Activations.Registry;
using Tact.Activations.Spec;

namespace Tact.Activations.Tests;

public class RegistryTests
{
    [Fact]
    public void UnknownFamilyListsTheKnownOnes()
    {
        var e = Assert.Throws<ActivationSpecException>(() => Activations.Create("relux"));
        Assert.StartsWith("relux: unknown activation; known: relu, leaky_relu", e.Message);
    }

    [Fact]
    public void UnknownParameterNamesFamilyParameterAndPosition()
    {
        var e = Assert.Throws<ActivationSpecException>(() => Activations.Create("prelu(slope=2)", 4));
        Assert.Equal("prelu", e.Family);
        Assert.Equal("slope", e.Parameter);
        Assert.Contains("position 13", e.Message);
        Assert.Contains("known: per, init", e.Message);
    }

    [Fact]
    public void EveryFamilyIsDocumentedAndBuildsWithDefaults()
    {
        foreach (var family in ActivationRegistry.Default.Families)
        {
            Assert.False(string.IsNullOrWhiteSpace(family.Summary), family.Name);
            Assert.False(string.IsNullOrWhiteSpace(family.Formula), family.Name);
            using var module = ActivationRegistry.Default.Create(family.Name, features: 3);
            Assert.Equal(family.Trainable, module.ParameterCount > 0);
        }
    }

    [Fact]
    public void ANewFamilyCanBeRegistered()
    {
        var registry = new ActivationRegistry();
        registry.Add(new ActivationFamily("mine", "test", "z", false, [], _ => Activations.Create("identity")));
        Assert.Throws<ArgumentException>(() =>
            registry.Add(new ActivationFamily("mine", "", "", false, [], _ => null!)));
        using var m = registry.Create("mine");
        Assert.Equal("identity", m.Spec);
    }
}
