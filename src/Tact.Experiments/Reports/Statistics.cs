namespace Tact.Experiments.Reports;

/// <summary>The statistics the reports need: mean, sample deviation and Welch's one-sided t-test.</summary>
public static class Statistics
{
    /// <summary>Arithmetic mean (NaN for no values).</summary>
    public static double Mean(IReadOnlyList<double> x) => x.Count == 0 ? double.NaN : x.Average();

    /// <summary>Sample standard deviation (n - 1 in the denominator; NaN below two values).</summary>
    public static double Std(IReadOnlyList<double> x)
    {
        if (x.Count < 2) return double.NaN;
        double m = x.Average();
        return Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / (x.Count - 1));
    }

    /// <summary>
    /// Welch's t-test of H0 "<paramref name="cell"/> is not better than <paramref name="baseline"/>" against
    /// H1 "it is better" (smaller when <paramref name="lowerIsBetter"/>, larger otherwise). Returns the one-sided
    /// p-value, or null when either group has fewer than two values or both have zero variance.
    /// </summary>
    public static double? WelchOneSided(IReadOnlyList<double> cell, IReadOnlyList<double> baseline, bool lowerIsBetter)
    {
        if (cell.Count < 2 || baseline.Count < 2) return null;
        double v1 = Math.Pow(Std(cell), 2) / cell.Count, v2 = Math.Pow(Std(baseline), 2) / baseline.Count;
        if (v1 + v2 == 0) return null;
        double t = (Mean(cell) - Mean(baseline)) / Math.Sqrt(v1 + v2);
        double df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (cell.Count - 1) + v2 * v2 / (baseline.Count - 1));
        return lowerIsBetter ? StudentTCdf(t, df) : 1 - StudentTCdf(t, df);
    }

    /// <summary>
    /// P(T &lt;= t) for Student's t with <paramref name="df"/> (possibly fractional) degrees of freedom.
    /// </summary>
    public static double StudentTCdf(double t, double df)
    {
        // P(|T| > |t|) = I_x(df/2, 1/2) with x = df / (df + t^2).
        double tail = 0.5 * RegularizedIncompleteBeta(df / 2, 0.5, df / (df + t * t));
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>
    /// The regularised incomplete beta function I_x(a, b), by its continued fraction (modified Lentz).
    /// </summary>
    public static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        // The fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry I_x(a, b) = 1 - I_(1-x)(b, a)
        // otherwise.
        return x < (a + 1) / (a + b + 2)
            ? front * BetaFraction(a, b, x) / a
            : 1 - front * BetaFraction(b, a, 1 - x) / b;
    }

    private static double BetaFraction(double a, double b, double x)
    {
        const double tiny = 1e-300;
        double c = 1, d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.Abs(d) < tiny ? tiny : d);
        double h = d;
        for (int m = 1; m <= 500; m++)
        {
            // Even step, then odd step, of the continued fraction.
            double numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 + numerator * d; d = 1 / (Math.Abs(d) < tiny ? tiny : d);
            c = 1 + numerator / c; if (Math.Abs(c) < tiny) c = tiny;
            h *= d * c;
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 + numerator * d; d = 1 / (Math.Abs(d) < tiny ? tiny : d);
            c = 1 + numerator / c; if (Math.Abs(c) < tiny) c = tiny;
            double step = d * c;
            h *= step;
            if (Math.Abs(step - 1) < 1e-15) break;
        }
        return h;
    }

    /// <summary>ln Gamma(x) for x &gt; 0, by the Lanczos approximation (g = 7, 9 terms; about 15 digits).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        double[] p =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        double sum = p[0];
        for (int i = 1; i < p.Length; i++) sum += p[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
