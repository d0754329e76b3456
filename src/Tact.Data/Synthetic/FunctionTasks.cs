using static TorchSharp.torch;

namespace Tact.Data.Synthetic;

/// <summary>
/// The function-approximation problems of the TMAF paper (Liu et al., section 3.1), sampled uniformly at
/// random from a seed: training and test points are independent draws from the same box.
/// </summary>
public static class FunctionTasks
{
    /// <summary>Training points used by the paper.</summary>
    public const int PaperTrainCount = 20_000;

    /// <summary>Test points we draw (the paper does not say how it tests; see docs/results.md).</summary>
    public const int DefaultTestCount = 5_000;

    /// <summary><c>sin(pi * (x1 + ... + xn))</c> on [-2, 2]^n.</summary>
    public static Dataset Sine(int dims, long seed, int trainCount = PaperTrainCount, int testCount = DefaultTestCount)
    {
        if (dims < 1) throw new ArgumentOutOfRangeException(nameof(dims), dims, "sine: dims must be >= 1");
        return Sample($"sine(n={dims})", dims, -2, 2, x => x.sum(1L, keepdim: true).mul(Math.PI).sin(), seed,
            trainCount, testCount);
    }

    /// <summary><c>sin(100 pi x) + cos(50 pi x) + sin(pi x)</c> on [-1, 1].</summary>
    public static Dataset Oscillatory(long seed, int trainCount = PaperTrainCount, int testCount = DefaultTestCount) =>
        Sample("oscillatory", 1, -1, 1,
            x => x.mul(100 * Math.PI).sin() + x.mul(50 * Math.PI).cos() + x.mul(Math.PI).sin(),
            seed, trainCount, testCount);

    private static Dataset Sample(string name, int dims, double low, double high, Func<Tensor, Tensor> target,
        long seed, int trainCount, int testCount)
    {
        if (trainCount < 1 || testCount < 1)
            throw new ArgumentOutOfRangeException(nameof(trainCount), "sample counts must be >= 1");
        using var generator = new Generator(unchecked((ulong)seed));
        Split Draw(int n)
        {
            // Targets are computed in float64 so the high-frequency terms are exact, then stored as float32.
            using var u = rand([n, dims], float64, generator: generator);
            using var x = u.mul(high - low).add(low);
            using var y = target(x);
            return new Split(x.to(float32), y.to(float32));
        }
        var train = Draw(trainCount);
        var test = Draw(testCount);
        return new Dataset(name, TaskKind.Regression, train, test, outputs: 1);
    }
}
