namespace Tact.Experiments.Training;

/// <summary>
/// The one parser of the words that name a loss or an optimiser, for experiment files and the CLI alike: the words
/// are the enums' names in lower case, so a new enum member is a new word everywhere.
/// </summary>
public static class TrainingWords
{
    /// <summary>The loss words: auto, mse, sse, ce, bce.</summary>
    public static IReadOnlyList<string> Losses { get; } = Words<LossKind>();

    /// <summary>The optimiser words: sgd, adam.</summary>
    public static IReadOnlyList<string> Optimizers { get; } = Words<OptimizerKind>();

    /// <summary>The loss named <paramref name="word"/>, or null when it names none.</summary>
    public static LossKind? Loss(string word) => Parse<LossKind>(word);

    /// <summary>The optimiser named <paramref name="word"/>, or null when it names none.</summary>
    public static OptimizerKind? Optimizer(string word) => Parse<OptimizerKind>(word);

    /// <summary>The word of a loss.</summary>
    public static string Word(LossKind loss) => loss.ToString().ToLowerInvariant();

    /// <summary>The word of an optimiser.</summary>
    public static string Word(OptimizerKind optimizer) => optimizer.ToString().ToLowerInvariant();

    private static string[] Words<T>() where T : struct, Enum =>
        [.. Enum.GetNames<T>().Select(n => n.ToLowerInvariant())];

    private static T? Parse<T>(string word) where T : struct, Enum =>
        Words<T>().Contains(word) ? Enum.Parse<T>(word, ignoreCase: true) : null;
}
