using System.Numerics;
using Tact.Activations.Kernels;

namespace Tact.Activations.Tests.Kernels;

/// <summary>
/// The kernels' own float32 sin/cos, exp(-a) and 1 - exp(-a) against double-precision Math, over the range activations
/// see and beyond, with the special values; the float64 paths to near machine precision.
/// </summary>
public class VectorMathTests
{
    private static readonly float[] Inputs = Sweep();

    private static float[] Sweep()
    {
        var values = new List<float>();
        for (double x = -200; x <= 200; x += 0.0137) values.Add((float)x);
        foreach (double x in new[] { 0.0, 1e-30, 1e-8, 1e-4, 0.3, 0.78, 0.79, 4e3, 8191, 8193, 1e5, 1e7 })
        {
            values.Add((float)x);
            values.Add((float)-x);
        }
        return [.. values];
    }

    /// <summary>Applies a vector function to every input, a vector at a time.</summary>
    private static (float[] A, float[] B) Map(float[] inputs, Func<Vector<float>, (Vector<float>, Vector<float>)> f)
    {
        int width = Vector<float>.Count, n = (inputs.Length + width - 1) / width * width;
        var padded = new float[n];
        inputs.CopyTo(padded, 0);
        var (a, b) = (new float[n], new float[n]);
        for (int i = 0; i < n; i += width)
        {
            var (va, vb) = f(new Vector<float>(padded, i));
            va.CopyTo(a, i);
            vb.CopyTo(b, i);
        }
        return (a[..inputs.Length], b[..inputs.Length]);
    }

    [Fact]
    public void SinCosAgreeWithMathToFloatPrecision()
    {
        var (sin, cos) = Map(Inputs, v => VectorMath.SinCos(v));
        for (int i = 0; i < Inputs.Length; i++)
        {
            double x = Inputs[i];
            // The reduction is exact for |x| < 8192; the error there is that of the polynomials (a few ulp of 1).
            double tolerance = Math.Abs(x) < 8192 ? 4e-7 : 1e-6;
            Assert.True(Math.Abs(sin[i] - Math.Sin(x)) <= tolerance, $"sin({x}) = {sin[i]}, Math: {Math.Sin(x)}");
            Assert.True(Math.Abs(cos[i] - Math.Cos(x)) <= tolerance, $"cos({x}) = {cos[i]}, Math: {Math.Cos(x)}");
        }
    }

    [Fact]
    public void SpecialValuesPassThroughAsMathHasThem()
    {
        float[] special = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 1f, 2f, 3f];
        var (sin, cos) = Map(special, v => VectorMath.SinCos(v));
        Assert.True(float.IsNaN(sin[0]) && float.IsNaN(cos[0]), "NaN must stay NaN");
        Assert.True(float.IsNaN(sin[1]) && float.IsNaN(cos[2]), "sin and cos of infinity are NaN");
        Assert.True(float.IsNegative(sin[4]) && sin[4] == 0 && cos[4] == 1, "sin(-0) = -0, cos(-0) = 1");
    }

    [Fact]
    public void DoublePathIsAccurateToNearMachinePrecision()
    {
        var x = new Vector<double>(Enumerable.Range(0, Vector<double>.Count).Select(i => -3.7 + 2.9 * i).ToArray());
        var (sin, cos) = VectorMath.SinCos(x);
        for (int i = 0; i < Vector<double>.Count; i++)
        {
            Assert.Equal(Math.Sin(x[i]), sin[i], 1e-15);
            Assert.Equal(Math.Cos(x[i]), cos[i], 1e-15);
        }
    }

    [Fact]
    public void SmallAngleFormAgreesWithTheGeneralOne()
    {
        float[] x = [.. Inputs.Where(v => Math.Abs(v) < VectorMath.SmallAngle)];
        var (sin, cos) = Map(x, v => VectorMath.SinCos(v));
        var (smallSin, smallCos) = Map(x, v => VectorMath.SinCosOfSmall(v));
        Assert.Equal(sin, smallSin);
        Assert.Equal(cos, smallCos);
    }

    [Fact]
    public void ExpDecayAgreesWithMathToAFewUlp()
    {
        // e = exp(-a) and d = 1 - exp(-a); d computed as a subtraction would lose all relative precision for small a
        // (6% at a = 1e-6).
        float[] a = [.. Inputs.Select(Math.Abs), 1e-30f, 1e-12f, 1e-6f, 1e-3f, 0.3465f, 0.3466f, 0.4999f, 0.5f, 0.5001f,
            39.99f, 40.01f];
        var (e, d) = Map(a, v => VectorMath.ExpDecay(v));
        for (int i = 0; i < a.Length; i++)
        {
            bool flushed = a[i] > VectorMath.FlushAbove;
            double expectedE = flushed ? 0 : Math.Exp(-(double)a[i]),
                expectedD = flushed ? 1 : OneMinusExpExactly(a[i]);
            Assert.True(Math.Abs(e[i] - expectedE) <= 2.5e-7 * expectedE, $"exp(-{a[i]}) = {e[i]}, Math: {expectedE}");
            Assert.True(Math.Abs(d[i] - expectedD) <= 2.5e-7 * expectedD,
                $"1 - exp(-{a[i]}) = {d[i]}, exact: {expectedD}");
        }
        var (se, sd) = Map([float.NaN, float.PositiveInfinity, 0f], v => VectorMath.ExpDecay(v));
        Assert.True(float.IsNaN(se[0]) && float.IsNaN(sd[0]), "NaN must stay NaN");
        Assert.True(se[1] == 0 && sd[1] == 1 && se[2] == 1 && sd[2] == 0, "exp(-inf) = 0, exp(0) = 1");
    }

    [Fact]
    public void ExpDecayDoublePathKeepsRelativePrecisionNearZero()
    {
        double[] small = [1e-300, 1e-9, 0.0099, 0.01, 0.0101, 0.3, 5, 800];
        for (int i = 0; i < small.Length; i++)
        {
            var (e, d) = VectorMath.ExpDecay(new Vector<double>(small[i]));
            double expected = OneMinusExpExactly(small[i]);
            Assert.True(Math.Abs(d[0] - expected) <= 2e-14 * expected,
                $"1 - exp(-{small[i]}) = {d[0]}, exact: {expected}");
            Assert.Equal(Math.Exp(-small[i]), e[0], 1e-15);
        }
    }

    // 1 - exp(-a) to better than double precision (.NET's ExpM1 is exp(x) - 1, which cancels): the series in decimal,
    // 28 digits; below 1e-10, a - a^2/2, whose next term is below double's rounding; above 20, where the series would
    // overflow a decimal, the subtraction, which no longer cancels.
    private static double OneMinusExpExactly(double a)
    {
        if (a < 1e-10) return a - a * a / 2;
        if (a > 20) return 1 - Math.Exp(-a);
        decimal x = (decimal)a, term = 1, sum = 0;
        for (int k = 1; k < 80 && term != 0; k++)
        {
            term *= -x / k;
            sum -= term;
        }
        return (double)sum;
    }
}
