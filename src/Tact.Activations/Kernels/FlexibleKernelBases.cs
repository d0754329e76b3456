using System.Numerics.Tensors;

namespace Tact.Activations.Kernels;

/// <summary>P-Sig-Ramp's components: sigmoid(x) and the ramp clamp(beta x + 1/2, 0, 1).</summary>
internal sealed class SigRampKernelBasis : PointwiseBasis
{
    public static SigRampKernelBasis Instance { get; } = new();

    public override int Count => 2;

    public override bool HasBeta => true;

    public override void Values<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, Span<T> values, Span<T> work)
    {
        int n = x.Length;
        TensorPrimitives.Sigmoid(x, Row(values, 0, n));
        var ramp = Row(values, 1, n);
        Ramp(x, beta, ramp);
        TensorPrimitives.Clamp(ramp, T.Zero, T.One, ramp);
    }

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, ReadOnlySpan<T> values, Span<T> slopes,
        Span<T> betaSlopes, Span<T> work)
    {
        int n = x.Length;
        ReadOnlySpan<T> sigmoid = Row(values, 0, n);
        var s0 = Row(slopes, 0, n);
        TensorPrimitives.Subtract(T.One, sigmoid, s0);
        TensorPrimitives.Multiply(s0, sigmoid, s0);
        // Inside the ramp's window (bounds included, as clamp's backward has it) the ramp has slope beta in x and x in beta.
        var inside = work[..n];
        Ramp(x, beta, inside);
        SpanMath.Inside(inside, T.Zero, T.One, inside);
        TensorPrimitives.Multiply(inside, beta, Row(slopes, 1, n));
        Row(betaSlopes, 0, n).Clear();
        TensorPrimitives.Multiply(inside, x, Row(betaSlopes, 1, n));
    }

    private static void Ramp<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, Span<T> dest) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        TensorPrimitives.MultiplyAdd(beta, x, T.CreateTruncating(0.5), dest);
}

/// <summary>
/// P-E2-ReLU's and P-E2-Id's components: relu(x) (as clamp_min(x, 0)) or x, and
/// e2(x; beta) = elu(x; beta) - elu(-x; beta) = x + beta sign(x) (1 - exp(-|x|)).
/// </summary>
internal sealed class E2KernelBasis(bool relu) : PointwiseBasis
{
    public static E2KernelBasis Relu { get; } = new(relu: true);

    public static E2KernelBasis Identity { get; } = new(relu: false);

    public override int Count => 2;

    public override bool HasBeta => true;

    public override int WorkRows => 2;

    public override void Values<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, Span<T> values, Span<T> work)
    {
        int n = x.Length;
        if (relu) TensorPrimitives.Max(x, T.Zero, Row(values, 0, n));
        else x.CopyTo(Row(values, 0, n));
        var towards = Row(work, 0, n);
        Towards(x, towards, Row(work, 1, n));
        TensorPrimitives.MultiplyAdd(towards, beta, x, Row(values, 1, n));
    }

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, ReadOnlySpan<T> values, Span<T> slopes,
        Span<T> betaSlopes, Span<T> work)
    {
        int n = x.Length;
        if (relu) SpanMath.Step(x, inclusive: true, Row(slopes, 0, n));   // clamp_min's mask
        else Row(slopes, 0, n).Fill(T.One);
        Span<T> towards = Row(betaSlopes, 1, n), decay = Row(work, 0, n);
        Towards(x, towards, decay);
        // d e2/dx = 1 + beta exp(-|x|); decay holds exp(-|x|) - 1
        TensorPrimitives.Add(decay, T.One, decay);
        TensorPrimitives.MultiplyAdd(decay, beta, T.One, Row(slopes, 1, n));
        Row(betaSlopes, 0, n).Clear();
    }

    // towards = sign(x) (1 - exp(-|x|)), the derivative of e2 in beta; decay = exp(-|x|) - 1 as a by-product.
    private static void Towards<T>(ReadOnlySpan<T> x, Span<T> towards, Span<T> decay)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        TensorPrimitives.Abs(x, decay);
        TensorPrimitives.Negate<T>(decay, decay);
        TensorPrimitives.ExpM1(decay, decay);
        TensorPrimitives.Negate<T>(decay, towards);
        SpanMath.WherePositive(x, towards, decay, towards);
    }
}

/// <summary>P-E3-ReLU's components: relu(x) (as clamp_min), elu(x) and -elu(-x).</summary>
internal sealed class E3KernelBasis : PointwiseBasis
{
    public static E3KernelBasis Instance { get; } = new();

    public override int Count => 3;

    public override void Values<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, Span<T> values, Span<T> work)
    {
        int n = x.Length;
        TensorPrimitives.Max(x, T.Zero, Row(values, 0, n));
        NamedKernelBasis.Elu(x, Row(values, 1, n), work[..n]);
        // -elu(-x): x below 0, 1 - exp(-x) above
        var mirrored = Row(values, 2, n);
        TensorPrimitives.Max(x, T.Zero, mirrored);
        TensorPrimitives.Negate<T>(mirrored, mirrored);
        TensorPrimitives.ExpM1(mirrored, mirrored);
        TensorPrimitives.Negate<T>(mirrored, mirrored);
        SpanMath.WherePositive(x, mirrored, x, mirrored);
    }

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, ReadOnlySpan<T> values, Span<T> slopes,
        Span<T> betaSlopes, Span<T> work)
    {
        int n = x.Length;
        SpanMath.Step(x, inclusive: true, Row(slopes, 0, n));
        var one = work[..n];
        one.Fill(T.One);
        var elu = Row(slopes, 1, n);                                   // 1 above 0, elu + 1 = exp(x) below
        TensorPrimitives.Add(Row(values, 1, n), T.One, elu);
        SpanMath.WherePositive(x, one, elu, elu);
        var mirrored = Row(slopes, 2, n);                              // exp(-x) = 1 - value above 0, 1 below
        TensorPrimitives.Subtract(T.One, Row(values, 2, n), mirrored);
        SpanMath.WherePositive(x, mirrored, one, mirrored);
    }
}
