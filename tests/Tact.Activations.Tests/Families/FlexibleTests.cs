using Tact.Activations.Regularization;
using Tact.Activations.Spec;
using Tact.Activations.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Activations.Tests.Families;

public class FlexibleTests
{
    public static TheoryData<string> AllVariants()
    {
        var data = new TheoryData<string>();
        foreach (var family in new[] { "psigramp(beta=1.3)", "pe2relu(beta=0.7)", "pe2id(beta=1.6)", "pe3relu" })
            foreach (var per in new[] { "layer", "neuron" })
                foreach (var constraint in new[] { "project", "reparam" })
                    data.Add(family.Contains('(')
                        ? family.Replace(")", $", per={per}, constraint={constraint})")
                        : $"{family}(per={per}, constraint={constraint})");
        return data;
    }

    [Theory]
    [MemberData(nameof(AllVariants))]
    public void GradientsFormulaAndShapes(string spec)
    {
        using var module = Activations.Create(spec, features: 3);
        ActivationAssert.GradientsMatch(module);
        ActivationAssert.FormulaMatches(module);
        ActivationAssert.KeepsShapeAndDtype(module);
    }

    [Fact]
    public void PE2IdWithAlpha1IsTheIdentity()
    {
        using var module = Activations.Create("pe2id(alpha=1, beta=2.5)");
        module.to(float64);
        using var x = randn(100, 1, float64) * 4;
        Assert.True(module.call(x).allclose(x, 0, 0));
    }

    [Fact]
    public void PSigRampWithAlpha1IsTheSigmoid()
    {
        using var module = Activations.Create("psigramp(alpha=1, beta=0.3, per=neuron)", features: 2);
        module.to(float64);
        using var x = randn(100, 2, float64) * 4;
        // Exact up to the last bits: the fused kernel's vectorised sigmoid rounds differently from libtorch's.
        Assert.True(module.call(x).allclose(x.sigmoid(), 1e-15, 1e-15));
    }

    [Fact]
    public void PSigRampWithAlpha0IsTheRamp()
    {
        using var module = Activations.Create("psigramp(alpha=0, beta=0.5)");
        module.to(float64);
        using var x = tensor(new[] { -2.0, -1, 0, 0.5, 1, 3 }, float64).reshape(-1, 1);
        // beta is softplus(raw), equal to 0.5 up to ~1e-9.
        var y = module.call(x).data<double>().ToArray();
        double[] expected = [0, 0, 0.5, 0.75, 1, 1];
        for (int i = 0; i < y.Length; i++) Assert.Equal(expected[i], y[i], 8);
    }

    [Theory]
    [InlineData("psigramp(per=neuron, constraint=project)")]
    [InlineData("pe3relu(per=neuron, constraint=project)")]
    [InlineData("pe3relu(per=neuron, constraint=reparam)")]
    [InlineData("pe2relu(per=layer, constraint=reparam)")]
    public void AlphaStaysOnTheSimplexUnderLargeSteps(string spec)
    {
        using var module = Activations.Create(spec, features: 8);
        var optimizer = optim.Adam(module.parameters(), 1.0);
        for (int i = 0; i < 25; i++)
        {
            optimizer.zero_grad();
            // A loss that drives the output far up, pushing the mix against its bounds.
            module.call(randn(32, 8) * 3).mul(-1).sum().backward();
            optimizer.step();
            ActivationConstraints.ProjectAll(module);
            var mix = ((IMixingActivation)module).MixingWeights().detach();
            Assert.True(mix.min().item<float>() >= 0, $"negative weight after step {i}");
            Assert.True(mix.max().item<float>() <= 1 + 1e-6, $"weight above 1 after step {i}");
            Assert.True(mix.sum(1L).sub(1).abs().max().item<float>() < 1e-5, $"weights do not sum to 1 after step {i}");
        }
    }

    [Fact]
    public void SimplexProjectionMatchesHandComputedCases()
    {
        using var v = tensor(new double[,] { { 0.5, 0.5, 0.5 }, { 2, 0, 0 }, { -1, 0.2, 0.3 }, { 0.2, 0.3, 0.5 } });
        var p = ActivationConstraints.ProjectRowsOntoSimplex(v).data<double>().ToArray();
        double[] expected = [1.0 / 3, 1.0 / 3, 1.0 / 3, 1, 0, 0, 0, 0.45, 0.55, 0.2, 0.3, 0.5];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], p[i], 12);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void TheLoopAndTheComposedProjectionAgree(int k)
    {
        random.manual_seed(k);
        using var v = randn(200, k, float64) * 2;
        using (no_grad()) v[0] = tensor(Enumerable.Repeat(0.3, k).ToArray(), float64);   // ties
        using var composed = ActivationConstraints.ProjectRowsOntoSimplexComposed(v);
        using var loop = ActivationConstraints.ProjectRowsOntoSimplex(v);
        Assert.True(loop.allclose(composed, 1e-12, 1e-12), $"differ by {(loop - composed).abs().max().item<double>()}");
        using var inPlace = v.to(float32);
        ActivationConstraints.ProjectRowsOntoSimplexInPlace(inPlace);
        Assert.True(inPlace.to(float64).allclose(composed, 1e-6, 1e-6));
    }

    [Fact]
    public void ProjectingInPlaceInvalidatesAGraphThatSavedTheWeights()
    {
        // The loop writes through the tensor's memory; autograd must still see the change.
        using var w = full(new long[] { 2, 2 }, 0.5, requires_grad: true);
        using var x = ones(2, 2, requires_grad: true);
        var y = (w * x).sum();                       // saves w for x's gradient
        ActivationConstraints.ProjectRowsOntoSimplexInPlace(w);
        Assert.ThrowsAny<Exception>(() => y.backward());
    }

    [Fact]
    public void ARowWithNanProjectsToNanInsteadOfFailing()
    {
        // A diverging run can put NaN into alpha; the projection must leave that to the trainer's divergence check.
        using var v = tensor(new double[,] { { double.NaN, double.NaN }, { 2, 0 } });
        var p = ActivationConstraints.ProjectRowsOntoSimplex(v).data<double>().ToArray();
        Assert.True(double.IsNaN(p[0]) && double.IsNaN(p[1]));
        Assert.Equal([1.0, 0.0], p[2..]);
    }

    [Theory]
    [InlineData("psigramp(beta=0)", "beta", "> 0")]
    [InlineData("psigramp(alpha=1.5)", "alpha", "<= 1")]
    [InlineData("pe3relu(a=0.8, b=0.5)", "b", "simplex")]
    [InlineData("pe2id(constraint=clip)", "constraint", "project|reparam")]
    public void BadSpecsNameFamilyAndParameter(string spec, string parameter, string expected)
    {
        ActivationAssert.RejectsSpec(spec, parameter, expected);
    }
}

