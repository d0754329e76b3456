using Tact.Experiments.Reports;

namespace Tact.Experiments.Tests.Reports;

public class StatisticsTests
{
    [Theory]
    // One-sided upper tails P(T > t) from Student's t tables (and scipy.stats.t.sf).
    [InlineData(2.0, 10, 0.036694)]
    [InlineData(1.0, 5, 0.181609)]
    [InlineData(2.228139, 10, 0.025)]
    [InlineData(1.812461, 10, 0.05)]
    [InlineData(12.706205, 1, 0.025)]
    [InlineData(0.0, 7, 0.5)]
    public void StudentTTailsMatchTables(double t, double df, double upperTail)
    {
        Assert.Equal(upperTail, 1 - Statistics.StudentTCdf(t, df), 5);
        Assert.Equal(upperTail, Statistics.StudentTCdf(-t, df), 5);
    }

    [Fact]
    public void LogGammaMatchesFactorials()
    {
        Assert.Equal(Math.Log(120), Statistics.LogGamma(6), 12);
        Assert.Equal(0.5 * Math.Log(Math.PI), Statistics.LogGamma(0.5), 12);
    }

    [Fact]
    public void WelchOneSidedFollowsTheDirectionOfBetter()
    {
        double[] good = [0.10, 0.12, 0.11, 0.09], bad = [0.30, 0.28, 0.33, 0.31];
        var lower = Statistics.WelchOneSided(good, bad, lowerIsBetter: true)!.Value;
        var higher = Statistics.WelchOneSided(good, bad, lowerIsBetter: false)!.Value;
        Assert.True(lower < 1e-4, $"p = {lower}");
        Assert.Equal(1, lower + higher, 12);
    }

    [Fact]
    public void WelchMatchesAHandComputation()
    {
        // a: mean 2, var 1 (n 3); b: mean 4, var 4 (n 3). se^2 = 1/3 + 4/3 = 5/3; t = -2 / sqrt(5/3) = -1.5492;
        // df = (5/3)^2 / ((1/3)^2/2 + (4/3)^2/2) = 2.7778 / 0.9444 = 2.9412.
        double[] a = [1, 2, 3], b = [2, 4, 6];
        double t = -2 / Math.Sqrt(5.0 / 3), df = 25.0 / 9 / (17.0 / 18);
        Assert.Equal(Statistics.StudentTCdf(t, df), Statistics.WelchOneSided(a, b, true)!.Value, 12);
        Assert.InRange(Statistics.WelchOneSided(a, b, true)!.Value, 0.10, 0.12);
    }

    [Fact]
    public void WelchNeedsTwoValuesAndSomeVariance()
    {
        Assert.Null(Statistics.WelchOneSided([1], [1, 2], true));
        Assert.Null(Statistics.WelchOneSided([1, 1], [2, 2], true));
    }
}
