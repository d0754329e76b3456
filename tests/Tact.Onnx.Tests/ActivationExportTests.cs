using Tact.Activations;
using Tact.Activations.Registry;
using Tact.Models;
using static TorchSharp.torch;

namespace Tact.Onnx.Tests;

/// <summary>Every activation family, per layer and per neuron, in an MLP: ONNX Runtime agrees with tact.</summary>
public class ActivationExportTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> EveryFamilyAndGranularity()
    {
        var data = new TheoryData<string>();
        foreach (var family in ActivationRegistry.Default.Families)
        {
            if (family.Parameters.Any(p => p.Name == "per"))
            {
                data.Add($"{family.Name}(per=layer)");
                data.Add($"{family.Name}(per=neuron)");
            }
            else data.Add(family.Name);
        }
        return data;
    }

    public static TheoryData<string> Variants() =>
    [
        "vnn(basis=fourier, terms=3, omega=0.7, per=neuron)",
        "vnn(basis=fourier, linear=false, constant=false)",
        "vnn(basis=poly, degree=4, squash=clamp, per=neuron)",
        "vnn(basis=chebyshev, degree=5)",
        "vnn(basis=legendre, degree=5, squash=clamp, per=neuron)",
        "vnn(basis=poly, degree=0)",
        "vnn(basis=gaussian, centers=5, low=-2, high=2, per=neuron)",
        "vnn(basis=gaussian, centers=1)",
        "vnn(basis=functions, fns=[relu, tanh, sigmoid, elu, gelu, silu, softplus, identity, sin, cos, gaussian])",
        "wsgaf(gate=sigmoid, per=neuron)",
        "wsgaf(components=[gelu, softplus, sin])",
        "tmaf(grid=-2:2:0.5, init=leaky)",
        "tmaf(points=[-1, 0.25, 3], per=layer)",
        "tmaf(breakpoints=trainable, per=neuron)",
        "tmaf(breakpoints=trainable, per=layer, temperature=0.3)",
        "tmaf3(grid=-3:3:1, per=layer)",
        "psigramp(constraint=reparam, per=neuron)",
        "pe3relu(constraint=reparam)",
        "leaky_relu(slope=0.2)",
        "elu(alpha=0.5)",
        "softplus(beta=3)",
        "swish(beta=0.5, trainable=false)",
    ];

    [Theory]
    [MemberData(nameof(EveryFamilyAndGranularity))]
    [MemberData(nameof(Variants))]
    public void MlpWithTheActivationRunsTheSameInOnnxRuntime(string spec)
    {
        manual_seed(3);
        var model = new Mlp(4, [6, 5], 3, [spec], outputSpec: spec);
        OnnxRun.Perturb(model);
        // Inputs wide enough to reach every piece of the piecewise functions, and a batch size other than the export's.
        using var input = randn(17, 4) * 3;
        Assert.InRange(OnnxRun.MaxDifference(model, [4], input), 0, Tolerance);
    }

    [Theory]
    [InlineData("tmaf(per=neuron)")]
    [InlineData("tmaf3(per=neuron)")]
    [InlineData("prelu(per=neuron)")]
    [InlineData("vnn(basis=gaussian, per=neuron)")]
    [InlineData("pe2relu(per=neuron)")]
    public void PerChannelParametersBroadcastOverImages(string spec)
    {
        manual_seed(4);
        var model = nn.Sequential(("conv", nn.Conv2d(2, 3, 3, padding: 1)),
            ("act", ActivationRegistry.Default.Create(spec, features: 3)));
        OnnxRun.Perturb(model);
        using var input = randn(5, 2, 6, 7) * 3;
        Assert.InRange(OnnxRun.MaxDifference(model, [2, 6, 7], input), 0, Tolerance);
    }

    [Theory]
    [InlineData("tmaf(per=neuron)")]
    [InlineData("tmaf(grid=-5:5:0.1, per=layer)")]
    [InlineData("tmaf3(per=neuron)")]
    [InlineData("tmaf3(grid=-1:1:0.25, per=layer)")]
    public void InputsExactlyAtBreakpointsFallIntoTheSameInterval(string spec)
    {
        manual_seed(5);
        var act = ActivationRegistry.Default.Create(spec, features: 4);
        var model = nn.Sequential(("act", act));
        using (no_grad())
        {
            // Values far apart, so that a neighbouring interval would show as a large difference.
            foreach (var p in model.parameters()) p.copy_(randn_like(p) * 10);
        }
        // Every breakpoint (of the off-diagonal grids too), as float32, in every feature, and just beside each.
        var points = act.Kinks().Select(k => (float)k).ToArray();
        var column = tensor(points);
        var besides = cat([column, column.nextafter(full_like(column, 100f)),
            column.nextafter(full_like(column, -100f))]);
        using var input = besides.unsqueeze(1).expand(-1, 4).contiguous();
        Assert.InRange(OnnxRun.MaxDifference(model, [4], input), 0, Tolerance);
    }
}
