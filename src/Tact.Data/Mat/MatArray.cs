using static TorchSharp.torch;

namespace Tact.Data.Mat;

/// <summary>
/// One numeric variable of a MAT file. MATLAB stores arrays column-major; <see cref="Stored"/> keeps the bytes as
/// they are, which read row-major is the array with its dimensions reversed.
/// </summary>
/// <param name="Name">Variable name.</param>
/// <param name="Dimensions">MATLAB dimensions, e.g. <c>[32, 32, 3, N]</c>.</param>
/// <param name="Class">MATLAB class of the array (the tensor dtype follows it).</param>
/// <param name="Stored">The values, shape <see cref="Dimensions"/> reversed.</param>
public sealed record MatArray(string Name, long[] Dimensions, MatClass Class, Tensor Stored)
{
    /// <summary>Number of values.</summary>
    public long Count => Stored.numel();

    /// <summary>
    /// The array in MATLAB's index order (row-major tensor of shape <see cref="Dimensions"/>); a copy.
    /// </summary>
    public Tensor ToTensor()
    {
        var order = Enumerable.Range(0, Dimensions.Length).Reverse().Select(i => (long)i).ToArray();
        using var permuted = Stored.permute(order);
        return permuted.contiguous();
    }
}
