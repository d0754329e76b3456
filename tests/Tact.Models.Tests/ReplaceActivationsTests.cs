using Tact.Activations;
using static TorchSharp.torch;
using Conversion = Tact.Activations.Activations;

namespace Tact.Models.Tests;

/// <summary>Converting the zoo's models, built with fixed ReLUs, to a per-neuron tact activation.</summary>
public class ReplaceActivationsTests
{
    [Fact]
    public void TheTable2CnnGetsOnePReLUSlopePerChannel()
    {
        manual_seed(5);
        using var model = ModelCatalog.Create("cnn-t2", new([1, 28, 28], 10, [], ["relu"]));
        using var x = randn(2, 1, 28, 28);
        var created = Conversion.Replace(model, "prelu(per=neuron)", sample: x);

        Assert.Equal(["act1", "act2"], created.Select(c => c.Path));
        Assert.Equal([32, 64], created.Select(c => c.Module.Sets));
        Assert.DoesNotContain(model.modules(), m => m is FixedActivation);
        Assert.Equal(832 + 51264 + 31370 + 32 + 64, model.parameters().Sum(p => p.numel()));
        using var y = model.call(x);
        Assert.Equal([2L, 10], y.shape);
    }

    [Fact]
    public void TheTable2CnnNeedsASampleForPerNeuronSpecsOnly()
    {
        using var model = ModelCatalog.Create("cnn-t2", new([1, 28, 28], 10, [], ["relu"]));
        var e = Assert.Throws<ArgumentException>(() => Conversion.Replace(model, "prelu(per=neuron)"));
        Assert.Contains("'act1': its feature count cannot be inferred without a sample", e.Message);
        Assert.Contains("'act2': its feature count cannot be inferred without a sample", e.Message);

        var created = Conversion.Replace(model, "swish");
        Assert.Equal(["act1", "act2"], created.Select(c => c.Path));
    }

    [Fact]
    public void EverySeventeenActivationsOfResNet18AreReplacedWithTheirChannelCounts()
    {
        manual_seed(6);
        const int width = 8; // the standard 64 gives the same structure; 8 keeps the test fast
        using var model = new ResNet18([3, 32, 32], 10, ["relu"], width);
        using var x = randn(2, 3, 32, 32);
        var created = Conversion.Replace(model, "prelu(per=neuron)", sample: x);

        var expected = new List<(string, int)> { ("stemAct", width) };
        int[] multipliers = [1, 1, 2, 2, 4, 4, 8, 8];
        for (var block = 0; block < 8; block++)
        {
            expected.Add(($"blocks.{block}.act1", width * multipliers[block]));
            expected.Add(($"blocks.{block}.act2", width * multipliers[block]));
        }
        Assert.Equal(expected.Order(), created.Select(c => (c.Path, c.Module.Sets)).Order());
        Assert.DoesNotContain(model.modules(), m => m is FixedActivation);
        var keys = model.state_dict().Keys;
        Assert.All(expected, e => Assert.Contains($"{e.Item1}.slope", keys));

        var reached = new HashSet<string>();
        foreach (var (path, module) in created) module.register_forward_hook(_ => reached.Add(path));
        using var y = model.call(x);
        Assert.Equal([2L, 10], y.shape);
        Assert.Equal(17, reached.Count);
    }
}
