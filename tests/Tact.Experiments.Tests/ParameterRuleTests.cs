using Tact.Data.Synthetic;
using Tact.Experiments.Training;
using Tact.Models;
using static TorchSharp.torch;

namespace Tact.Experiments.Tests;

public class ParameterRuleTests
{
    private static Dictionary<string, Tensor> Snapshot(Mlp model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

    [Fact]
    public void AFrozenLayerDoesNotChangeWhileTheOthersTrain()
    {
        random.manual_seed(3);
        using var data = FunctionTasks.Sine(1, seed: 1, trainCount: 200, testCount: 50);
        using var model = new Mlp(1, [8], 1, ["tmaf(grid=-2:2:0.5)"]);
        var before = Snapshot(model);
        var options = new TrainOptions
        {
            Epochs = 3,
            BatchSize = 20,
            LearningRate = 1e-2,
            Optimizer = OptimizerKind.Adam,
            Parameters = [new ParameterRule("linears.0", 0)],
        };
        Trainer.Fit(model, data, options);
        var after = Snapshot(model);
        Assert.True(before["linears.0.weight"].allclose(after["linears.0.weight"], rtol: 0, atol: 0));
        Assert.True(before["linears.0.bias"].allclose(after["linears.0.bias"], rtol: 0, atol: 0));
        Assert.False(before["linears.1.weight"].allclose(after["linears.1.weight"]));
        Assert.False(before["activations.0.values"].allclose(after["activations.0.values"]));
        Assert.False(model.named_parameters().First(p => p.name == "linears.0.weight").parameter.requires_grad);
    }

    [Fact]
    public void AScaledLayerStepsByItsFactor()
    {
        // One full-batch SGD step from the same start: under factor 0.01 the first layer moves 0.01 times as far as
        // without rules, and the output layer as far.
        var plain = StepOf(null);
        var scaled = StepOf([new ParameterRule("linears.0", 0.01)]);
        // Float32 parameters: a step of about 1e-4 is resolved to about 1e-7 (times 100 in the comparison).
        Assert.True(plain["linears.0.weight"].abs().max().item<float>() > 1e-3);
        Assert.True((scaled["linears.0.weight"] * 100).allclose(plain["linears.0.weight"], rtol: 1e-2, atol: 3e-5));
        Assert.True((scaled["linears.0.bias"] * 100).allclose(plain["linears.0.bias"], rtol: 1e-2, atol: 3e-5));
        Assert.True(scaled["linears.1.weight"].allclose(plain["linears.1.weight"], rtol: 1e-3, atol: 1e-7));

        static Dictionary<string, Tensor> StepOf(IReadOnlyList<ParameterRule>? rules)
        {
            random.manual_seed(4);
            using var data = FunctionTasks.Sine(1, seed: 1, trainCount: 100, testCount: 20);
            using var model = new Mlp(1, [5], 1, ["tanh"]);
            var before = Snapshot(model);
            Trainer.Fit(model, data, new TrainOptions
            {
                Epochs = 1,
                BatchSize = 100,
                LearningRate = 0.1,
                Optimizer = OptimizerKind.Sgd,
                Parameters = rules,
            });
            return Snapshot(model).ToDictionary(kv => kv.Key, kv => kv.Value - before[kv.Key]);
        }
    }

    [Fact]
    public void TheScheduleAppliesToEveryGroupTimesItsFactor()
    {
        random.manual_seed(4);
        using var data = FunctionTasks.Sine(1, seed: 1, trainCount: 100, testCount: 20);
        using var model = new Mlp(1, [5], 1, ["tanh"]);
        var options = new TrainOptions
        {
            Epochs = 2,
            BatchSize = 50,
            LearningRate = 0.1,
            Optimizer = OptimizerKind.Sgd,
            LrSchedule = [new LrStep(0.5, 0.05)],
            Parameters = [new ParameterRule("linears.0", 0.01)],
        };
        using var optimizer = Trainer.CreateOptimizer(model, options);
        Assert.Equal([0.1 * 0.01, 0.1], optimizer.ParamGroups.Select(g => g.LearningRate).Order());
        Trainer.Fit(model, data, options, optimizer: optimizer);
        var rates = optimizer.ParamGroups.Select(g => g.LearningRate).Order().ToList();
        Assert.Equal(0.05 * 0.01, rates[0], 12);
        Assert.Equal(0.05, rates[1], 12);
    }

    [Fact]
    public void ARuleThatMatchesNothingOrFreezesEverythingIsAConfigError()
    {
        using var model = new Mlp(1, [4], 1, ["relu"]);
        var none = Assert.Throws<ConfigException>(() =>
            Trainer.CreateOptimizer(model, new TrainOptions { Parameters = [new ParameterRule("linears.9", 0.5)] }));
        Assert.Contains("linears.0", none.Message);   // lists the layers there are
        Assert.Throws<ConfigException>(() =>
            Trainer.CreateOptimizer(model, new TrainOptions { Parameters = [new ParameterRule("linears", 0)] }));
        Assert.Throws<ConfigException>(() =>
            new TrainOptions { Parameters = [new ParameterRule("linears.0", -1)] }.Validate());
        // A prefix matches whole dotted components only.
        Assert.False(new ParameterRule("linears.1", 0).Matches("linears.10.weight"));
        Assert.True(new ParameterRule("linears.1", 0).Matches("linears.1.weight"));
    }
}
