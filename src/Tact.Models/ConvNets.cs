using Tact.Activations;
using Tact.Activations.Registry;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Models;

/// <summary>
/// The WSGAF paper's Table 2 network for MNIST and Fashion-MNIST: conv 5x5x32 ("same") - activation - max-pool 2 -
/// conv 5x5x64 ("same") - activation - max-pool 2 - flatten - dropout 0.5 - dense 10. Every layer but the output uses
/// the activation under test (2 activated layers). Input [N, C, H, W] with H and W divisible by 4 (28x28: 7x7x64 = 3136
/// features before the dense layer).
/// </summary>
public sealed class CnnTable2 : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1, conv2;
    private readonly ActivationModule act1, act2;
    private readonly Dropout dropout;
    private readonly Linear dense;

    /// <summary>
    /// Creates the network for inputs [channels, height, width] and <paramref name="classes"/> outputs.
    /// </summary>
    public CnnTable2(long[] inputShape, int classes, IReadOnlyList<string> specs, ActivationRegistry? registry = null)
        : base("CnnTable2")
    {
        var (c, h, w) = ModelCatalog.Image(inputShape, "cnn-t2", multiple: 4);
        var next = ActivationSpecs.Sequence(specs, 2, "cnn-t2", registry);
        conv1 = nn.Conv2d(c, 32, 5, padding: 2);
        act1 = next(32);
        conv2 = nn.Conv2d(32, 64, 5, padding: 2);
        act2 = next(64);
        dropout = nn.Dropout(0.5);
        dense = nn.Linear(64 * (h / 4) * (w / 4), classes);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        x = nn.functional.max_pool2d(act1.call(conv1.call(x)), 2);
        x = nn.functional.max_pool2d(act2.call(conv2.call(x)), 2);
        return dense.call(dropout.call(x.flatten(1)));
    }
}

/// <summary>
/// The WSGAF paper's Table 3 network for CIFAR-10: conv 5x5x64 - activation - max-pool 2 - LRN(5) - conv 5x5x64 -
/// activation - LRN(5) - max-pool 2 - dense 384 - activation - dense 192 - activation - dense 10 ("same" padding;
/// 4 activated layers). LRN is PyTorch's LocalResponseNorm(size 5) with its default alpha, beta and k.
/// </summary>
public sealed class CnnTable3 : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1, conv2;
    private readonly LocalResponseNorm lrn1, lrn2;
    private readonly Linear dense1, dense2, output;
    private readonly ActivationModule act1, act2, act3, act4;

    /// <summary>
    /// Creates the network for inputs [channels, height, width] and <paramref name="classes"/> outputs.
    /// </summary>
    public CnnTable3(long[] inputShape, int classes, IReadOnlyList<string> specs, ActivationRegistry? registry = null)
        : base("CnnTable3")
    {
        var (c, h, w) = ModelCatalog.Image(inputShape, "cnn-t3", multiple: 4);
        var next = ActivationSpecs.Sequence(specs, 4, "cnn-t3", registry);
        conv1 = nn.Conv2d(c, 64, 5, padding: 2);
        act1 = next(64);
        lrn1 = nn.LocalResponseNorm(5);
        conv2 = nn.Conv2d(64, 64, 5, padding: 2);
        act2 = next(64);
        lrn2 = nn.LocalResponseNorm(5);
        dense1 = nn.Linear(64 * (h / 4) * (w / 4), 384);
        act3 = next(384);
        dense2 = nn.Linear(384, 192);
        act4 = next(192);
        output = nn.Linear(192, classes);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        x = lrn1.call(nn.functional.max_pool2d(act1.call(conv1.call(x)), 2));
        x = nn.functional.max_pool2d(lrn2.call(act2.call(conv2.call(x))), 2);
        x = act3.call(dense1.call(x.flatten(1)));
        return output.call(act4.call(dense2.call(x)));
    }
}
