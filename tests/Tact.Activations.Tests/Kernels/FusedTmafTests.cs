using Tact.Activations.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Activations.Tests.Kernels;

/// <summary>
/// The fused TMAF kernel against the composed reference, in float64, across granularities, grids and shapes.
/// </summary>
[Collection(FusedKernelSwitch.Name)]
public class FusedTmafTests
{
    public static TheoryData<string, long[]> Cases() => FusedRun.Cases(
        ["tmaf(per=neuron)", "tmaf(per=layer)", "tmaf(per=neuron, grid=-5:5:0.1)",
            "tmaf(per=neuron, points=[-2, -0.5, 0, 1.7, 3])", "tmaf(per=layer, points=[0])"],
        [[5, 1], [4, 3], [6, 17], [3, 1000], [2, 3, 4, 5], [2, 17, 3, 1], [1, 1000, 2, 2]]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void FusedEqualsReferenceInValuesAndEveryGradient(string spec, long[] shape)
    {
        random.manual_seed(3);
        using var module = Activations.Create(spec, (int)shape[1]);
        module.to(float64);
        using (no_grad())
            foreach (var p in module.parameters()) p.add_(randn_like(p));
        // Inputs spread over the grid and beyond, some exactly on breakpoints (they belong to the left interval).
        var x = randn(shape, float64) * 3;
        var breakpoints = ((Tmaf)module).Breakpoints;
        using (no_grad())
        {
            var flat = x.view(-1);
            for (long i = 0; i < flat.shape[0]; i += 7) flat[i] = breakpoints[(int)(i / 7 % breakpoints.Length)];
        }
        var grad = randn(shape, float64);

        var (y, gx, gt) = Run(module, x, grad, fused: true);
        var (yr, gxr, gtr) = Run(module, x, grad, fused: false);
        Assert.True(y.allclose(yr, 0, 1e-10), $"values differ by {(y - yr).abs().max().item<double>()}");
        Assert.True(gx.allclose(gxr, 0, 1e-10), $"input gradients differ by {(gx - gxr).abs().max().item<double>()}");
        Assert.True(gt.allclose(gtr, 0, 1e-10), $"table gradients differ by {(gt - gtr).abs().max().item<double>()}");
    }

    [Fact]
    public void InFloat32BreakpointsBelongToTheSameIntervalAsWithBucketize()
    {
        // Every input sits exactly on a float32 breakpoint of a step-0.1 grid, where a float64 comparison would differ.
        using var module = Activations.Create("tmaf(per=layer, grid=-5:5:0.1)");
        using (no_grad()) module.parameters().First().copy_(arange(102, float32).unsqueeze(0));
        using var x = tensor(((Tmaf)module).Breakpoints, float32).unsqueeze(0).repeat(3, 1);
        var (y, gx, gt) = Run(module, x, ones_like(x), fused: true);
        var (yr, gxr, gtr) = Run(module, x, ones_like(x), fused: false);
        Assert.True(y.allclose(yr, 0, 0), $"values differ by {(y - yr).abs().max().item<float>()}");
        Assert.True(gx.allclose(gxr, 0, 0));
        Assert.True(gt.allclose(gtr, 1e-6, 1e-5));
    }

    [Theory]
    [InlineData("tmaf(per=layer, grid=-5:5:0.1)")]
    [InlineData("tmaf(per=layer, grid=-2:3:0.25)")]
    [InlineData("tmaf(per=layer, grid=-1000:1000:1)")]
    public void InFloat32TheVectorisedIntervalsAgreeWithBucketizeNextToEveryBreakpoint(string spec)
    {
        // The vector path guesses the interval by one multiply and falls back to the exact test only near a
        // breakpoint: every breakpoint, the floats just below and above it, far values, infinities and NaN must land
        // where bucketize puts them. Values t_k = k make a wrong interval visible in y.
        using var module = Activations.Create(spec);
        var s = ((Tmaf)module).Breakpoints.Select(b => (float)b).ToArray();
        using (no_grad()) module.parameters().First().copy_(arange(s.Length + 1, float32).unsqueeze(0));
        var values = s.SelectMany(b => new[] { b, MathF.BitDecrement(b), MathF.BitIncrement(b), b + 1e-5f, b - 1e-5f })
            .Concat([1e30f, -1e30f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 0f, -0f])
            .Concat(Enumerable.Range(0, 4001).Select(i => s[0] - 1 + (s[^1] - s[0] + 2) * i / 4000f))
            .ToArray();
        int columns = 64, rows = (values.Length + columns - 1) / columns;
        var padded = values.Concat(Enumerable.Repeat(0.5f, rows * columns - values.Length)).ToArray();
        using var x = tensor(padded).view(rows, columns);
        var (y, gx, _) = Run(module, x, ones_like(x), fused: true);
        var (yr, gxr, _) = Run(module, x, ones_like(x), fused: false);
        var differs = (y - yr).abs().gt(0).logical_and(y.isnan().logical_not());
        Assert.True(y.allclose(yr, 0, 0, equal_nan: true),
            $"{differs.sum().item<long>()} values differ, " +
            $"first at x = {x.masked_select(differs).data<float>().FirstOrDefault()}");
        Assert.True(gx.allclose(gxr, 0, 0, equal_nan: true));
    }

    [Fact]
    public void TableGradientsAreBitwiseRepeatable()
    {
        using var module = Activations.Create("tmaf(per=neuron, grid=-5:5:0.1)", 256);
        using var x = randn(512, 256) * 3;
        using var grad = randn(512, 256);
        var first = Run(module, x, grad, fused: true).Table;
        var second = Run(module, x, grad, fused: true).Table;
        Assert.True(first.eq(second).all().item<bool>(),
            $"two backward passes gave table gradients that differ by {(first - second).abs().max().item<float>()} " +
            $"(sum {first.sum().item<float>()} vs {second.sum().item<float>()})");
    }

    [Fact]
    public void NanInputsGiveNanOutputsLikeTheReference()
    {
        using var module = Activations.Create("tmaf", 2);
        using var x = tensor(new[] { double.NaN, 1.0, -1.0, double.NaN }, float64).view(2, 2);
        module.to(float64);
        FusedKernels.Enabled = true;
        using var y = module.call(x);
        Assert.True(y[0, 0].isnan().item<bool>() && y[1, 1].isnan().item<bool>());
        Assert.Equal(1.0, y[0, 1].item<double>());
    }

    [Fact]
    public void NonContiguousAndFloat16InputsTakeTheReference()
    {
        using var x = randn(4, 6).t();
        Assert.False(FusedKernels.Applies(x));
        Assert.False(FusedKernels.Applies(randn(4, 6).to(float16)));
        Assert.True(FusedKernels.Applies(randn(4, 6)));
    }

    private static (Tensor Y, Tensor Input, Tensor Table) Run(ActivationModule module, Tensor x, Tensor grad,
        bool fused)
    {
        var outputs = FusedRun.Run(module, x, grad, fused);
        return (outputs[0], outputs[1], outputs[2]);
    }
}

/// <summary>Tests that flip <see cref="FusedKernels.Enabled"/> run alone, never beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FusedKernelSwitch
{
    /// <summary>The collection's name.</summary>
    public const string Name = "fused kernel switch";
}
