namespace Tact.Activations.Kernels;

/// <summary>
/// The breakpoints of the three tables of a tri-diagonal TMAF: diagonal, lower (gamma) and upper (beta).
/// </summary>
internal sealed record TriDiagonalGrids(BucketGrid Diagonal, BucketGrid Lower, BucketGrid Upper);
