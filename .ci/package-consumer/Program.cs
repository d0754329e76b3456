// The program .ci/packages builds in a fresh console project outside the repository, against the packed
// Tact.Activations: a network with a tact activation trains a few steps, is saved, reloaded and run.
using Tact.Activations;
using TorchSharp;
using static TorchSharp.torch;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: consumer WEIGHTS_FILE");
    return 2;
}

torch.manual_seed(7);
using var x = rand(256, 2) * 4 - 2;
using var y = sin(Math.PI * x.sum(1L, keepdim: true));

var model = Network();
var optimizer = optim.Adam(model.parameters(), lr: 0.02);
double first = 0, last = 0;
for (int step = 0; step < 40; step++)
{
    using var scope = NewDisposeScope();
    optimizer.zero_grad();
    var loss = nn.functional.mse_loss(model.call(x), y);
    loss.backward();
    optimizer.step();
    last = loss.item<float>();
    if (step == 0) first = last;
}

// TorchSharp's own state-dict format; the activation's learned values travel with the weights.
model.save(args[0]);
var reloaded = Network();
reloaded.load(args[0]);
model.eval();
reloaded.eval();
using var expected = model.call(x);
using var actual = reloaded.call(x);
double difference = (expected - actual).abs().max().item<float>();

Console.WriteLine($"loss {first:F4} -> {last:F4}; reloaded model differs by {difference:G3}");
Console.WriteLine(((ActivationModule)reloaded[1]).Formula().Split('\n')[0]);
if (!(last < first) || difference != 0)
{
    Console.Error.WriteLine("consumer: training did not lower the loss, or the reloaded model disagrees");
    return 1;
}
return 0;

static TorchSharp.Modules.Sequential Network() => nn.Sequential(
    ("hidden", nn.Linear(2, 16)),
    ("act", Activations.Create("tmaf(per=neuron)", features: 16)),
    ("out", nn.Linear(16, 1)));
