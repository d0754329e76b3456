using static TorchSharp.torch;

namespace Tact.Experiments.Training;

/// <summary>Evaluation metrics, computed in float64.</summary>
public static class Metrics
{
    /// <summary>
    /// Regression metrics: <c>mse</c>, <c>rmse</c> and <c>rel_l2</c> = ||prediction - target|| / ||target||
    /// (the relative L2 error; the TMAF paper's tables report an unnamed "approximation error").
    /// </summary>
    public static Dictionary<string, double> Regression(Tensor prediction, Tensor target)
    {
        using var scope = NewDisposeScope();
        var p = prediction.to(float64);
        var t = target.to(float64).reshape(p.shape);
        var diff = p - t;
        double sse = diff.square().sum().item<double>();
        double norm = t.square().sum().item<double>();
        double mse = sse / Math.Max(1, t.numel());
        return new()
        {
            ["mse"] = mse,
            ["rmse"] = Math.Sqrt(mse),
            ["rel_l2"] = norm > 0 ? Math.Sqrt(sse / norm) : double.NaN,
        };
    }

    /// <summary>Classification accuracy of logits [N, classes] against labels [N].</summary>
    public static Dictionary<string, double> Classification(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        double correct = logits.argmax(1).eq(labels).sum().item<long>();
        return new() { ["accuracy"] = correct / Math.Max(1, labels.shape[0]) };
    }
}
