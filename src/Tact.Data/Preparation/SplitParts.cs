namespace Tact.Data.Preparation;

/// <summary>Train, validation and test parts of one set of samples.</summary>
/// <param name="Train">The training part.</param>
/// <param name="Validation">The validation part (may hold no samples).</param>
/// <param name="Test">The test part (may hold no samples).</param>
public sealed record SplitParts(Split Train, Split Validation, Split Test);
