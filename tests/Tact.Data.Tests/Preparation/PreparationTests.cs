using Tact.Data.Preparation;
using Tact.Data.Tests.Support;
using static TorchSharp.torch;

namespace Tact.Data.Tests.Preparation;

public class PreparationTests
{
    private static Split Numbered(int n) =>
        new(arange(n, dtype: float32).reshape(n, 1).repeat(1, 2), arange(n, dtype: int64));

    [Fact]
    public void Split_is_deterministic_disjoint_and_complete()
    {
        var all = Numbered(100);
        var a = Splitter.Split(all, 0.2, 0.1, seed: 7);
        var b = Splitter.Split(all, 0.2, 0.1, seed: 7);
        var c = Splitter.Split(all, 0.2, 0.1, seed: 8);
        Assert.Equal(70, a.Train.Count);
        Assert.Equal(20, a.Validation.Count);
        Assert.Equal(10, a.Test.Count);
        Assert.Equal(a.Train.Y.data<long>().ToArray(), b.Train.Y.data<long>().ToArray());
        Assert.NotEqual(a.Train.Y.data<long>().ToArray(), c.Train.Y.data<long>().ToArray());
        var ids = a.Train.Y.data<long>().Concat(a.Validation.Y.data<long>()).Concat(a.Test.Y.data<long>())
            .Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), ids);
        // Inputs travel with their labels.
        Assert.Equal(a.Test.Y.to(float32).data<float>().ToArray(), a.Test.X.select(1, 1).data<float>().ToArray());
    }

    [Fact]
    public void Bad_fractions_are_rejected()
    {
        var all = Numbered(10);
        Assert.Throws<ArgumentOutOfRangeException>(() => Splitter.Split(all, 0.5, 0.5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Splitter.Split(all, -0.1, 0, 1));
    }

    [Fact]
    public void Hold_out_moves_a_fraction_to_validation()
    {
        var (train, validation) = Splitter.HoldOut(Numbered(50), 0.1, 3);
        Assert.Equal(45, train.Count);
        Assert.Equal(5, validation.Count);
    }

    [Fact]
    public void Standardizer_uses_training_statistics_only()
    {
        using var train = tensor(new float[] { 1, 10, 3, 10, 5, 10 }, [3, 2]);
        using var test = tensor(new float[] { 3, 20, 7, 10 }, [2, 2]);
        using var s = Standardizer.Fit(train);
        using var zt = s.Apply(train);
        using var z = s.Apply(test);
        // mean 3, population std sqrt(8/3) for column 0; column 1 is constant -> std 1, value 10 maps to 0.
        var sd = (float)Math.Sqrt(8.0 / 3.0);
        Assert.Equal(new[] { 0f, 10f, 4f / sd, 0f }, z.data<float>().ToArray(), new FloatTolerance(1e-6f));
        Assert.True(zt.mean([0L]).abs().max().item<float>() < 1e-6);
        using var back = s.Invert(z);
        Assert.True(back.allclose(test, atol: 1e-5));
    }

    [Fact]
    public void Standardizer_over_time_pools_samples_and_steps()
    {
        using var windows = arange(24, dtype: float32).reshape(2, 3, 4);
        using var s = Standardizer.FitOver(windows, 0, 1);
        Assert.Equal([1L, 1, 4], s.Mean.shape);
        using var z = s.Apply(windows);
        Assert.True(z.mean([0L, 1L]).abs().max().item<float>() < 1e-5);
        Assert.True(z.std([0L, 1L], unbiased: false).sub(1).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void Fit_and_apply_standardises_all_three_parts_with_train_statistics()
    {
        var parts = Splitter.Split(Numbered(40), 0.25, 0.25, 11);
        var (scaled, fitted) = Standardizer.FitAndApply(parts);
        using (fitted)
        {
            using var expected = parts.Test.X.sub(fitted.Mean).div(fitted.Std);
            Assert.True(scaled.Test.X.allclose(expected));
            Assert.Equal(parts.Validation.Y.data<long>().ToArray(), scaled.Validation.Y.data<long>().ToArray());
        }
    }

    [Fact]
    public void Batches_cover_every_sample_once_in_seeded_order()
    {
        var all = Numbered(10);
        var batches = Batches.Of(all, 4, seed: 9).ToList();
        Assert.Equal([4L, 4, 2], batches.Select(b => b.Count));
        Assert.Equal(3, Batches.Count(10, 4));
        var seen = batches.SelectMany(b => b.Y.data<long>().ToArray()).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 10).Select(i => (long)i), seen);
        var again = Batches.Of(all, 4, seed: 9).SelectMany(b => b.Y.data<long>().ToArray()).ToArray();
        Assert.Equal(seen, again);
        foreach (var b in batches)
            Assert.Equal(b.Y.to(float32).data<float>().ToArray(), b.X.select(1, 0).data<float>().ToArray());
    }

    [Fact]
    public void Batches_in_order_and_drop_last()
    {
        var all = Numbered(10);
        var batches = Batches.Of(all, 4, dropLast: true).ToList();
        Assert.Equal(2, batches.Count);
        Assert.Equal(2, Batches.Count(10, 4, dropLast: true));
        Assert.Equal(new long[] { 4, 5, 6, 7 }, batches[1].Y.data<long>().ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Batches.Of(all, 0).ToList());
    }
}
