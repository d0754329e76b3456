using static TorchSharp.torch;

namespace Tact.Activations.Tests;

public class TorchLoadsTests
{
    [Fact]
    public void LibtorchLoadsAndRunsABackwardPass()
    {
        // Fails with a native-load error if the build did not make libLibTorchSharp.so loadable here.
        using var x = tensor(new[] { 1.0, -2.0, 3.0 }, float64, requires_grad: true);
        using var y = (x * x).sum();
        y.backward();
        Assert.Equal(new[] { 2.0, -4.0, 6.0 }, x.grad!.data<double>().ToArray());
    }
}
