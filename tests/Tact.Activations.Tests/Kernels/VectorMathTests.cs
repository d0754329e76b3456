using System.Numerics;
using Tact.Activations.Kernels;

namespace Tact.Activations.Tests.Kernels;

/// <summary>
/// The kernels' own float32 sin/cos against double-precision Math, over the range activations see and beyond, with
/// the special values; the float64 path to near machine precision; and the span form with its scalar tail.
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
    public void SpanFormCoversTheTailElementByElement()
    {
        float[] x = [.. Enumerable.Range(0, 2 * Vector<float>.Count + 3).Select(i => 0.37f * i - 2)];
        var (sin, cos) = (new float[x.Length], new float[x.Length]);
        VectorMath.SinCos<float>(x, sin, cos);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(Math.Sin(x[i]), sin[i], 4e-7);
            Assert.Equal(Math.Cos(x[i]), cos[i], 4e-7);
        }
    }
}
