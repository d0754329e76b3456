using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tact.Activations.Tests.Conversion;

/// <summary>Models written as classes: fields, ModuleList, ModuleDict, lists, and the sample-input path.</summary>
public class ReplaceCustomModuleTests
{
    // conv - BN - act, then a dense layer with its own activation; the fields are declared in an order unlike the
    // forward's, so only a forward pass can tell which layer comes before which activation.
    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv = nn.Conv2d(2, 6, 3, padding: 1);
        private readonly nn.Module<Tensor, Tensor> dense = nn.Linear(6, 4);
        private readonly nn.Module<Tensor, Tensor> act2 = nn.ReLU();
        private readonly BatchNorm2d norm = nn.BatchNorm2d(6);
        private readonly nn.Module<Tensor, Tensor> act1 = nn.ReLU();

        public Net() : base("Net") => RegisterComponents();

        public override Tensor forward(Tensor x)
        {
            var y = act1.call(norm.call(conv.call(x)));
            return act2.call(dense.call(y.mean([2L, 3L])));
        }
    }

    [Fact]
    public void ASampleGivesTheFeatureCountsAndTheFieldsAreReplaced()
    {
        manual_seed(4);
        using var model = new Net();
        using var x = randn(3, 2, 5, 5);
        var created = Activations.Replace(model, "prelu(per=neuron)", sample: x);

        Assert.Equal(["act2", "act1"], created.Select(c => c.Path));
        Assert.Equal([4, 6], created.Select(c => c.Module.Sets));
        var reached = new List<string>();
        foreach (var (path, module) in created)
            module.register_forward_hook(_ => reached.Add(path));
        using var y = model.call(x);
        Assert.Equal(["act1", "act2"], reached); // forward calls the new modules, in its own order
        Assert.Equal(2 + 2 + 2 + 2, model.parameters().Count());
    }

    [Fact]
    public void TheSamplePassLeavesBatchNormStatisticsAndTrainingFlagsAlone()
    {
        using var model = new Net();
        model.train();
        var statistics = model.state_dict().Where(kv => kv.Key.StartsWith("norm.running", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        Activations.Replace(model, "prelu(per=neuron)", sample: randn(2, 2, 5, 5) + 5);

        Assert.True(model.training);
        Assert.All(model.modules(), m => Assert.True(m.training));
        foreach (var (key, value) in statistics) Assert.True(allclose(value, model.state_dict()[key]), key);
    }

    [Fact]
    public void WithoutASampleACustomModuleNamesEachActivationItCannotCount()
    {
        using var model = new Net();
        var e = Assert.Throws<ArgumentException>(() => Activations.Replace(model, "prelu(per=neuron)"));
        Assert.Contains("'act2': its feature count cannot be inferred without a sample", e.Message);
        Assert.Contains("'act1': its feature count cannot be inferred without a sample", e.Message);
        Assert.Contains("its parent '(model)' (Net) is not a Sequential", e.Message);
        Assert.Contains("pass a sample input", e.Message);
        Assert.Equal(2, model.named_children().Count(c => c.module is ReLU)); // nothing was changed

        // A per-layer spec needs no count.
        Assert.Equal(2, Activations.Replace(model, "swish").Count);
    }

    private sealed class Lists : nn.Module<Tensor, Tensor>
    {
        private readonly ModuleList<nn.Module<Tensor, Tensor>> layers =
            nn.ModuleList<nn.Module<Tensor, Tensor>>(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2), nn.ReLU());
        private readonly ModuleDict<nn.Module<Tensor, Tensor>> heads = new();
        private readonly List<nn.Module<Tensor, Tensor>> plain;

        public Lists() : base("Lists")
        {
            heads.Add("out", nn.ReLU());
            plain = [heads["out"]];
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            foreach (var layer in layers) x = layer.call(x);
            return plain[0].call(heads["out"].call(x));
        }
    }

    [Fact]
    public void ModuleListsModuleDictsAndPlainListsAreUpdatedWithTheirRegistration()
    {
        using var model = new Lists();
        var created = Activations.Replace(model, "prelu(per=neuron)", sample: randn(2, 3));

        Assert.Equal(["layers.1", "layers.3", "heads.out"], created.Select(c => c.Path));
        Assert.Equal([5, 2, 2], created.Select(c => c.Module.Sets));
        Assert.DoesNotContain(model.modules(), m => m is ReLU);
        var calls = 0;
        foreach (var (_, module) in created) module.register_forward_hook(_ => calls++);
        using var y = model.call(randn(2, 3));
        Assert.Equal(4, calls); // heads.out runs twice: through the dictionary and through the plain list
    }

    private sealed class TypedField : nn.Module<Tensor, Tensor>
    {
        private readonly Linear dense = nn.Linear(3, 3);
        private readonly ReLU relu = nn.ReLU();

        public TypedField() : base("TypedField") => RegisterComponents();

        public override Tensor forward(Tensor x) => relu.call(dense.call(x));
    }

    [Fact]
    public void AFieldTypedAsTorchSharpsReLUIsNamedAndNothingChanges()
    {
        using var model = nn.Sequential(nn.Linear(3, 3), nn.ReLU(), new TypedField());
        var e = Assert.Throws<ArgumentException>(() => Activations.Replace(model, "swish"));
        Assert.Contains("'2.relu': it is held in field 'relu' of '2' (TypedField), typed ReLU, which cannot hold",
            e.Message);
        Assert.DoesNotContain("'1'", e.Message);
        Assert.IsType<ReLU>(model[1]); // the convertible one was left alone too
        Assert.Contains(model.named_modules(), m => m.name == "2.relu" && m.module is ReLU);
    }

    private sealed class Bound : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> act = nn.ReLU();
        private readonly Func<Tensor, Tensor> run;

        public Bound() : base("Bound")
        {
            run = act.call;
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => run(x);
    }

    [Fact]
    public void ADelegateBoundToTheActivationIsNamed()
    {
        using var model = new Bound();
        var e = Assert.Throws<ArgumentException>(() => Activations.Replace(model, "swish"));
        Assert.Contains("'act': it is held in a delegate in field 'run' of '(model)' (Bound), typed Func`2",
            e.Message);
    }

    private sealed class TypedList : nn.Module<Tensor, Tensor>
    {
        private readonly ModuleList<ReLU> list = nn.ModuleList(nn.ReLU());

        public TypedList() : base("TypedList") => RegisterComponents();

        public override Tensor forward(Tensor x) => list[0].call(x);
    }

    [Fact]
    public void AModuleListOfReLUsCannotHoldATactModule()
    {
        using var model = new TypedList();
        var e = Assert.Throws<ArgumentException>(() => Activations.Replace(model, "swish"));
        Assert.Contains("'list.0': it is held in element 0 of field '_list' of 'list' (ModuleList`1), typed ReLU",
            e.Message);
    }

    private sealed class Skips : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> used = nn.ReLU();
        private readonly nn.Module<Tensor, Tensor> direct = nn.ReLU();
        private readonly nn.Module<Tensor, Tensor> unused = nn.ReLU();

        public Skips() : base("Skips") => RegisterComponents();

        public override Tensor forward(Tensor x) => direct.forward(used.call(x));
    }

    [Fact]
    public void ActivationsTheSampleDidNotReachAreNamed()
    {
        using var model = new Skips();
        var e = Assert.Throws<ArgumentException>(
            () => Activations.Replace(model, "prelu(per=neuron)", sample: randn(2, 3)));
        Assert.Contains("'direct': the forward pass on the sample never reached it", e.Message);
        Assert.Contains("'unused': the forward pass on the sample never reached it", e.Message);
        Assert.DoesNotContain("'used'", e.Message);
    }

    private sealed class Shared : nn.Module<Tensor, Tensor>
    {
        private readonly Linear a = nn.Linear(3, 4), b = nn.Linear(4, 5);
        private readonly nn.Module<Tensor, Tensor> act = nn.ReLU();

        public Shared() : base("Shared") => RegisterComponents();

        public override Tensor forward(Tensor x) => act.call(b.call(act.call(a.call(x))));
    }

    [Fact]
    public void OneModuleUsedWithTwoFeatureCountsCannotBePerNeuron()
    {
        using var model = new Shared();
        var e = Assert.Throws<ArgumentException>(
            () => Activations.Replace(model, "prelu(per=neuron)", sample: randn(2, 3)));
        Assert.Contains("'act': it is used with 4 and 5 features; one per-neuron module cannot serve both", e.Message);

        using var sequential = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 5));
        sequential.append("again", sequential[1]);
        var twice = Assert.Throws<ArgumentException>(() => Activations.Replace(sequential, "prelu(per=neuron)"));
        Assert.Contains("'1': it is used after layers of 4 and 5 features", twice.Message);

        // Per layer, the shared module stays shared.
        var created = Activations.Replace(sequential, "swish");
        Assert.Equal(["1", "again"], created.Select(c => c.Path));
        Assert.Same(created[0].Module, created[1].Module);
    }

    [Fact]
    public void InferenceFailuresInASequentialSayWhy()
    {
        using var first = nn.Sequential(nn.ReLU(), nn.Linear(3, 3));
        var e = Assert.Throws<ArgumentException>(() => Activations.Replace(first, "prelu(per=neuron)"));
        Assert.Contains("'0': its feature count cannot be inferred without a sample: nothing before it in " +
            "'(model)' (Sequential) gives the feature count", e.Message);

        using var custom = nn.Sequential(nn.Linear(3, 3), new TypedField(), nn.ReLU(), nn.Flatten(), nn.ReLU());
        var after = Assert.Throws<ArgumentException>(
            () => Activations.Replace(custom, "prelu(per=neuron)", ["relu"], (p, _) => !p.Contains('.')));
        Assert.Contains("'2': its feature count cannot be inferred without a sample: the layer before it, " +
            "'1' (TypedField), does not say its feature count", after.Message);
        Assert.Contains("'4': its feature count cannot be inferred without a sample: the layer before it, " +
            "'3' (Flatten), does not say its feature count", after.Message);

        // The sample settles both.
        var created = Activations.Replace(custom, "prelu(per=neuron)", ["relu"], (p, _) => !p.Contains('.'),
            sample: randn(2, 3));
        Assert.Equal([3, 3], created.Select(c => c.Module.Sets));
    }

    [Fact]
    public void BadRequestsAreRefusedBeforeAnythingChanges()
    {
        using var model = nn.Sequential(nn.Linear(3, 3), nn.Tanh());
        var none = Assert.Throws<ArgumentException>(() => Activations.Replace(model, "swish"));
        Assert.Contains("nothing to replace with 'swish': no module of Sequential matches relu", none.Message);
        Assert.ThrowsAny<ArgumentException>(() => Activations.Replace(model, "nosuch", names: ["tanh"]));
        Assert.ThrowsAny<FormatException>(() => Activations.Replace(model, "prelu(per=", names: ["tanh"]));
        var root = Assert.Throws<ArgumentException>(() => Activations.Replace(model, "swish", where: (_, _) => false));
        Assert.Contains("passes the test", root.Message);
        Assert.IsType<Tanh>(model[1]);
    }
}
