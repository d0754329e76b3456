using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Activations.Kernels;

/// <summary>
/// The fused diagonal TMAF: y = t[set, k(x)] * x in one pass; backward gives dL/dx = t[set, k(x)] * g and
/// dL/dt[set, k] = sum of g * x over the inputs in interval k, in one pass, without atomics: per neuron each chunk owns
/// its features' rows of the table gradient; per layer per-chunk partial tables are reduced in chunk order. Saves only
/// the input and the table.
/// </summary>
internal sealed class TmafFunction : torch.autograd.SingleTensorFunction<TmafFunction>
{
    public override string Name => "FusedTmaf";

    /// <summary>
    /// vars: x (contiguous CPU float32/float64), table [sets, m + 1] of x's dtype, the <see cref="BucketGrid"/>.
    /// </summary>
    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var table = ((Tensor)vars[1]).contiguous();
        var grid = (BucketGrid)vars[2];
        ctx.save_for_backward([x, table]);
        ctx.save_data("grid", grid);
        var y = empty_like(x);
        if (x.dtype == ScalarType.Float32) TmafKernel.Forward<float>(x, table, y, grid);
        else TmafKernel.Forward<double>(x, table, y, grid);
        return y;
    }

    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.get_saved_variables();
        var x = saved[0];
        var table = saved[1];
        var grid = (BucketGrid)ctx.get_data("grid");
        var g = grad_output.contiguous();
        var gx = empty_like(x);
        var gt = zeros_like(table);
        if (x.dtype == ScalarType.Float32) TmafKernel.Backward<float>(x, table, g, gx, gt, grid);
        else TmafKernel.Backward<double>(x, table, g, gx, gt, grid);
        return [gx, gt, null!];   // one entry per argument of apply; the grid has no gradient
    }
}
