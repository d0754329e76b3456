using System.Buffers;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Tact.Activations.Kernels;

/// <summary>
/// A zeroed double buffer of a table gradient's size, rented from the shared pool: a fresh array of a large table every
/// backward pass would cost the page faults of new memory (about 7 microseconds each on a virtual machine).
/// </summary>
internal readonly struct PooledSums : IDisposable
{
    private readonly int _length;

    public PooledSums(int length)
    {
        _length = length;
        Array = ArrayPool<double>.Shared.Rent(length);
        System.Array.Clear(Array, 0, length);
    }

    /// <summary>The buffer; only its first <c>length</c> entries are ours.</summary>
    public double[] Array { get; }

    /// <summary>
    /// Writes the sums into <paramref name="gradient"/>, a contiguous CPU tensor of as many elements.
    /// </summary>
    public void CopyTo(Tensor gradient)
    {
        var source = new ReadOnlySpan<double>(Array, 0, _length);
        if (gradient.dtype == ScalarType.Float32)
            System.Numerics.Tensors.TensorPrimitives.ConvertTruncating(source,
                MemoryMarshal.Cast<byte, float>(gradient.bytes));
        else source.CopyTo(MemoryMarshal.Cast<byte, double>(gradient.bytes));
    }

    public void Dispose() => ArrayPool<double>.Shared.Return(Array);
}
