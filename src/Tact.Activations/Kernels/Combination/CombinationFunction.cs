using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Activations.Kernels;

/// <summary>
/// The fused combination <c>y = sum_k w[s, k] phi_k(x; beta[s])</c> of a <see cref="PointwiseBasis"/>, s being the
/// parameter set of x's feature. Forward writes y in one pass; backward recomputes phi and its slopes from the saved
/// input and writes dL/dx, dL/dw and dL/dbeta in one pass. Nothing but the input and the small parameter tensors is
/// saved, whatever K is.
/// </summary>
internal sealed class CombinationFunction : torch.autograd.SingleTensorFunction<CombinationFunction>
{
    public override string Name => "FusedCombination";

    /// <summary>
    /// vars: x (contiguous CPU float32/float64), w [sets, K] and beta [sets] or null of x's dtype, the basis.
    /// </summary>
    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var w = (Tensor)vars[1];
        var beta = (vars[2] as Tensor)?.contiguous();
        var basis = (PointwiseBasis)vars[3];
        // w itself is saved, not its transposed copy: w is alive anyway (a parameter or its gate's output), the copy
        // would be one more parameter-sized tensor held per layer until backward.
        ctx.save_for_backward([x, w, beta!]);
        ctx.save_data("basis", basis);
        var y = empty_like(x);
        using (var wt = Transposed(w))
        {
            if (x.dtype == ScalarType.Float32) new CombinationKernel<float>(basis, x, wt, beta).Forward(y);
            else new CombinationKernel<double>(basis, x, wt, beta).Forward(y);
        }
        return y;
    }

    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.get_saved_variables();
        var x = saved[0];
        var beta = saved.Count > 2 && saved[2] is { IsInvalid: false } b ? b : null;
        var basis = (PointwiseBasis)ctx.get_data("basis");
        var g = grad_output.contiguous();
        var gx = empty_like(x);
        using var wt = Transposed(saved[1]);
        var (gw, gb) = x.dtype == ScalarType.Float32
            ? new CombinationKernel<float>(basis, x, wt, beta).Backward(g, gx)
            : new CombinationKernel<double>(basis, x, wt, beta).Backward(g, gx);
        var gradW = tensor(gw, [basis.Count, wt.shape[1]], float64).t().to(x.dtype);
        var gradBeta = beta is null ? null : tensor(gb, float64).to(x.dtype);
        return [gx, gradW, gradBeta!, null!];   // one entry per argument of apply; the basis has no gradient
    }

    // w [sets, K] as [K, sets], contiguous: a feature range of row k is then contiguous.
    private static Tensor Transposed(Tensor w) => w.t().contiguous();
}
