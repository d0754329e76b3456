using Tact.Activations.Spec;

namespace Tact.Activations.Tests.Spec;

public class ActivationSpecTests
{
    [Fact]
    public void ParsesNameOnly()
    {
        var spec = ActivationSpec.Parse("  ReLU ");
        Assert.Equal("relu", spec.Name);
        Assert.Empty(spec.Arguments);
        Assert.Equal("relu", spec.ToString());
    }

    [Fact]
    public void ParsesEveryValueKind()
    {
        var spec = ActivationSpec.Parse(
            "tmaf(per=neuron, grid=-5:5:0.5, points=[1, 2.5, -3e-1], std=small, beta=-1.5e2, empty=[])");
        var args = spec.Arguments.ToDictionary(a => a.Key, a => a.Value);
        Assert.Equal(SpecValueKind.Word, args["per"].Kind);
        Assert.Equal("neuron", args["per"].Word);
        Assert.Equal((-5.0, 5.0, 0.5), args["grid"].Range);
        Assert.Equal([1, 2.5, -0.3], args["points"].Items.Select(i => i.Number));
        Assert.Equal(-150, args["beta"].Number);
        Assert.Empty(args["empty"].Items);
        Assert.Equal("tmaf(per=neuron, grid=-5:5:0.5, points=[1, 2.5, -0.3], std=small, beta=-150, empty=[])",
            spec.ToString());
    }

    [Theory]
    [InlineData("", 1, "an activation name")]
    [InlineData("prelu(", 7, "a parameter name")]
    [InlineData("prelu(per", 10, "'=' after parameter 'per'")]
    [InlineData("prelu(per=)", 11, "a value")]
    [InlineData("prelu(per=neuron", 17, "',' or ')'")]
    [InlineData("prelu(per=neuron) x", 19, "end of spec")]
    [InlineData("tmaf(grid=-5:5)", 15, "':' and a step")]
    [InlineData("tmaf(grid=[1, 2)", 16, "',' or ']'")]
    [InlineData("swish(beta=1.2.3)", 12, "a finite number")]
    [InlineData("swish(beta=1, beta=2)", 15, "each parameter once")]
    [InlineData("9relu", 1, "an activation name")]
    public void ErrorsNameThePositionAndWhatWasExpected(string text, int position, string expected)
    {
        var e = Assert.Throws<SpecParseException>(() => ActivationSpec.Parse(text));
        Assert.Equal(position, e.Position);
        Assert.Contains(expected, e.Message);
        Assert.Contains($"position {position}", e.Message);
    }
}
