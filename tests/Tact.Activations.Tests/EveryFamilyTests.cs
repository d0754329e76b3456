using Tact.Activations.Registry;
using Tact.Activations.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Activations.Tests;

/// <summary>
/// Checks that hold for every registered family, so a family added later is covered without new tests.
/// </summary>
public class EveryFamilyTests
{
    public static TheoryData<string> TrainableFamiliesByGranularity()
    {
        var data = new TheoryData<string>();
        foreach (var family in ActivationRegistry.Default.Families.Where(f => f.Trainable))
            foreach (var per in family.Parameters.Any(p => p.Name == "per") ? new[] { "layer", "neuron" } : [""])
                data.Add(per.Length == 0 ? family.Name : $"{family.Name}(per={per})");
        return data;
    }

    [Theory]
    [MemberData(nameof(TrainableFamiliesByGranularity))]
    public void GradcheckPassesInFloat64(string spec)
    {
        using var module = Activations.Create(spec, features: 4);
        // Move the parameters off their initial values, as training would (mixes stay on the simplex by projection).
        using (no_grad())
            foreach (var p in module.parameters()) p.add_(randn_like(p) * 0.05);
        ActivationConstraints.ProjectAll(module);
        ActivationAssert.GradientsMatch(module, [5, 4, 2]);
    }

    [Theory]
    [MemberData(nameof(TrainableFamiliesByGranularity))]
    public void FormulaShapeAndDtypeHoldForEveryFamily(string spec)
    {
        using var module = Activations.Create(spec, features: 3);
        ActivationAssert.FormulaMatches(module, -4, 4, 1e-9);
        ActivationAssert.KeepsShapeAndDtype(module);
    }

    [Fact]
    public void EveryFamilyHasTheSpecGranularityOption()
    {
        var withoutPer = ActivationRegistry.Default.Families
            .Where(f => f.Trainable && f.Parameters.All(p => p.Name != "per")).Select(f => f.Name);
        Assert.Empty(withoutPer);
    }
}
