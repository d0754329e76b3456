using System.Text.Json;

namespace Tact.Cli.Tests;

public class BenchCommandTests
{
    [Fact]
    public void JsonHoldsARatioForEveryActivationAndModel()
    {
        var (code, output, err) = CliRunner.Run("bench", "--shape", "16x8", "--repeats", "1", "--batch", "4", "--json",
            "--activation", "tmaf(per=neuron)", "--activation", "wsgaf(per=neuron)");
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(output);
        var kernels = json.RootElement.GetProperty("kernels").EnumerateArray().ToList();
        Assert.Equal(["tmaf(per=neuron)", "wsgaf(per=neuron)"], kernels.Select(k => k.GetProperty("spec").GetString()));
        Assert.All(kernels, k => Assert.True(k.GetProperty("ratioToRelu").GetDouble() > 0));
        var steps = json.RootElement.GetProperty("trainingSteps").EnumerateArray().ToList();
        Assert.Equal(4, steps.Count); // mlp and cnn-t2, each with both activations
        Assert.Equal(["mlp", "mlp", "cnn-t2", "cnn-t2"], steps.Select(s => s.GetProperty("model").GetString()));
        // The forward graph's memory is measured beside the time (from glibc's counters, so on Linux).
        if (OperatingSystem.IsLinux())
            Assert.All(steps, s => Assert.True(s.GetProperty("activationGraphMb").GetDouble() > 0));
    }

    [Fact]
    public void FusedColumnComesFromTheModuleItself()
    {
        var (code, output, err) = CliRunner.Run("bench", "--shape", "16x8", "--repeats", "1", "--json",
            "--kernels-only", "--activation", "vnn(basis=functions, fns=[gelu])",
            "--activation", "vnn(basis=functions, fns=[relu, tanh])",
            "--activation", "tmaf(breakpoints=trainable)", "--activation", "tmaf");
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(output);
        var fused = json.RootElement.GetProperty("kernels").EnumerateArray()
            .Select(k => k.GetProperty("fused").GetBoolean());
        Assert.Equal([false, true, false, true], fused);
    }

    [Theory]
    [InlineData("--shape expects positive whole numbers", "--shape", "16xa")]
    [InlineData("--shape needs rank >= 2", "--shape", "16")]
    [InlineData("--repeats must be >= 1", "--repeats", "0")]
    [InlineData("tmaff: unknown activation", "--activation", "tmaff")]
    public void BadOptionsAreExitCode2(string message, string option, string value)
    {
        var (code, _, err) = CliRunner.Run("bench", option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }
}
