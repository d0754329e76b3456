using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Activations.Kernels;

/// <summary>
/// The fused tri-diagonal TMAF along dim 1: <c>y_f = alpha_f(x_f) x_f + gamma_(f-1)(x_(f-1)) x_(f-1) +
/// beta_f(x_(f+1)) x_(f+1)</c>, where lower row j is gamma_j (fed by feature j) and upper row j is beta_j (fed by
/// feature j + 1). Forward makes one pass over the outputs; backward one pass over the inputs, each element giving
/// its own input gradient (from the output gradients of itself and its two neighbours) and adding g * x to the one
/// entry of each table it selected. Per neuron each chunk owns its features' table rows; per layer per-chunk partial
/// tables are reduced in chunk order: no atomics, bitwise repeatable. Saves only the input and the three tables.
/// </summary>
internal sealed class TriDiagonalTmafFunction : torch.autograd.SingleTensorFunction<TriDiagonalTmafFunction>
{
    public override string Name => "FusedTriDiagonalTmaf";

    /// <summary>
    /// vars: x (contiguous CPU float32/float64 with at least two features), the diagonal [sets, m + 1], lower and upper
    /// [rows, m + 1] tables of x's dtype, the <see cref="TriDiagonalGrids"/>.
    /// </summary>
    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        var diagonal = ((Tensor)vars[1]).contiguous();
        var lower = ((Tensor)vars[2]).contiguous();
        var upper = ((Tensor)vars[3]).contiguous();
        var grids = (TriDiagonalGrids)vars[4];
        ctx.save_for_backward([x, diagonal, lower, upper]);
        ctx.save_data("grids", grids);
        var y = empty_like(x);
        if (x.dtype == ScalarType.Float32) TriDiagonalTmafKernel.Forward<float>(x, diagonal, lower, upper, y, grids);
        else TriDiagonalTmafKernel.Forward<double>(x, diagonal, lower, upper, y, grids);
        return y;
    }

    public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.get_saved_variables();
        var (x, diagonal, lower, upper) = (saved[0], saved[1], saved[2], saved[3]);
        var grids = (TriDiagonalGrids)ctx.get_data("grids");
        var g = grad_output.contiguous();
        var gx = empty_like(x);
        var gradients = new[] { zeros_like(diagonal), zeros_like(lower), zeros_like(upper) };
        if (x.dtype == ScalarType.Float32)
            TriDiagonalTmafKernel.Backward<float>(x, diagonal, lower, upper, g, gx, gradients, grids);
        else TriDiagonalTmafKernel.Backward<double>(x, diagonal, lower, upper, g, gx, gradients, grids);
        return [gx, .. gradients, null!];   // one entry per argument of apply; the grids have no gradient
    }
}
