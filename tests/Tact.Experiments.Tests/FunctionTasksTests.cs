using Tact.Data.Synthetic;

namespace Tact.Experiments.Tests;

public class FunctionTasksTests
{
    [Fact]
    public void SineTargetsFollowTheFormulaOnTheBox()
    {
        using var data = FunctionTasks.Sine(3, seed: 5, trainCount: 500, testCount: 100);
        var x = data.Train.X.data<float>().ToArray();
        var y = data.Train.Y.data<float>().ToArray();
        Assert.Equal([500L, 3L], data.Train.X.shape);
        Assert.Equal([500L, 1L], data.Train.Y.shape);
        Assert.All(x, v => Assert.InRange(v, -2f, 2f));
        for (int i = 0; i < 500; i++)
            Assert.Equal(Math.Sin(Math.PI * ((double)x[3 * i] + x[3 * i + 1] + x[3 * i + 2])), y[i], 1e-5);
    }

    [Fact]
    public void OscillatoryTargetsFollowTheFormula()
    {
        using var data = FunctionTasks.Oscillatory(seed: 1, trainCount: 300, testCount: 10);
        var x = data.Train.X.data<float>().ToArray();
        var y = data.Train.Y.data<float>().ToArray();
        Assert.All(x, v => Assert.InRange(v, -1f, 1f));
        for (int i = 0; i < 300; i++)
        {
            double v = x[i];
            // Targets come from float64 inputs; the stored float32 input differs by < 6e-8, times slope <= 320+.
            Assert.Equal(Math.Sin(100 * Math.PI * v) + Math.Cos(50 * Math.PI * v) + Math.Sin(Math.PI * v), y[i], 1e-4);
        }
    }

    [Fact]
    public void SameSeedSameData_DifferentSeedDifferentData_TestSplitIndependent()
    {
        using var a = FunctionTasks.Sine(2, 7, 100, 50);
        using var b = FunctionTasks.Sine(2, 7, 100, 50);
        using var c = FunctionTasks.Sine(2, 8, 100, 50);
        Assert.True(a.Train.X.allclose(b.Train.X, 0, 0));
        Assert.True(a.Test.Y.allclose(b.Test.Y, 0, 0));
        Assert.False(a.Train.X.allclose(c.Train.X));
        Assert.False(a.Train.X.narrow(0, 0, 50).allclose(a.Test.X));
    }

    [Fact]
    public void RejectsBadDimensionsAndCounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FunctionTasks.Sine(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FunctionTasks.Oscillatory(1, trainCount: 0));
    }
}
