using static TorchSharp.torch;

namespace Tact.Models;

/// <summary>Applies a <see cref="LinearInit"/>.</summary>
public static class LinearInits
{
    private static readonly string[] words = ["pytorch", "glorot_normal", "glorot_uniform"];

    /// <summary>The words experiment files use, in the enum's order.</summary>
    public static IReadOnlyList<string> Words => words;

    /// <summary>The init a word names, or null.</summary>
    public static LinearInit? Parse(string word) => Array.IndexOf(words, word) is var i and >= 0 ? (LinearInit)i : null;

    /// <summary>The word of an init.</summary>
    public static string Word(LinearInit init) => Words[(int)init];

    /// <summary>Re-initialises <paramref name="layer"/> in place (from the process-wide generator).</summary>
    public static void Apply(TorchSharp.Modules.Linear layer, LinearInit init)
    {
        if (init == LinearInit.PyTorch) return;
        using var _ = no_grad();
        var weight = layer.weight!;
        if (init == LinearInit.GlorotNormal)
        {
            double std = Math.Sqrt(2.0 / (weight.shape[0] + weight.shape[1])) / 0.87962566103423978;
            using var x = randn(weight.shape);
            for (var bad = x.abs().gt(2); bad.any().item<bool>(); bad = x.abs().gt(2))
                x.masked_scatter_(bad, randn(weight.shape).masked_select(bad));
            weight.copy_(x * std);
        }
        else
        {
            nn.init.xavier_uniform_(weight);
        }
        if (layer.bias is { } bias) bias.zero_();
    }
}
