using System.Numerics;
using System.Numerics.Tensors;

namespace Tact.Activations.Kernels;

/// <summary>
/// A list of named functions (WSGAF's components, a basis of named functions). <see cref="TryCreate"/> returns null
/// when one of them has no fused form (gelu: .NET has no vectorised erf), and the family runs the composed ops.
/// </summary>
internal sealed class NamedKernelBasis : SpanBasis
{
    private static readonly HashSet<string> Fused =
        ["relu", "tanh", "sigmoid", "elu", "silu", "softplus", "identity", "sin", "cos", "gaussian"];

    private readonly string[] _names;

    private NamedKernelBasis(string[] names) => _names = names;

    /// <summary>
    /// The basis of those functions, or null if one has no fused form. WSGAF's default list, tanh, relu, sigmoid, gets
    /// the register kernel; other lists the span passes.
    /// </summary>
    public static PointwiseBasis? TryCreate(IEnumerable<string> names)
    {
        var list = names.ToArray();
        if (list.SequenceEqual(["tanh", "relu", "sigmoid"])) return RegisterBasis<TanhReluSigmoidTerms>.Instance;
        return list.All(Fused.Contains) ? new NamedKernelBasis(list) : null;
    }

    public override int Count => _names.Length;

    public override void Values<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, Span<T> values, Span<T> work)
    {
        int n = x.Length;
        for (int k = 0; k < _names.Length; k++)
        {
            var v = Row(values, k, n);
            switch (_names[k])
            {
                case "relu": TensorPrimitives.Max(x, T.Zero, v); break;
                case "tanh": TensorPrimitives.Tanh(x, v); break;
                case "sigmoid": TensorPrimitives.Sigmoid(x, v); break;
                case "elu": Elu(x, v, work[..n]); break;
                case "silu":
                    TensorPrimitives.Sigmoid(x, v);
                    TensorPrimitives.Multiply(v, x, v);
                    break;
                case "softplus": Softplus(x, v); break;
                case "identity": x.CopyTo(v); break;
                case "sin": TensorPrimitives.Sin(x, v); break;
                case "cos": TensorPrimitives.Cos(x, v); break;
                case "gaussian":
                    TensorPrimitives.Multiply(x, x, v);
                    TensorPrimitives.Negate<T>(v, v);
                    TensorPrimitives.Exp<T>(v, v);
                    break;
                default: throw new InvalidOperationException($"no fused form of {_names[k]}");
            }
        }
    }

    public override void Slopes<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> beta, ReadOnlySpan<T> values, Span<T> slopes,
        Span<T> betaSlopes, Span<T> work)
    {
        int n = x.Length;
        var w = work[..n];
        for (int k = 0; k < _names.Length; k++)
        {
            ReadOnlySpan<T> v = Row(values, k, n);
            var s = Row(slopes, k, n);
            switch (_names[k])
            {
                case "relu": SpanMath.Step(x, inclusive: false, s); break;
                case "tanh":                                          // 1 - tanh^2
                    TensorPrimitives.Multiply(v, v, s);
                    TensorPrimitives.Subtract(T.One, s, s);
                    break;
                case "sigmoid":                                       // s (1 - s)
                    TensorPrimitives.Subtract(T.One, v, s);
                    TensorPrimitives.Multiply(s, v, s);
                    break;
                case "elu":                                           // 1 above 0, elu + 1 = exp(x) below
                    TensorPrimitives.Add(v, T.One, w);
                    s.Fill(T.One);
                    SpanMath.WherePositive(x, s, w, s);
                    break;
                case "silu":                                          // sig + silu (1 - sig)
                    TensorPrimitives.Sigmoid(x, w);
                    TensorPrimitives.Subtract(T.One, w, s);
                    TensorPrimitives.MultiplyAdd(s, v, w, s);
                    break;
                case "softplus": SoftplusSlope(x, s); break;
                case "identity": s.Fill(T.One); break;
                case "sin": TensorPrimitives.Cos(x, s); break;
                case "cos":
                    TensorPrimitives.Sin(x, s);
                    TensorPrimitives.Negate<T>(s, s);
                    break;
                case "gaussian":                                      // -2 x exp(-x^2)
                    TensorPrimitives.Multiply(x, v, s);
                    TensorPrimitives.Multiply(s, T.CreateTruncating(-2), s);
                    break;
            }
        }
    }

    /// <summary>elu(x) = x above 0, exp(x) - 1 below (expm1, as libtorch computes it).</summary>
    public static void Elu<T>(ReadOnlySpan<T> x, Span<T> dest, Span<T> work) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Min(x, T.Zero, work);
        TensorPrimitives.ExpM1(work, work);
        SpanMath.WherePositive(x, x, work, dest);
    }

    // softplus with libtorch's defaults (beta 1, threshold 20): x above 20, log(1 + exp(x)) below
    private static void Softplus<T>(ReadOnlySpan<T> x, Span<T> dest) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T threshold = T.CreateTruncating(20);
        for (int i = 0; i < x.Length; i++) dest[i] = x[i] > threshold ? x[i] : T.LogP1(T.Exp(x[i]));
    }

    private static void SoftplusSlope<T>(ReadOnlySpan<T> x, Span<T> dest) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Sigmoid(x, dest);
        T threshold = T.CreateTruncating(20);
        for (int i = 0; i < x.Length; i++) if (x[i] > threshold) dest[i] = T.One;
    }
}
