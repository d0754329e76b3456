using Tact.Activations.Diagnostics;
using static TorchSharp.torch;

namespace Tact.Activations.Tests.Diagnostics;

public class GradientCheckTests
{
    /// <summary>z * detach(z): autograd sees z, the true derivative is 2z. The check must catch it.</summary>
    private sealed class WrongGradient : ActivationModule
    {
        public WrongGradient() : base("Wrong", Granularity.Layer, 1) => RegisterComponents();
        public override string Spec => "wrong";
        protected override Tensor Apply(Tensor z) => z * z.detach();
        protected override void WriteFormula(FormulaWriter writer) => writer.Layer("z * z");
    }

    [Fact]
    public void DetectsAWrongGradient()
    {
        using var module = new WrongGradient();
        var x = GradientCheck.SampleInput(module, [4, 3], low: 1, high: 2);
        var input = GradientCheck.Run(module, x).Single(r => r.Tensor == "input");
        Assert.Equal(12, input.Elements);
        Assert.True(input.MaxError > 0.2, $"error {input.MaxError}");
    }

    [Fact]
    public void SampledInputsAvoidKinks()
    {
        using var module = Activations.Create("relu");
        var x = GradientCheck.SampleInput(module, [100, 10], low: -0.01, high: 0.01, margin: 1e-3);
        Assert.All(x.data<double>().ToArray(), v => Assert.True(Math.Abs(v) >= 1e-3));
    }
}
