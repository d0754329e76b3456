using static TorchSharp.torch;

namespace Tact.Activations.Regularization;

/// <summary>
/// The flexible-combination paper's activation regularisers (eq. 7), read from the <see cref="IMixingActivation"/>
/// modules of a model, in module order (one module = one layer j, one parameter set = one neuron i):
/// <list type="bullet">
/// <item>towards-mean: <c>delta1 * sum_j (lambda_j / m_j) sum_i sum_k (alpha_ijk - mean_i alpha_ijk)^2</c>, pulling
/// the neurons of a layer towards the layer's average activation (m_j = parameter sets of layer j, lambda_j = 1 unless
/// given);</item>
/// <item>towards-default: <c>delta2 / n * sum (alpha_k0 - alpha_ijk)^2</c>, pulling towards the mix that gives the
/// baseline function (e.g. alpha = 1, the sigmoid, for P-Sig-Ramp);</item>
/// <item>boundary: <c>delta3 / n * sum (relu(alpha - (1 - Delta))^2 + relu(-Delta - alpha)^2)</c>, as the paper writes
/// it. With alpha on the simplex only the first part can be non-zero: it pushes weights above 1 - Delta back, keeping
/// every component in play; the second part acts only on weights below -Delta, which neither constraint allows.</item>
/// </list>
/// n is the number of parameter sets (neurons) that carry a flexible activation, over the whole model. A per-layer
/// module counts as one set. Zero coefficients cost nothing.
/// </summary>
/// <param name="Mean">delta1.</param>
/// <param name="Default">delta2.</param>
/// <param name="Boundary">delta3.</param>
/// <param name="Margin">Delta of the boundary term.</param>
/// <param name="LayerWeights">lambda_j per mixing module, in order; 1 for modules beyond the list.</param>
public sealed record ActivationRegularizer(double Mean = 0, double Default = 0, double Boundary = 0,
    double Margin = 0.05, IReadOnlyList<double>? LayerWeights = null)
{
    /// <summary>True when a coefficient is non-zero.</summary>
    public bool IsActive => Mean != 0 || Default != 0 || Boundary != 0;

    /// <summary>
    /// The total penalty of <paramref name="model"/>'s mixing activations, a differentiable scalar (0 if none).
    /// </summary>
    public Tensor Penalty(nn.Module model) =>
        Penalty(ActivationConstraints.SelfAndDescendants(model).OfType<IMixingActivation>().ToList());

    /// <summary>The total penalty of the given mixing activations (one per layer).</summary>
    public Tensor Penalty(IReadOnlyList<IMixingActivation> layers)
    {
        if (!IsActive || layers.Count == 0) return tensor(0f);
        var mixes = layers.Select(l => l.MixingWeights()).ToList();
        long n = mixes.Sum(m => m.shape[0]);
        Tensor total = zeros(1, mixes[0].dtype).squeeze();
        for (int j = 0; j < layers.Count; j++)
        {
            var alpha = mixes[j];
            if (Mean != 0)
            {
                double lambda = LayerWeights is { } w && j < w.Count ? w[j] : 1;
                var deviation = alpha - alpha.mean([0L], keepdim: true);
                total = total + Mean * lambda / alpha.shape[0] * deviation.square().sum();
            }
            if (Default != 0)
            {
                var target = tensor(layers[j].DefaultMix.ToArray(), alpha.dtype).unsqueeze(0);
                total = total + Default / n * (target - alpha).square().sum();
            }
            if (Boundary != 0)
            {
                var high = nn.functional.relu(alpha - (1 - Margin)).square();
                var low = nn.functional.relu(-Margin - alpha).square();
                total = total + Boundary / n * (high + low).sum();
            }
        }
        return total;
    }
}
