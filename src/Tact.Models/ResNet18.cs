using Tact.Activations;
using Tact.Activations.Registry;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Models;

/// <summary>
/// ResNet-18 for 32x32 inputs (the CIFAR variant the TMAF paper trains): a 3x3 stem convolution with batch norm and
/// no max-pool, four stages of two basic blocks (64, 128, 256, 512 channels; stride 2 from the second stage),
/// global average pooling and a linear layer. The activation under test follows the stem and appears twice in each
/// block (after the first batch norm and after the residual sum): 17 activated layers.
/// </summary>
public sealed class ResNet18 : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d stem;
    private readonly BatchNorm2d stemNorm;
    private readonly ActivationModule stemAct;
    private readonly ModuleList<BasicBlock> blocks = new();
    private readonly Linear fc;

    /// <summary>Creates the network; <paramref name="width"/> scales every stage (64 is the standard).</summary>
    public ResNet18(long[] inputShape, int classes, IReadOnlyList<string> specs, int width = 64,
        ActivationRegistry? registry = null)
        : base("ResNet18")
    {
        var (c, _, _) = ModelCatalog.Image(inputShape, "resnet18", multiple: 8);
        var next = ActivationSpecs.Sequence(specs, 17, "resnet18", registry);
        stem = nn.Conv2d(c, width, 3, padding: 1, bias: false);
        stemNorm = nn.BatchNorm2d(width);
        stemAct = next(width);
        int channels = width;
        foreach (var (multiplier, stride) in new[] { (1, 1), (2, 2), (4, 2), (8, 2) })
        {
            blocks.Add(new BasicBlock(channels, width * multiplier, stride, next));
            blocks.Add(new BasicBlock(width * multiplier, width * multiplier, 1, next));
            channels = width * multiplier;
        }
        fc = nn.Linear(channels, classes);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        x = stemAct.call(stemNorm.call(stem.call(x)));
        foreach (var block in blocks) x = block.call(x);
        return fc.call(x.mean([2L, 3L]));
    }

    /// <summary>
    /// conv3x3 - BN - act - conv3x3 - BN, plus the shortcut (1x1 conv - BN when the shape changes), then act.
    /// </summary>
    private sealed class BasicBlock : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1, conv2;
        private readonly BatchNorm2d bn1, bn2;
        private readonly ActivationModule act1, act2;
        private readonly Sequential? shortcut;

        public BasicBlock(int inChannels, int outChannels, int stride, Func<int, ActivationModule> next)
            : base("BasicBlock")
        {
            conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
            bn1 = nn.BatchNorm2d(outChannels);
            act1 = next(outChannels);
            conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1, bias: false);
            bn2 = nn.BatchNorm2d(outChannels);
            if (stride != 1 || inChannels != outChannels)
                shortcut = nn.Sequential(nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false),
                    nn.BatchNorm2d(outChannels));
            act2 = next(outChannels);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var y = bn2.call(conv2.call(act1.call(bn1.call(conv1.call(x)))));
            return act2.call(y + (shortcut?.call(x) ?? x));
        }
    }
}
