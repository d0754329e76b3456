using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Tact.Data;
using Tact.Data.Images;
using Tact.Experiments.Tasks;
using static TorchSharp.torch;

namespace Tact.Benchmarks;

/// <summary>
/// How long MNIST takes to load into tensors, and how much of a training epoch of an MLP is data handling: one epoch
/// of shuffled mini-batches gathered with <c>index_select</c> (what the trainer does), against the same epoch with the
/// forward pass, backward pass and Adam step of a 784-256-256-10 ReLU MLP. The ratio of the two is the fraction of an
/// epoch spent on data. MNIST is found as <c>tact train --task mnist</c> finds it (TACT_DATA, a shared/data folder).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class MnistDataBenchmarks
{
    private const int Batch = 100;
    private Dataset _data = null!;
    private nn.Module<Tensor, Tensor> _mlp = null!;
    private optim.Optimizer _adam = null!;
    private string _directory = "";

    [GlobalSetup]
    public void Setup()
    {
        _directory = DataLocator.Find("mnist", null, "mnist");
        _data = IdxReader.LoadDirectory(_directory, "mnist");
        random.manual_seed(1);
        _mlp = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
            nn.Linear(256, 10));
        _adam = optim.Adam(_mlp.parameters());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _data.Dispose();
        _mlp.Dispose();
    }

    /// <summary>Reads and decodes the four IDX files (60000 + 10000 images) into float tensors.</summary>
    [Benchmark]
    public long LoadAllOfMnist()
    {
        using var data = IdxReader.LoadDirectory(_directory, "mnist");
        return data.Train.Count + data.Test.Count;
    }

    /// <summary>One epoch of shuffled batches of 100, gathered and dropped: the data side of an epoch.</summary>
    [Benchmark]
    public double GatherOneEpochOfBatches()
    {
        double checksum = 0;
        EachBatch((x, y) => checksum += x.shape[0] + y.shape[0]);
        return checksum;
    }

    /// <summary>The same epoch with forward, cross-entropy, backward and an Adam step of the MLP.</summary>
    [Benchmark]
    public double TrainOneEpochOfTheMlp()
    {
        double last = 0;
        EachBatch((x, y) =>
        {
            _adam.zero_grad();
            var loss = nn.functional.cross_entropy(_mlp.call(x), y);
            loss.backward();
            _adam.step();
            last = loss.item<float>();
        });
        return last;
    }

    private void EachBatch(Action<Tensor, Tensor> step)
    {
        long n = _data.Train.Count;
        using var order = randperm(n);
        for (long start = 0; start < n; start += Batch)
        {
            using var scope = NewDisposeScope();
            var index = order.narrow(0, start, Math.Min(Batch, n - start));
            step(_data.Train.X.index_select(0, index), _data.Train.Y.index_select(0, index));
        }
    }
}
