namespace Tact.Data.Info;

/// <summary>One part (split or table) of a data set.</summary>
/// <param name="Name">Part name, e.g. <c>train</c>, <c>test</c> or a file name.</param>
/// <param name="Count">Number of samples.</param>
/// <param name="SampleShape">Shape of one input sample, e.g. <c>[1, 28, 28]</c> or <c>[4]</c>.</param>
/// <param name="ClassHistogram">Samples per class, index = class label.</param>
public sealed record DataPartInfo(string Name, long Count, long[] SampleShape, long[] ClassHistogram);
