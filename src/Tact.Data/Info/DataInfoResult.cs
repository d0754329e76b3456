namespace Tact.Data.Info;

/// <summary>What <c>tact data info DIR</c> reports about a data directory.</summary>
/// <param name="Directory">The directory inspected.</param>
/// <param name="Format">Detected format: <c>idx</c>, <c>cifar10-binary</c>, <c>svhn-mat</c> or <c>csv</c>.</param>
/// <param name="Files">Every file read, with its size and SHA-256.</param>
/// <param name="Parts">Counts, shapes and class histograms per split or table.</param>
/// <param name="ClassNames">Class names when the data names them, else null.</param>
public sealed record DataInfoResult(string Directory, string Format, IReadOnlyList<DataFileInfo> Files,
    IReadOnlyList<DataPartInfo> Parts, IReadOnlyList<string>? ClassNames)
{
    /// <summary>
    /// What would keep training from using the data, one line each: a part with no samples, parts whose samples
    /// differ in shape, labels beyond the classes, a class no training sample has. Empty when there is nothing.
    /// </summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
