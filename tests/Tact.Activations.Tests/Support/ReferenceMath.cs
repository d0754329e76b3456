namespace Tact.Activations.Tests.Support;

/// <summary>Reference implementations of special functions, independent of TorchSharp.</summary>
public static class ReferenceMath
{
    /// <summary>erf to about 1e-15: Maclaurin series below 2, continued fraction of erfc above.</summary>
    public static double Erf(double x)
    {
        double ax = Math.Abs(x);
        double result;
        if (ax < 2)
        {
            double sum = 0, term = ax;
            for (int n = 0; n < 100 && Math.Abs(term) > 1e-20; n++)
            {
                sum += term / (2 * n + 1);
                term *= -ax * ax / (n + 1);
            }
            result = 2 / Math.Sqrt(Math.PI) * sum;
        }
        else
        {
            // erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated from the tail.
            double fraction = ax;
            for (int k = 120; k >= 1; k--) fraction = ax + k / 2.0 / fraction;
            result = 1 - Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / fraction;
        }
        return x < 0 ? -result : result;
    }
}
