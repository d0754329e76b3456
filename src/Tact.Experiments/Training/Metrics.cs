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

    /// <summary>
    /// Accuracy and macro F1 of scores [N, classes] against labels [N]. Macro F1 is the unweighted mean over classes of
    /// 2 TP / (2 TP + FP + FN); a class absent from both labels and predictions counts as F1 = 1 (nothing to get
    /// wrong).
    /// </summary>
    public static Dictionary<string, double> Classification(Tensor scores, Tensor labels, int classes)
    {
        using var scope = NewDisposeScope();
        var predicted = scores.argmax(1);
        double correct = predicted.eq(labels).sum().item<long>();
        // Confusion counts in one pass: index = label * classes + prediction.
        var confusion = (labels * classes + predicted).bincount(null, classes * classes).view(classes, classes)
            .to(float64);
        var tp = confusion.diagonal();
        var fp = confusion.sum(0L) - tp;
        var fn = confusion.sum(1L) - tp;
        var denominator = 2 * tp + fp + fn;
        var f1 = where(denominator.gt(0), 2 * tp / denominator.clamp_min(1), ones_like(tp));
        return new()
        {
            ["accuracy"] = correct / Math.Max(1, labels.shape[0]),
            ["macro_f1"] = f1.mean().item<double>(),
        };
    }
}
