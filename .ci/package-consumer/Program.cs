// The program .ci/packages builds in a fresh console project outside the repository, against the packed
// Tact.Activations and Tact.Checkpoints: a network with a tact activation trains a few steps, is saved as a
// checkpoint, reloaded from it and run.
using Tact.Activations;
using Tact.Checkpoints;
using Tact.Checkpoints.Description;
using Tact.Models;
using TorchSharp;
using static TorchSharp.torch;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: consumer CHECKPOINT.safetensors");
    return 2;
}

torch.manual_seed(7);
using var x = rand(256, 2) * 4 - 2;
using var y = sin(Math.PI * x.sum(1L, keepdim: true));

var request = new ModelRequest([2], 1, [16], ["tmaf(per=neuron)"]);
var model = ModelCatalog.Create("mlp", request);
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

// A self-describing checkpoint: the file alone rebuilds the model, activations and learned values included.
Checkpoint.Save(args[0], model, CheckpointDescription.ForModel("mlp", request));
using var loaded = Checkpoint.Load(args[0]);
var reloaded = loaded.Model;
model.eval();
reloaded.eval();
using var expected = model.call(x);
using var actual = reloaded.call(x);
double difference = (expected - actual).abs().max().item<float>();

Console.WriteLine($"loss {first:F4} -> {last:F4}; reloaded model differs by {difference:G3}");
Console.WriteLine(((Mlp)reloaded).Activations[0].Formula().Split('\n')[0]);
if (!(last < first) || difference != 0)
{
    Console.Error.WriteLine("consumer: training did not lower the loss, or the reloaded model disagrees");
    return 1;
}
return 0;
