namespace Tact.Data.Tests.Support;

/// <summary>
/// A fact that needs Debian's Fashion-MNIST (<c>apt-get install dataset-fashion-mnist</c>); skipped visibly without it.
/// </summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    /// <summary>Skips when <see cref="RealData.FashionMnist"/> is missing.</summary>
    public FashionMnistFactAttribute()
    {
        if (!Directory.Exists(RealData.FashionMnist))
            Skip = $"Fashion-MNIST not found at {RealData.FashionMnist} " +
                "(install the Debian package dataset-fashion-mnist)";
    }
}
