using static TorchSharp.torch;

namespace Tact.Activations.Tests;

public class InputMonitorTests
{
    [Fact]
    public void CountsOnlyFiniteValuesOutsideTheDesignedRange()
    {
        using var module = Activations.Create("tmaf(per=layer)");         // designed range [-5, 5]
        module.Monitor.Enabled = true;
        using var mixed = tensor(new[] { -7f, float.NegativeInfinity, 3f, 6f, float.NaN, 9f }).reshape(3, 2);
        module.call(mixed).Dispose();
        using var finite = tensor(new[] { -5.5f, 0f, 5f, 4f }).reshape(2, 2);
        module.call(finite).Dispose();
        var m = module.Monitor;
        Assert.Equal(10, m.Total);
        Assert.Equal(2, m.NonFinite);
        Assert.Equal(2, m.Below);   // -7 and -5.5; -inf is counted as non-finite only
        Assert.Equal(2, m.Above);   // 6 and 9
        Assert.Equal(-7, m.Min);
        Assert.Equal(9, m.Max);
    }
}
