using Tact.Activations.Registry;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Models;

/// <summary>
/// The flexible-combination paper's convolutional autoencoders. Its listing gives Conv2d(channels, kernel, stride)
/// and activations, not paddings; we read the decoder's Conv2d as transposed convolutions and choose paddings so that
/// the output shape equals the input shape (CAE 2 is then exactly the widely used PyTorch MNIST autoencoder):
/// <list type="bullet">
/// <item>CAE1 (1x28x28): Conv(16, 3, s3, p1) 10x10 - act - MaxPool(2, 2) 5x5 [code 16x5x5] - ConvT(8, 5, s3, p1)
/// 15x15 - act - ConvT(1, 2, s2, p1) 28x28 - output activation (tanh);</item>
/// <item>CAE2 (1x28x28): Conv(16, 3, s3, p1) 10x10 - act - MaxPool(2, 2) 5x5 - Conv(8, 3, s2, p1) 3x3 - act -
/// MaxPool(2, 1) 2x2 [code 8x2x2] - ConvT(16, 3, s2) 5x5 - act - ConvT(8, 5, s3, p1) 15x15 - act - ConvT(1, 2, s2, p1)
/// 28x28 - output activation (tanh);</item>
/// <item>CAE3 (3x32x32): Conv(12, 4, s2, p1) 16 - act - Conv(24, 4, s2, p1) 8 - act - Conv(48, 4, s2, p1) 4 - act
/// [code 48x4x4] - ConvT(24, 4, s2, p1) 8 - act - ConvT(12, 4, s2, p1) 16 - act - ConvT(3, 4, s2, p1) 32 - output
/// activation (relu, as listed).</item>
/// </list>
/// Every "ReLU" of the listing is the activation under test; the output activation is separate (the paper's by
/// default).
/// </summary>
public sealed class ConvAutoencoder : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> layers = new();

    /// <summary>The paper's output activation of each autoencoder.</summary>
    public static string DefaultOutput(string variant) => variant == "cae3" ? "relu" : "tanh";

    /// <summary>Creates <c>cae1</c>, <c>cae2</c> or <c>cae3</c>.</summary>
    public ConvAutoencoder(string variant, long[] inputShape, IReadOnlyList<string> specs, string? outputSpec = null,
        ActivationRegistry? registry = null) : base(variant.ToUpperInvariant())
    {
        var expected = variant == "cae3" ? new long[] { 3, 32, 32 } : [1, 28, 28];
        if (!inputShape.SequenceEqual(expected))
            throw new ArgumentException($"{variant}: expects inputs of shape [{string.Join(", ", expected)}] " +
                $"(channels, height, width), got [{string.Join(", ", inputShape)}]");
        int activated = variant switch
        {
            "cae1" => 2,
            "cae2" => 4,
            "cae3" => 5,
            _ => throw new ArgumentException($"unknown autoencoder '{variant}'"),
        };
        var next = ActivationSpecs.Sequence(specs, activated, variant, registry);
        void Add(nn.Module<Tensor, Tensor> m) => layers.Add(m);
        switch (variant)
        {
            case "cae1":
                Add(nn.Conv2d(1, 16, 3, stride: 3, padding: 1)); Add(next(16)); Add(nn.MaxPool2d(2, 2));
                Add(nn.ConvTranspose2d(16, 8, 5, stride: 3, padding: 1)); Add(next(8));
                Add(nn.ConvTranspose2d(8, 1, 2, stride: 2, padding: 1));
                break;
            case "cae2":
                Add(nn.Conv2d(1, 16, 3, stride: 3, padding: 1)); Add(next(16)); Add(nn.MaxPool2d(2, 2));
                Add(nn.Conv2d(16, 8, 3, stride: 2, padding: 1)); Add(next(8)); Add(nn.MaxPool2d(2, 1));
                Add(nn.ConvTranspose2d(8, 16, 3, stride: 2)); Add(next(16));
                Add(nn.ConvTranspose2d(16, 8, 5, stride: 3, padding: 1)); Add(next(8));
                Add(nn.ConvTranspose2d(8, 1, 2, stride: 2, padding: 1));
                break;
            default:
                Add(nn.Conv2d(3, 12, 4, stride: 2, padding: 1)); Add(next(12));
                Add(nn.Conv2d(12, 24, 4, stride: 2, padding: 1)); Add(next(24));
                Add(nn.Conv2d(24, 48, 4, stride: 2, padding: 1)); Add(next(48));
                Add(nn.ConvTranspose2d(48, 24, 4, stride: 2, padding: 1)); Add(next(24));
                Add(nn.ConvTranspose2d(24, 12, 4, stride: 2, padding: 1)); Add(next(12));
                Add(nn.ConvTranspose2d(12, 3, 4, stride: 2, padding: 1));
                break;
        }
        Add(ActivationSpecs.Create(outputSpec ?? DefaultOutput(variant), (int)expected[0], registry));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        foreach (var layer in layers) x = layer.call(x);
        return x;
    }
}
