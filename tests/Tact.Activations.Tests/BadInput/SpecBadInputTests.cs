using Tact.Activations.Registry;
using Tact.Activations.Spec;

namespace Tact.Activations.Tests.BadInput;

/// <summary>Bad-input classes 2 (recursion), 3 (numbers beyond float32) and 10 (messages) for spec strings.</summary>
public class SpecBadInputTests
{
    private static string Nested(int depth) => "tmaf(points=" + new string('[', depth) + "1" + new string(']', depth)
        + ")";

    [Theory]
    [InlineData(SpecParser.MaxDepth + 1)]
    [InlineData(1_000)]
    [InlineData(1_000_000)]
    public void ListsNestedTooDeeplyAreAParseErrorNotAStackOverflow(int depth)
    {
        var e = Assert.Throws<SpecParseException>(() => ActivationSpec.Parse(Nested(depth)));
        Assert.Contains($"lists nested at most {SpecParser.MaxDepth} deep", e.Message);
        Assert.Equal(13 + SpecParser.MaxDepth, e.Position);
    }

    [Fact]
    public void ListsAtTheDepthBoundStillParse()
    {
        var spec = ActivationSpec.Parse(Nested(SpecParser.MaxDepth));
        Assert.Equal(SpecValueKind.List, spec.Arguments[0].Value.Kind);
    }

    [Theory]
    [InlineData("prelu(init=1e300)", "init")]
    [InlineData("prelu(init=-3.5e38)", "init")]
    [InlineData("tmaf(grid=-1e300:1e300:1e299)", "grid")]
    [InlineData("tmaf(points=[-1e39, 0, 1])", "points")]
    [InlineData("tmaf(points=[1, 1.00000000001])", "points")]
    [InlineData("tmaf(points=[-3e38, 3e38])", "points")]
    [InlineData("tmaf(breakpoints=trainable, temperature=1e-50)", "temperature")]
    [InlineData("swish(beta=1e39)", "beta")]
    public void NumbersThatFitFloat64ButNotFloat32AreRefusedNamingTheParameter(string spec, string parameter)
    {
        var e = Assert.ThrowsAny<ActivationSpecException>(() => ActivationRegistry.Default.Validate(spec));
        Assert.Equal(parameter, e.Parameter);
        Assert.Contains("float32", e.Message);
    }

    [Theory]
    [InlineData("prelu(init=3.4e38)")]
    [InlineData("tmaf(points=[-1e30, 0, 1e30])")]
    public void TheLargestFloat32ValuesAreAccepted(string spec) => ActivationRegistry.Default.Validate(spec);

    [Theory]
    [InlineData("relu(a=1)\U0001F600", "'\U0001F600'")]
    [InlineData("prelu(init=é)", "'é'")]
    public void NonAsciiCharactersAreQuotedWhole(string spec, string quoted)
    {
        var e = Assert.ThrowsAny<Exception>(() => ActivationRegistry.Default.Validate(spec));
        Assert.True(e is SpecParseException or ActivationSpecException);
        Assert.Contains(quoted, e.Message);
    }
}
