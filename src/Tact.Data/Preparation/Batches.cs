using static TorchSharp.torch;

namespace Tact.Data.Preparation;

/// <summary>Mini-batches of a split by index_select on the whole tensors: no per-sample copies.</summary>
public static class Batches
{
    /// <summary>
    /// Yields batches of <paramref name="batchSize"/> samples (the last may be smaller unless
    /// <paramref name="dropLast"/>), in a fresh order from <paramref name="seed"/> or in file order when it is null.
    /// The caller owns (and should dispose) each batch's tensors.
    /// </summary>
    public static IEnumerable<Split> Of(Split split, int batchSize, long? seed = null, bool dropLast = false)
    {
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be >= 1");
        var n = split.Count;
        var order = seed is { } s ? Splitter.Permutation(n, s) : arange(n, dtype: int64);
        try
        {
            for (long start = 0; start < n; start += batchSize)
            {
                var length = Math.Min(batchSize, n - start);
                if (dropLast && length < batchSize) yield break;
                using var index = order.narrow(0, start, length);
                yield return new Split(split.X.index_select(0, index), split.Y.index_select(0, index));
            }
        }
        finally
        {
            order.Dispose();
        }
    }

    /// <summary>Number of batches <see cref="Of"/> yields.</summary>
    public static long Count(long samples, int batchSize, bool dropLast = false) =>
        dropLast ? samples / batchSize : (samples + batchSize - 1) / batchSize;
}
