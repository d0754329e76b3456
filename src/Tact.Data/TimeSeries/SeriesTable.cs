using static TorchSharp.torch;

namespace Tact.Data.TimeSeries;

/// <summary>A multivariate series read from CSV: values [T, V] and one name per variable.</summary>
/// <param name="Values">float32 [T, V].</param>
/// <param name="Names">Variable names (<c>v1..vV</c> without a header).</param>
public sealed record SeriesTable(Tensor Values, string[] Names);
