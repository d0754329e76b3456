using Tact.Activations.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Activations.Tests.Kernels;

/// <summary>
/// The fused tri-diagonal TMAF kernel against the composed reference, in float64, across granularities and shapes.
/// </summary>
[Collection(FusedKernelSwitch.Name)]
public class FusedTriDiagonalTmafTests
{
    public static TheoryData<string, long[]> Cases() => FusedRun.Cases(
        ["tmaf3(per=neuron)", "tmaf3(per=layer)", "tmaf3(per=neuron, grid=-5:5:0.1)",
            "tmaf3(per=layer, points=[-2, -0.5, 0, 1.7, 3])"],
        [[5, 1], [5, 2], [4, 3], [6, 17], [3, 1000], [2, 3, 4, 5], [2, 17, 3, 1], [1, 1000, 2, 2], [100, 1100]]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void FusedEqualsReferenceInValuesAndEveryGradient(string spec, long[] shape)
    {
        random.manual_seed(5);
        using var module = Activations.Create(spec, (int)shape[1]);
        module.to(float64);
        using (no_grad())
            foreach (var p in module.parameters()) p.add_(randn_like(p));
        // Inputs spread over the grids and beyond, some exactly on a breakpoint of one of the three tables.
        var x = randn(shape, float64) * 3;
        var kinks = module.Kinks();
        using (no_grad())
        {
            var flat = x.view(-1);
            for (long i = 0; i < flat.shape[0]; i += 5) flat[i] = kinks[(int)(i / 5 % kinks.Count)];
        }
        var grad = randn(shape, float64);

        var fused = FusedRun.Run(module, x, grad, fused: true);
        var reference = FusedRun.Run(module, x, grad, fused: false);
        string[] names = ["values", "input gradients", "diagonal gradients", "lower gradients", "upper gradients"];
        Assert.Equal(names.Length, fused.Count);
        for (int i = 0; i < names.Length; i++)
            Assert.True(fused[i].allclose(reference[i], 0, 1e-10),
                $"{names[i]} differ by {(fused[i] - reference[i]).abs().max().item<double>()}");
    }

    public static TheoryData<string, long[]> Float32Cases() => FusedRun.Cases(
        ["tmaf3(per=neuron)", "tmaf3(per=layer, grid=-5:5:0.1)"], [[6, 17], [100, 1100], [2, 17, 3, 5], [3, 40, 4, 4]]);

    [Theory]
    [MemberData(nameof(Float32Cases))]
    public void Float32AgreesWithTheReference(string spec, long[] shape)
    {
        // float32 takes the vectorised intervals (runs of 8 and more); the table values are exact, so only the sums'
        // rounding differs.
        random.manual_seed(7);
        using var module = Activations.Create(spec, (int)shape[1]);
        using (no_grad())
            foreach (var p in module.parameters()) p.add_(randn_like(p));
        using var x = randn(shape) * 3;
        using var grad = randn(shape);
        var fused = FusedRun.Run(module, x, grad, fused: true);
        var reference = FusedRun.Run(module, x, grad, fused: false);
        for (int i = 0; i < fused.Count; i++)
            Assert.True(fused[i].allclose(reference[i], 1e-4, 1e-4),
                $"output {i} differs by {(fused[i] - reference[i]).abs().max().item<float>()}");
    }

    [Fact]
    public void TheOffDiagonalsReceiveGradientsAndCoupleNeighbours()
    {
        // A fused kernel that dropped a neighbour would still agree with an untrained module: off-diagonals start at 0.
        using var module = Activations.Create("tmaf3(points=[0])", 3);
        using (no_grad())
        {
            module.get_parameter("lower_values")!.fill_(2.0);
            module.get_parameter("upper_values")!.fill_(10.0);
        }
        using var x = tensor(new float[] { 1, 2, 3 }).view(1, 3);
        var outputs = FusedRun.Run(module, x, ones_like(x), fused: true);
        // y_0 = 1 + 10 * 2, y_1 = 2 + 2 * 1 + 10 * 3, y_2 = 3 + 2 * 2 (ReLU diagonal, positive inputs).
        Assert.Equal(new float[] { 21, 34, 7 }, outputs[0].data<float>().ToArray());
        // Lower row j collects g * x_j for j = 0, 1; upper row j collects g * x_(j+1); right-hand interval (x > 0).
        Assert.Equal(new float[] { 0, 1, 0, 2 }, outputs[3].data<float>().ToArray());
        Assert.Equal(new float[] { 0, 2, 0, 3 }, outputs[4].data<float>().ToArray());
    }

    [Fact]
    public void TableGradientsAreBitwiseRepeatable()
    {
        foreach (var spec in new[] { "tmaf3(per=neuron, grid=-5:5:0.1)", "tmaf3(per=layer)" })
        {
            using var module = Activations.Create(spec, 256);
            using var x = randn(512, 256) * 3;
            using var grad = randn(512, 256);
            var first = FusedRun.Run(module, x, grad, fused: true);
            var second = FusedRun.Run(module, x, grad, fused: true);
            for (int i = 2; i < first.Count; i++)
                Assert.True(first[i].eq(second[i]).all().item<bool>(),
                    $"{spec}: parameter {i - 2} differs between two runs");
        }
    }
}