public class RegularizerTests
{
    // Two layers of P-Sig-Ramp (project), per neuron: layer 0 with 2 neurons, layer 1 with 1 neuron.
    private static (PSigRamp A, PSigRamp B) Layers()
    {
        var a = (PSigRamp)Activations.Create("psigramp(per=neuron)", features: 2);
        var b = (PSigRamp)Activations.Create("psigramp(per=neuron)", features: 1);
        using (no_grad())
        {
            a.MixingWeights().copy_(tensor(new float[,] { { 0.9f, 0.1f }, { 0.3f, 0.7f } }));
            b.MixingWeights().copy_(tensor(new float[,] { { 0.99f, 0.01f } }));
        }
        return (a, b);
    }

    [Fact]
    public void TowardsMeanEqualsItsFormula()
    {
        var (a, b) = Layers();
        // Layer 0 mean per k: (0.6, 0.4); deviations +-0.3 on both k for both neurons: sum = 4 * 0.09 = 0.36, / m = 2.
        // Layer 1 has one neuron: no deviation. delta1 = 0.5, lambda = (2, 1): 0.5 * (2 / 2) * 0.36 = 0.18.
        var penalty = new ActivationRegularizer(Mean: 0.5, LayerWeights: [2, 1]).Penalty([a, b]);
        Assert.Equal(0.18, penalty.item<float>(), 5);
    }

    [Fact]
    public void TowardsDefaultEqualsItsFormula()
    {
        var (a, b) = Layers();
        // Default mix (1, 0); n = 3 neurons. Squares: (0.01+0.01) + (0.49+0.49) + (0.0001+0.0001) = 1.0002.
        var penalty = new ActivationRegularizer(Default: 0.3).Penalty([a, b]);
        Assert.Equal(0.3 / 3 * 1.0002, penalty.item<float>(), 5);
    }

    [Fact]
    public void BoundaryEqualsItsFormula()
    {
        var (a, b) = Layers();
        // Delta = 0.05: only 0.99 exceeds 0.95, by 0.04. 0.2 / 3 * 0.0016.
        var penalty = new ActivationRegularizer(Boundary: 0.2, Margin: 0.05).Penalty([a, b]);
        Assert.Equal(0.2 / 3 * 0.0016, penalty.item<float>(), 7);
    }

    [Theory]
    [InlineData("mean")]
    [InlineData("default")]
    [InlineData("boundary")]
    public void ItsGradientPullsTheRightWay(string which)
    {
        var (a, b) = Layers();
        var regularizer = which switch
        {
            "mean" => new ActivationRegularizer(Mean: 1),
            "default" => new ActivationRegularizer(Default: 1),
            _ => new ActivationRegularizer(Boundary: 10),
        };
        var before = regularizer.Penalty([a, b]).item<float>();
        var optimizer = optim.SGD(a.parameters().Concat(b.parameters()), 0.1);
        regularizer.Penalty([a, b]).backward();
        optimizer.step();
        var after = regularizer.Penalty([a, b]).item<float>();
        Assert.True(after < before, $"{which}: {before} -> {after}");
        var alpha0 = a.MixingWeights()[1, 0].item<float>();
        var alphaB = b.MixingWeights()[0, 0].item<float>();
        switch (which)
        {
            case "mean": Assert.True(alpha0 > 0.3f); break;           // towards the layer mean 0.6
            case "default": Assert.True(alpha0 > 0.3f); break;        // towards the default 1
            default: Assert.True(alphaB < 0.99f); break;              // back inside 1 - Delta
        }
    }

    [Fact]
    public void ZeroCoefficientsCostNothingAndModelsWithoutMixesGiveZero()
    {
        var (a, _) = Layers();
        Assert.Equal(0f, new ActivationRegularizer().Penalty([a]).item<float>());
        using var model = nn.Sequential(nn.Linear(2, 2), Activations.Create("relu"));
        Assert.Equal(0f, new ActivationRegularizer(1, 1, 1).Penalty(model).item<float>());
    }
}
