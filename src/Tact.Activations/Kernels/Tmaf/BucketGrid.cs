namespace Tact.Activations.Kernels;

/// <summary>
/// Breakpoints s_0 &lt; ... &lt; s_(m-1) and whether they are evenly spaced. The interval of an input is
/// k = #{j : s_j &lt; x}: the value at a breakpoint belongs to the interval on its left, as <c>bucketize</c> has it.
/// </summary>
internal sealed class BucketGrid(double[] breakpoints)
{
    public double[] Breakpoints { get; } = breakpoints;

    public int Count => Breakpoints.Length;

    /// <summary>The step of an evenly spaced grid (to 1e-9 of a step), or 0.</summary>
    public double Step { get; } = UniformStep(breakpoints);

    private static double UniformStep(double[] s)
    {
        if (s.Length < 2) return 0;
        double step = (s[^1] - s[0]) / (s.Length - 1);
        for (int j = 0; j < s.Length; j++)
            if (Math.Abs(s[j] - (s[0] + j * step)) > 1e-9 * step) return 0;
        return step;
    }
}
