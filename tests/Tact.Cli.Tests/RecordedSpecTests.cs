using System.Text.Json;

namespace Tact.Cli.Tests;

/// <summary>
/// A run records the canonical spec of each activation; training again from it reproduces the run. Alone in its
/// collection: libtorch's generator is process-wide, so training beside other tests would interleave their draws.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public class RecordedSpecTests
{
    private static readonly string[] Quick =
        ["--task", "sine", "--dims", "2", "--hidden", "6,5", "--train-size", "300", "--test-size", "100",
         "--epochs", "2", "--seed", "7"];

    [Theory]
    [InlineData("tmaf(init=leaky, slope=0.2, grid=-2:2:0.5, per=neuron); vnn(degree=4, basis=chebyshev, per=neuron)",
        "tmaf(grid=-2:2:0.5, init=leaky, slope=0.2); vnn(per=neuron, basis=chebyshev, degree=4)")]
    [InlineData("wsgaf(std=large, gate=sigmoid, init=all); pe3relu(b=0.25, per=neuron, constraint=project)",
        "wsgaf(gate=sigmoid, std=large); pe3relu(per=neuron, b=0.25)")]
    public void TrainingFromTheRecordedSpecsGivesTheSameFinalMetrics(string specs, string canonical)
    {
        var (first, firstSpecs) = Train(specs);
        Assert.Equal(canonical, string.Join("; ", firstSpecs));
        var (second, secondSpecs) = Train(string.Join("; ", firstSpecs));
        Assert.Equal(firstSpecs, secondSpecs);
        // Equal up to the last bits: an earlier test in this process may have changed libtorch's thread count, which
        // changes the order of its float sums.
        Assert.Equal(first.Keys, second.Keys);
        foreach (var (metric, value) in first)
            Assert.True(Math.Abs(value - second[metric]) <= 1e-6 * Math.Abs(value),
                $"{metric}: {value} vs {second[metric]}");
    }

    private static (Dictionary<string, double> Final, List<string> Specs) Train(string specs)
    {
        var dir = CliRunner.TempDir();
        var (code, _, err) = CliRunner.Run(["train", "--activation", specs, "--out", dir, .. Quick]);
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")));
        var root = json.RootElement;
        var final = root.GetProperty("final").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        var recorded = root.GetProperty("activations").EnumerateArray().Select(a => a.GetProperty("spec").GetString()!)
            .ToList();
        return (final, recorded);
    }
}
