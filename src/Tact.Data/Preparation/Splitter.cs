using static TorchSharp.torch;

namespace Tact.Data.Preparation;

/// <summary>Deterministic random splits of whole tensors: one permutation from a seed, then index_select.</summary>
public static class Splitter
{
    /// <summary>
    /// Shuffles the samples with <paramref name="seed"/> and cuts them into train / validation / test parts of the
    /// given fractions (test gets the rest). Part sizes are rounded down, train gets what rounding leaves over.
    /// </summary>
    public static SplitParts Split(Split all, double validationFraction, double testFraction, long seed)
    {
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1)
            throw new ArgumentOutOfRangeException(nameof(validationFraction),
                $"validation {validationFraction} and test {testFraction} fractions must be >= 0 " +
                "and leave some training data");
        var n = all.Count;
        var validation = (long)Math.Floor(n * validationFraction);
        var test = (long)Math.Floor(n * testFraction);
        var train = n - validation - test;
        using var order = Permutation(n, seed);
        return new SplitParts(Take(all, order, 0, train), Take(all, order, train, validation),
            Take(all, order, train + validation, test));
    }

    /// <summary>Moves a fraction of a training split to a validation split, deterministically from a seed.</summary>
    public static (Split Train, Split Validation) HoldOut(Split train, double validationFraction, long seed)
    {
        var parts = Split(train, validationFraction, 0, seed);
        parts.Test.X.Dispose();
        parts.Test.Y.Dispose();
        return (parts.Train, parts.Validation);
    }

    /// <summary>A permutation of 0..n-1 that depends only on <paramref name="seed"/>.</summary>
    public static Tensor Permutation(long n, long seed)
    {
        using var generator = new Generator(unchecked((ulong)seed));
        return randperm(n, generator: generator);
    }

    private static Split Take(Split all, Tensor order, long start, long length)
    {
        using var index = order.narrow(0, start, length);
        return new Split(all.X.index_select(0, index), all.Y.index_select(0, index));
    }
}
