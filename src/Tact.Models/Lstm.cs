using Tact.Activations;
using Tact.Activations.Registry;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Models;

/// <summary>
/// An LSTM layer built from our own cell, so its activations are specs: the gate activation (sigmoid by default; the
/// flexible-combination paper replaces it with P-Sig-Ramp) acts on the input, forget and output gates together, a
/// [N, 3H] tensor (per neuron = per hidden unit and gate), and the cell activation (tanh by default) on the candidate
/// and on the cell state, two modules of H features. Parameters and gate order (i, f, g, o) follow PyTorch's nn.LSTM,
/// so its weights can be copied in: with the default activations the outputs are the same.
/// </summary>
public sealed class LstmLayer : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight_ih, weight_hh, bias_ih, bias_hh;
    private readonly ActivationModule gates, candidate, cellOutput;

    /// <summary>Creates the layer.</summary>
    public LstmLayer(int inputs, int hidden, string gateSpec = "sigmoid", string cellSpec = "tanh",
        ActivationRegistry? registry = null)
        : base("LstmLayer")
    {
        Hidden = hidden;
        double bound = 1 / Math.Sqrt(hidden);
        weight_ih = new Parameter(empty(4 * hidden, inputs).uniform_(-bound, bound));
        weight_hh = new Parameter(empty(4 * hidden, hidden).uniform_(-bound, bound));
        bias_ih = new Parameter(empty(4 * hidden).uniform_(-bound, bound));
        bias_hh = new Parameter(empty(4 * hidden).uniform_(-bound, bound));
        gates = ActivationSpecs.Create(gateSpec, 3 * hidden, registry);
        candidate = ActivationSpecs.Create(cellSpec, hidden, registry);
        cellOutput = ActivationSpecs.Create(cellSpec, hidden, registry);
        RegisterComponents();
    }

    /// <summary>Hidden units H.</summary>
    public int Hidden { get; }

    /// <summary>Copies the weights of layer 0 of a PyTorch-layout <see cref="LSTM"/>.</summary>
    public void CopyFrom(LSTM lstm)
    {
        using var _ = no_grad();
        var p = lstm.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        weight_ih.copy_(p["weight_ih_l0"]);
        weight_hh.copy_(p["weight_hh_l0"]);
        bias_ih.copy_(p["bias_ih_l0"]);
        bias_hh.copy_(p["bias_hh_l0"]);
    }

    /// <summary>Runs the sequence [N, T, inputs] and returns every hidden state [N, T, H].</summary>
    public override Tensor forward(Tensor x)
    {
        long n = x.shape[0], steps = x.shape[1];
        var h = zeros(n, Hidden, dtype: x.dtype, device: x.device);
        var c = zeros(n, Hidden, dtype: x.dtype, device: x.device);
        // The input projection of every step at once; the recurrence stays sequential.
        var projected = nn.functional.linear(x, weight_ih, bias_ih);
        var outputs = new List<Tensor>();
        for (long t = 0; t < steps; t++)
        {
            var z = projected.select(1, t) + nn.functional.linear(h, weight_hh, bias_hh);
            var chunks = z.chunk(4, 1);
            var ifo = gates.call(cat([chunks[0], chunks[1], chunks[3]], 1)).chunk(3, 1);
            c = ifo[1] * c + ifo[0] * candidate.call(chunks[2]);
            h = ifo[2] * cellOutput.call(c);
            outputs.Add(h);
        }
        return stack(outputs, 1);
    }
}

/// <summary>
/// The LSTM forecaster: one <see cref="LstmLayer"/> over a window [N, T, V], then a linear map of the last hidden
/// state to the next value of every variable [N, V].
/// </summary>
public sealed class LstmForecaster : nn.Module<Tensor, Tensor>
{
    private readonly LstmLayer lstm;
    private readonly Linear head;

    /// <summary>
    /// Creates the forecaster for <paramref name="variables"/> series with <paramref name="hidden"/> units.
    /// </summary>
    public LstmForecaster(int variables, int hidden, string gateSpec = "sigmoid", string cellSpec = "tanh",
        ActivationRegistry? registry = null) : base("LstmForecaster")
    {
        lstm = new LstmLayer(variables, hidden, gateSpec, cellSpec, registry);
        head = nn.Linear(hidden, variables);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x) => head.call(lstm.call(x).select(1, -1));
}
