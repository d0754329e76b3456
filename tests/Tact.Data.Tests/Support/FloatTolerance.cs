namespace Tact.Data.Tests.Support;

/// <summary>Compares floats within an absolute tolerance.</summary>
public sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
{
    /// <inheritdoc />
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

    /// <inheritdoc />
    public int GetHashCode(float obj) => 0;
}
