using static TorchSharp.torch;

namespace Tact.Models;

/// <summary>One row of a model summary: a leaf layer, its output shape on the example input, its parameters.</summary>
/// <param name="Name">Dotted path of the layer in the model.</param>
/// <param name="Type">The layer's class name.</param>
/// <param name="OutputShape">Output shape for the example input (batch of 1).</param>
/// <param name="Parameters">Trainable scalars of the layer.</param>
public sealed record SummaryRow(string Name, string Type, long[] OutputShape, long Parameters);

/// <summary>
/// A Keras-style summary of a model and its parameter total: its leaf layers, and the containers that hold parameters
/// of their own (such as an LSTM layer's weights), in the order their forward passes finished; a layer called many
/// times (once per time step) is listed once.
/// </summary>
/// <param name="Rows">The leaf layers, in the order they ran.</param>
/// <param name="TotalParameters">Every trainable scalar of the model.</param>
public sealed record ModelSummary(IReadOnlyList<SummaryRow> Rows, long TotalParameters)
{
    /// <summary>
    /// Runs one sample of zeros of <paramref name="inputShape"/> through the model and records every leaf layer.
    /// </summary>
    public static ModelSummary Describe(nn.Module<Tensor, Tensor> model, long[] inputShape)
    {
        var rows = new List<SummaryRow>();
        var removers = new List<Action>();
        foreach (var (name, module) in model.named_modules())
        {
            if (module is not nn.Module<Tensor, Tensor> layer || name.Length == 0) continue;
            long count = layer.parameters(recurse: false).Where(p => p.requires_grad).Sum(p => p.numel());
            if (layer.children().Any() && count == 0) continue;
            var hook = layer.register_forward_hook((m, input, output) =>
            {
                if (rows.All(r => r.Name != name))
                    rows.Add(new SummaryRow(name, m.GetType().Name, output.shape, count));
                return output;
            });
            removers.Add(hook.remove);
        }
        bool training = model.training;
        model.eval();
        using (no_grad())
        using (var x = zeros([1, .. inputShape]))
            model.call(x).Dispose();
        if (training) model.train();
        foreach (var remove in removers) remove();
        return new ModelSummary(rows, model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()));
    }
}
