using System.Numerics.Tensors;
using Tact.Activations.Kernels;

namespace Tact.Activations;

// The fused forms of the named functions (NamedFunctions.All pairs each function with its own), as vectorised passes
// over spans. Slopes are computed from the values where that is exact, so each function costs one transcendental.

/// <summary>relu: max(x, 0); slope 1 above 0, 0 at and below.</summary>
internal sealed class ReluKernel : NamedFunctionKernel
{
    public override void Values<T>(ReadOnlySpan<T> x, Span<T> values, Span<T> work) =>
        TensorPrimitives.Max(x, T.Zero, values);

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> values, Span<T> slopes, Span<T> work) =>
        SpanMath.Step(x, inclusive: false, slopes);
}

/// <summary>tanh; slope 1 - tanh^2.</summary>
internal sealed class TanhKernel : NamedFunctionKernel
{
    public override void Values<T>(ReadOnlySpan<T> x, Span<T> values, Span<T> work) => TensorPrimitives.Tanh(x, values);

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> values, Span<T> slopes, Span<T> work)
    {
        TensorPrimitives.Multiply(values, values, slopes);
        TensorPrimitives.Subtract(T.One, slopes, slopes);
    }
}

/// <summary>sigmoid; slope s (1 - s).</summary>
internal sealed class SigmoidKernel : NamedFunctionKernel
{
    public override void Values<T>(ReadOnlySpan<T> x, Span<T> values, Span<T> work) =>
        TensorPrimitives.Sigmoid(x, values);

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> values, Span<T> slopes, Span<T> work)
    {
        TensorPrimitives.Subtract(T.One, values, slopes);
        TensorPrimitives.Multiply(slopes, values, slopes);
    }
}

/// <summary>
/// elu: x above 0, exp(x) - 1 below (expm1, as libtorch computes it); slope 1 above 0, elu + 1 below.
/// </summary>
internal sealed class EluKernel : NamedFunctionKernel
{
    public override void Values<T>(ReadOnlySpan<T> x, Span<T> values, Span<T> work)
    {
        TensorPrimitives.Min(x, T.Zero, work);
        TensorPrimitives.ExpM1(work, work);
        SpanMath.WherePositive(x, x, work, values);
    }

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> values, Span<T> slopes, Span<T> work)
    {
        TensorPrimitives.Add(values, T.One, work);
        slopes.Fill(T.One);
        SpanMath.WherePositive(x, slopes, work, slopes);
    }
}

/// <summary>silu: x sigmoid(x); slope sig + silu (1 - sig).</summary>
internal sealed class SiluKernel : NamedFunctionKernel
{
    public override void Values<T>(ReadOnlySpan<T> x, Span<T> values, Span<T> work)
    {
        TensorPrimitives.Sigmoid(x, values);
        TensorPrimitives.Multiply(values, x, values);
    }

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> values, Span<T> slopes, Span<T> work)
    {
        TensorPrimitives.Sigmoid(x, work);
        TensorPrimitives.Subtract(T.One, work, slopes);
        TensorPrimitives.MultiplyAdd(slopes, values, work, slopes);
    }
}

/// <summary>softplus with libtorch's defaults (beta 1, threshold 20): x above 20, log(1 + exp(x)) below.</summary>
internal sealed class SoftplusKernel : NamedFunctionKernel
{
    public override void Values<T>(ReadOnlySpan<T> x, Span<T> values, Span<T> work)
    {
        T threshold = T.CreateTruncating(20);
        for (int i = 0; i < x.Length; i++) values[i] = x[i] > threshold ? x[i] : T.LogP1(T.Exp(x[i]));
    }

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> values, Span<T> slopes, Span<T> work)
    {
        TensorPrimitives.Sigmoid(x, slopes);
        T threshold = T.CreateTruncating(20);
        for (int i = 0; i < x.Length; i++) if (x[i] > threshold) slopes[i] = T.One;
    }
}

/// <summary>The identity; slope 1.</summary>
internal sealed class IdentityKernel : NamedFunctionKernel
{
    public override void Values<T>(ReadOnlySpan<T> x, Span<T> values, Span<T> work) => x.CopyTo(values);

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> values, Span<T> slopes, Span<T> work) =>
        slopes.Fill(T.One);
}

/// <summary>sin; slope cos.</summary>
internal sealed class SinKernel : NamedFunctionKernel
{
    public override void Values<T>(ReadOnlySpan<T> x, Span<T> values, Span<T> work) => TensorPrimitives.Sin(x, values);

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> values, Span<T> slopes, Span<T> work) =>
        TensorPrimitives.Cos(x, slopes);
}

/// <summary>cos; slope -sin.</summary>
internal sealed class CosKernel : NamedFunctionKernel
{
    public override void Values<T>(ReadOnlySpan<T> x, Span<T> values, Span<T> work) => TensorPrimitives.Cos(x, values);

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> values, Span<T> slopes, Span<T> work)
    {
        TensorPrimitives.Sin(x, slopes);
        TensorPrimitives.Negate<T>(slopes, slopes);
    }
}

/// <summary>exp(-x^2); slope -2 x exp(-x^2).</summary>
internal sealed class GaussianKernel : NamedFunctionKernel
{
    public override void Values<T>(ReadOnlySpan<T> x, Span<T> values, Span<T> work)
    {
        TensorPrimitives.Multiply(x, x, values);
        TensorPrimitives.Negate<T>(values, values);
        TensorPrimitives.Exp<T>(values, values);
    }

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> values, Span<T> slopes, Span<T> work)
    {
        TensorPrimitives.Multiply(x, values, slopes);
        TensorPrimitives.Multiply(slopes, T.CreateTruncating(-2), slopes);
    }
}
