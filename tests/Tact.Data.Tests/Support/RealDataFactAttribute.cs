namespace Tact.Data.Tests.Support;

/// <summary>
/// A fact that needs a folder of the real data; skipped, with a message saying why, when it is absent.
/// </summary>
public sealed class RealDataFactAttribute : FactAttribute
{
    /// <summary>Requires <paramref name="relative"/> (e.g. <c>mnist</c>) under the real-data root.</summary>
    public RealDataFactAttribute(string relative)
    {
        if (RealData.Root is null)
            Skip = RealData.Missing;
        else if (!Directory.Exists(System.IO.Path.Combine(RealData.Root, relative)))
            Skip = $"real data folder {relative} not found under {RealData.Root}";
    }
}
