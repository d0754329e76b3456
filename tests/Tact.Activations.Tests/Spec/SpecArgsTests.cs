using Tact.Activations.Spec;

namespace Tact.Activations.Tests.Spec;

public class SpecArgsTests
{
    private static SpecArgs Args(string spec, int? features = null) => new(ActivationSpec.Parse(spec), features);

    [Fact]
    public void ReadsTypedValuesWithDefaults()
    {
        var a = Args("x(n=3, r=0.5, on=true, per=neuron, pts=0:1:0.25, names=[tanh, relu])", 4);
        Assert.Equal(3, a.Integer("n", 1, min: 1));
        Assert.Equal(0.5, a.Number("r", 1));
        Assert.Equal(7.0, a.Number("absent", 7));
        Assert.True(a.Flag("on", false));
        Assert.Equal(Granularity.Neuron, a.Per());
        Assert.Equal((Granularity.Neuron, 4), a.Layout(Granularity.Neuron));
        Assert.Equal([0, 0.25, 0.5, 0.75, 1], a.IncreasingPoints("pts")!);
        Assert.Equal(["tanh", "relu"], a.Words("names")!);
    }

    [Theory]
    [InlineData("x(n=2.5)", "n", "whole number")]
    [InlineData("x(n=0)", "n", ">= 1")]
    [InlineData("x(r=-1)", "r", ">= 0")]
    [InlineData("x(r=neuron)", "r", "a number")]
    [InlineData("x(on=yes)", "on", "true or false")]
    [InlineData("x(per=channel)", "per", "layer|neuron")]
    [InlineData("x(pts=[1, 1])", "pts", "strictly increasing")]
    [InlineData("x(pts=[2, 1])", "pts", "strictly increasing")]
    [InlineData("x(pts=1:0:0.5)", "pts", "step > 0")]
    public void BadValuesNameTheFamilyParameterAndExpectation(string spec, string parameter, string expected)
    {
        var a = Args(spec);
        var e = Assert.Throws<ActivationSpecException>(() =>
        {
            a.Integer("n", 1, min: 1);
            a.Number("r", 0, min: 0);
            a.Flag("on", false);
            a.Per();
            a.IncreasingPoints("pts");
        });
        Assert.Equal("x", e.Family);
        Assert.Equal(parameter, e.Parameter);
        Assert.Contains(expected, e.Message);
        Assert.StartsWith($"x: parameter '{parameter}'", e.Message);
    }

    [Fact]
    public void PerNeuronWithoutFeatureCountIsAClearError()
    {
        var e = Assert.Throws<ActivationSpecException>(() => Args("prelu(per=neuron)").Layout());
        Assert.Contains("feature count", e.Message);
    }
}
