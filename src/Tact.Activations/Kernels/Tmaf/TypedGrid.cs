using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tact.Activations.Kernels;

/// <summary>
/// <see cref="BucketGrid"/> in the input's own precision, so that comparisons at the breakpoints agree with
/// <c>bucketize</c> on a boundary tensor of the input's dtype. On a uniform grid the interval comes from one
/// multiply, corrected by a compare where rounding put it one off; otherwise from a binary search. NaN goes to the
/// last interval, where <c>bucketize</c> sorts it. <see cref="Intervals"/> does a span at a time, eight float32
/// elements per AVX2 instruction.
/// </summary>
internal readonly struct TypedGrid<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[] _s;
    private readonly T _first;
    private readonly T _inverseStep;
    private readonly T _count;
    private readonly bool _uniform;
    private readonly float _nearBreakpoint;

    public TypedGrid(BucketGrid grid)
    {
        _s = [.. grid.Breakpoints.Select(T.CreateTruncating)];
        _first = _s[0];
        _uniform = grid.Step > 0;
        _inverseStep = _uniform ? T.CreateTruncating(1 / grid.Step) : T.Zero;
        _count = T.CreateTruncating(_s.Length);
        _nearBreakpoint = _uniform ? NearBreakpoint(grid) : 0;
    }

    /// <summary>
    /// A bound, in steps, on how far float32 rounding can move u = (x - s_0) / h for u in [-1, m + 1] (three
    /// roundings of at most |u| + 1 half-ulps each) plus how far the float32 breakpoints sit from s_0 + j h (half an
    /// ulp of the largest, over h, and the grid's 1e-9 uniformity tolerance), doubled for safety.
    /// </summary>
    private static float NearBreakpoint(BucketGrid grid)
    {
        double largest = grid.Breakpoints.Max(Math.Abs), unit = Math.Pow(2, -24);
        double bound = 3 * (grid.Count + 3) * unit + 2 * largest / grid.Step * unit + 1e-9;
        return (float)(2 * bound);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Interval(T x)
    {
        var s = _s;
        int m = s.Length;
        if (T.IsNaN(x)) return m;
        if (_uniform)
        {
            T guess = T.Ceiling((x - _first) * _inverseStep);
            int k = guess <= T.Zero ? 0 : guess >= _count ? m : int.CreateTruncating(guess);
            if (k > 0 && x <= s[k - 1]) k--;
            else if (k < m && x > s[k]) k++;
            return k;
        }
        int lo = 0, hi = m;                       // the answer is in [lo, hi]
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (s[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>The interval of every element of <paramref name="x"/>, as <see cref="Interval"/> gives it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Intervals(ReadOnlySpan<T> x, Span<int> k)
    {
        int i = 0;
        // Where rounding could move u by a quarter step (huge grids far from 0), the multiply tells nothing: scalar.
        if (typeof(T) == typeof(float) && _uniform && _nearBreakpoint < 0.25f && Avx2.IsSupported)
            i = UniformFloat(MemoryMarshal.Cast<T, float>(x), k);
        for (; i < x.Length; i++) k[i] = Interval(x[i]);
    }

    /// <summary>
    /// <see cref="Interval"/> on a uniform float32 grid, eight at a time; returns how many it did. The guess
    /// ceil((x - s_0) / h) is the interval unless x is within rounding of a breakpoint, which the multiply cannot
    /// tell: there, <c>u = (x - s_0) / h</c> lies within <see cref="_nearBreakpoint"/> of an integer in [-1, m + 1].
    /// Such vectors (rare, and NaN) take the exact scalar path; the others clamp the guess to [0, m].
    /// </summary>
    private unsafe int UniformFloat(ReadOnlySpan<float> x, Span<int> k)
    {
        var first = Vector256.Create(float.CreateTruncating(_first));
        var inverse = Vector256.Create(float.CreateTruncating(_inverseStep));
        var top = Vector256.Create(float.CreateTruncating(_count));
        var near = Vector256.Create(_nearBreakpoint);
        var far = Vector256.Create(1 - _nearBreakpoint);
        var low = Vector256.Create(-1f);
        var high = Vector256.Create(float.CreateTruncating(_count) + 1);
        int i = 0;
        fixed (float* xs = x)
        fixed (int* ks = k)
        {
            for (; i + 8 <= x.Length; i += 8)
            {
                var v = Avx.LoadVector256(xs + i);
                var u = Avx.Multiply(Avx.Subtract(v, first), inverse);
                var guess = Avx.RoundToPositiveInfinity(u);
                var gap = Avx.Subtract(guess, u);
                // Safe: the gap to the integer above is clear of rounding, or u is far outside the grid.
                // NaN is not safe.
                var clear = Avx.And(Avx.CompareGreaterThan(gap, near), Avx.CompareLessThan(gap, far));
                var outside = Avx.Or(Avx.CompareLessThan(u, low), Avx.CompareGreaterThan(u, high));
                if (Avx.MoveMask(Avx.Or(clear, outside)) != 0xFF)
                {
                    for (int j = i; j < i + 8; j++) ks[j] = Interval(T.CreateTruncating(xs[j]));
                    continue;
                }
                var clamped = Avx.Min(Avx.Max(guess, Vector256<float>.Zero), top);
                Avx.Store(ks + i, Avx.ConvertToVector256Int32WithTruncation(clamped));
            }
        }
        return i;
    }
}
