using Tact.Activations;
using Tact.Activations.Registry;
using Tact.Checkpoints.Description;
using Tact.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Checkpoints.Tests;

/// <summary>Saving and loading gives back the same model: same tensors, same outputs, bit for bit.</summary>
public class RoundTripTests
{
    public static TheoryData<string> EveryFamilyAndGranularity()
    {
        var data = new TheoryData<string>();
        foreach (var family in ActivationRegistry.Default.Families)
            foreach (var per in family.Parameters.Any(p => p.Name == "per") ? new[] { "layer", "neuron" } : [""])
                data.Add(per.Length == 0 ? family.Name : $"{family.Name}(per={per})");
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryFamilyAndGranularity))]
    public void MlpWithEveryFamilyReloadsBitwise(string spec)
    {
        using var files = new TempFiles();
        var request = new ModelRequest([3], 2, [5, 4], [spec]);
        using var model = ModelCatalog.Create("mlp", request);
        Perturb(model);
        var path = files.File("m.safetensors");
        Checkpoint.Save(path, model, CheckpointDescription.ForModel("mlp", request));

        using var loaded = Checkpoint.Load(path);
        AssertSameOutputs(model, loaded.Model, [7, 3]);
        Assert.Equal(2, loaded.Description.Activations.Count);
        Assert.Equal("activations.0", loaded.Description.Activations[0].Module);
    }

    public static TheoryData<string, long[]> ZooModels() => new()
    {
        { "mlp", [1, 28, 28] },
        { "cnn-t2", [1, 28, 28] },
        { "cnn-t3", [3, 32, 32] },
        { "cae1", [1, 28, 28] },
        { "cae2", [1, 28, 28] },
        { "cae3", [3, 32, 32] },
        { "lstm", [6, 3] },
        { "resnet18", [3, 32, 32] },
    };

    [Theory]
    [MemberData(nameof(ZooModels))]
    public void EveryZooModelReloadsBitwise(string name, long[] shape)
    {
        using var files = new TempFiles();
        var specs = name == "lstm" ? new[] { "psigramp(per=neuron)", "tanh" } : ["prelu(per=neuron)"];
        var request = new ModelRequest(shape, 10, [8], specs);
        using var model = ModelCatalog.Create(name, request);
        Perturb(model);
        if (name == "resnet18")
        {
            // Batch-norm running statistics are buffers, not parameters; one training-mode pass moves them.
            model.train();
            using (no_grad()) model.call(randn([4, .. shape])).Dispose();
        }
        var path = files.File($"{name}.safetensors");
        Checkpoint.Save(path, model, CheckpointDescription.ForModel(name, request));

        using var loaded = Checkpoint.Load(path);
        AssertSameOutputs(model, loaded.Model, [2, .. shape]);
    }

    [Fact]
    public void AModelWithAUsersFamilyReloadsThroughItsRegistry()
    {
        using var files = new TempFiles();
        var registry = new ActivationRegistry();
        foreach (var family in ActivationRegistry.Default.Families) registry.Add(family);
        registry.Add(new ActivationFamily("steep_prelu", "PReLU starting at slope 0.5", "max(0, z) + a min(0, z)", true,
            [new ParameterInfo("per", "layer|neuron", "layer", "granularity")],
            args => new PReLU(args.Features ?? 1, args.Per(), init: 0.5)));
        var request = new ModelRequest([3], 2, [5], ["steep_prelu(per=neuron)"]);
        using var model = ModelCatalog.Create("mlp", request, registry);
        Perturb(model);
        var path = files.File("own-family.safetensors");
        Checkpoint.Save(path, model, CheckpointDescription.ForModel("mlp", request));

        using var loaded = Checkpoint.Load(path, registry);
        AssertSameOutputs(model, loaded.Model, [4, 3]);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path));
        Assert.Contains("steep_prelu", e.Message);
    }

    [Fact]
    public void DescriptionSurvivesTheRoundTrip()
    {
        using var files = new TempFiles();
        var request = new ModelRequest([4], 2, [10], ["tmaf(per=neuron)"]);
        using var model = ModelCatalog.Create("mlp", request);
        var path = files.File("d.safetensors");
        var task = new TaskDescription("banknote", Data.TaskKind.Classification, "ce", 2, false,
            new Data.Preparation.FeatureScaling([1, 2, 3, 4], [0.5, 1, 1, 2], false), ["0", "1"]);
        Checkpoint.Save(path, model, CheckpointDescription.ForModel("mlp", request) with
        {
            Task = task,
            EpochsTrained = 3,
            Metrics = new Dictionary<string, double> { ["accuracy"] = 0.75, ["odd"] = double.NaN },
        });

        var read = Checkpoint.ReadDescription(path);
        Assert.Equal(CheckpointDescription.CurrentFormatVersion, read.FormatVersion);
        Assert.Equal("mlp", read.Model!.Name);
        Assert.Equal([4L], read.Model.InputShape);
        Assert.Equal(["tmaf(per=neuron)"], read.Model.Activations);
        Assert.Equal(task.Scaling!.Mean, read.Task!.Scaling!.Mean);
        Assert.Equal(["0", "1"], read.Task.ClassNames!);
        Assert.Equal(0.75, read.Metrics!["accuracy"]);
        Assert.True(double.IsNaN(read.Metrics["odd"]));
        Assert.Equal(((Mlp)model).Activations[0].Spec, read.Activations[0].Spec);
        Assert.Equal(10, read.Activations[0].Sets);
    }

    [Fact]
    public void PthStateDictRoundTripsIntoAUsersModel()
    {
        using var files = new TempFiles();
        using var model = nn.Sequential(("fc", nn.Linear(3, 4)),
            ("act", Activations.Activations.Create("prelu(per=neuron)", 4)));
        Perturb(model);
        var path = files.File("m.pth");
        Checkpoint.SavePth(path, model);
        using var copy = nn.Sequential(("fc", nn.Linear(3, 4)),
            ("act", Activations.Activations.Create("prelu(per=neuron)", 4)));
        Assert.Null(Checkpoint.LoadInto(copy, path));
        AssertSameOutputs(model, copy, [5, 3]);
    }

    [Fact]
    public void SafetensorsLoadIntoAUsersModelReturnsTheDescription()
    {
        using var files = new TempFiles();
        using var model = nn.Sequential(("fc", nn.Linear(3, 4)), ("act", Activations.Activations.Create("swish", 4)));
        Perturb(model);
        var path = files.File("own.safetensors");
        Checkpoint.Save(path, model, new CheckpointDescription());
        using var copy = nn.Sequential(("fc", nn.Linear(3, 4)), ("act", Activations.Activations.Create("swish", 4)));
        var description = Checkpoint.LoadInto(copy, path);
        Assert.NotNull(description);
        Assert.Null(description.Model);
        Assert.Equal("act", Assert.Single(description.Activations).Module);
        AssertSameOutputs(model, copy, [5, 3]);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path));
        Assert.Contains("names no model", e.Message);
    }

    [Fact]
    public void AdamStateRoundTripsBesideTheCheckpoint()
    {
        using var files = new TempFiles();
        var request = new ModelRequest([3], 1, [4], ["prelu"]);
        using var model = ModelCatalog.Create("mlp", request);
        using var adam = optim.Adam(model.parameters(), 0.01);
        for (int step = 0; step < 3; step++)
        {
            adam.zero_grad();
            model.call(randn(8, 3)).square().mean().backward();
            adam.step();
        }
        var path = files.File("a.safetensors");
        Checkpoint.Save(path, model, CheckpointDescription.ForModel("mlp", request), adam);
        Assert.True(File.Exists(Checkpoint.OptimizerPath(path)));

        // Both copies take one more identical step: equal weights afterwards only if the moments were restored.
        using var loaded = Checkpoint.Load(path);
        using var adam2 = optim.Adam(loaded.Model.parameters(), 0.01);
        Assert.True(Checkpoint.LoadOptimizer(path, adam2));
        var x = randn(8, 3);
        foreach (var (m, o) in new[] { (model, (optim.Optimizer)adam), (loaded.Model, adam2) })
        {
            o.zero_grad();
            m.call(x).square().mean().backward();
            o.step();
        }
        AssertSameOutputs(model, loaded.Model, [5, 3]);

        Checkpoint.Save(path, model, CheckpointDescription.ForModel("mlp", request));
        Assert.False(File.Exists(Checkpoint.OptimizerPath(path)));
    }

    internal static void Perturb(nn.Module model)
    {
        using var _ = no_grad();
        foreach (var p in model.parameters()) p.add_(randn_like(p) * 0.05);
        ActivationConstraints.ProjectAll(model);
    }

    internal static void AssertSameOutputs(nn.Module<Tensor, Tensor> a, nn.Module<Tensor, Tensor> b, long[] shape)
    {
        a.eval();
        b.eval();
        using var _ = no_grad();
        using var x = randn(shape);
        using var ya = a.call(x);
        using var yb = b.call(x);
        Assert.Equal(ya.shape, yb.shape);
        Assert.True(ya.bytes.SequenceEqual(yb.bytes), "outputs differ after reload");
        foreach (var ((na, ta), (nb, tb)) in a.state_dict().Zip(b.state_dict()))
        {
            Assert.Equal(na, nb);
            Assert.True(ta.contiguous().bytes.SequenceEqual(tb.contiguous().bytes), $"tensor {na} differs");
        }
    }
}
