using Tact.Activations.Tests.Support;
using static TorchSharp.torch;

namespace Tact.Activations.Tests.Families;

public class AdaactTests
{
    [Fact]
    public void IsK0PlusK1Z()
    {
        using var module = (Adaact)Activations.Create("adaact(k0=0.5, k1=-2)");
        using var x = tensor(new float[] { -1, 0, 3 }).reshape(3, 1);
        Assert.Equal(new float[] { 2.5f, 0.5f, -5.5f }, module.call(x).data<float>().ToArray());
    }

    [Theory]
    [InlineData("adaact")]
    [InlineData("adaact(per=neuron)")]
    public void GradientsFormulaAndShapes(string spec)
    {
        using var module = Activations.Create(spec, features: 4);
        ActivationAssert.GradientsMatch(module);
        ActivationAssert.FormulaMatches(module);
        ActivationAssert.KeepsShapeAndDtype(module);
    }

    [Fact]
    public void TheBanknoteModelHas63TrainableParameters()
    {
        // 4 -> 10 Adaact -> 1: (4*10 + 10) + (10*1 + 1) weights and biases + k0, k1 = 63, the paper's model summary.
        using var model = nn.Sequential(nn.Linear(4, 10), Activations.Create("adaact", 10), nn.Linear(10, 1),
            nn.Sigmoid());
        Assert.Equal(63, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void InitialisationIsGlorotNormalWithUnitVariance()
    {
        // The paper: N(0, 1 / fan_avg) with fan_in = fan_out = 1 for a scalar, so variance 1. Keras' glorot_normal
        // truncates at two standard deviations and divides the std by 0.8796..., so the variance stays 1.
        random.manual_seed(3);
        using var module = (Adaact)Activations.Create("adaact(per=neuron)", features: 40000);
        foreach (var p in new[] { module.K0, module.K1 })
        {
            var values = p.data<float>().ToArray();
            double mean = values.Average(), variance = values.Select(v => (v - mean) * (v - mean)).Average();
            Assert.InRange(mean, -0.03, 0.03);
            Assert.InRange(variance, 0.97, 1.03);
            double bound = 2 / 0.87962566103423978;
            Assert.All(values, v => Assert.InRange(v, -bound, bound));
            Assert.True(values.Max(v => Math.Abs(v)) > 2, "the corrected std reaches beyond 2");
        }
    }
}
