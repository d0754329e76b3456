using Tact.Activations.Kernels;
using static TorchSharp.torch;

namespace Tact.Activations.Tests.Kernels;

/// <summary>Runs a module with its fused kernel on or off, for tests that compare the two.</summary>
internal static class FusedRun
{
    /// <summary>Every spec with every shape.</summary>
    public static TheoryData<string, long[]> Cases(string[] specs, long[][] shapes)
    {
        var data = new TheoryData<string, long[]>();
        foreach (var spec in specs)
            foreach (var shape in shapes) data.Add(spec, shape);
        return data;
    }

    /// <summary>
    /// Output, input gradient, then the gradient of every parameter in registration order (zeros for a parameter the
    /// output does not depend on, such as the off-diagonals of a one-feature tri-diagonal TMAF).
    /// </summary>
    public static List<Tensor> Run(ActivationModule module, Tensor x, Tensor grad, bool fused)
    {
        bool before = FusedKernels.Enabled;
        FusedKernels.Enabled = fused;
        try
        {
            module.zero_grad();
            var input = x.detach().clone().requires_grad_();
            var y = module.call(input);
            y.backward([grad]);
            return
                [y.detach(), input.grad!.clone(), .. module.parameters().Select(p => p.grad?.clone() ?? zeros_like(p))];
        }
        finally
        {
            FusedKernels.Enabled = before;
        }
    }
}
