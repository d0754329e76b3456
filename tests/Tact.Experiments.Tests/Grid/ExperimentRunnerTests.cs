using Tact.Experiments.Grid;
using Tact.Experiments.Store;

namespace Tact.Experiments.Tests.Grid;

public class ExperimentRunnerTests
{
    private static ExperimentPlan Plan(int seeds = 2) => ExperimentPlan.Expand(ExperimentFile.Parse($"""
        name: tiny
        task: sine
        task_options: {"{"} train_size: 200, test_size: 50 {"}"}
        hidden: [4]
        activations: [relu, tanh, "prelu(per=neuron)"]
        epochs: 2
        seeds: {seeds}
        smoke: {"{"} epochs: 1, seeds: 1, max_cells: 1 {"}"}
        """, "tiny.yaml"), Scale.Full);

    private static string TempDir() => Path.Combine(Path.GetTempPath(), "tact-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void ExpandsCellsTimesSeedsWithStableDistinctIds()
    {
        var plan = Plan(seeds: 2);
        Assert.Equal(6, plan.Runs.Count);
        Assert.Equal(6, plan.Runs.Select(r => r.Id).Distinct().Count());
        Assert.Equal(plan.Runs.Select(r => r.Id), Plan(seeds: 2).Runs.Select(r => r.Id));
        Assert.Equal([1L, 2L, 1L, 2L, 1L, 2L], plan.Runs.Select(r => r.Training.Seed));
    }

    [Fact]
    public void SmokeScaleAppliesTheOverrides()
    {
        var spec = ExperimentFile.Parse(
            "name: s\ntask: sine\nactivations: [relu, tanh]\nbaseline: tanh\nepochs: 50\nseeds: 5\n" +
            "smoke: { epochs: 1, seeds: 1, max_cells: 1, train_size: 10 }\n", "s.yaml");
        var plan = ExperimentPlan.Expand(spec, Scale.Smoke);
        // max_cells keeps relu, and the baseline stays so reports can test against it.
        Assert.Equal(["tanh", "relu"], plan.Runs.Select(r => r.Label));
        Assert.All(plan.Runs, r => Assert.Equal(1, r.Training.Epochs));
        Assert.All(plan.Runs, r => Assert.Equal(10, r.TaskOptions.TrainCount));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void ShardsPartitionThePlan(int n)
    {
        var plan = Plan();
        var parts = Enumerable.Range(1, n).Select(i => plan.For(new Shard(i, n)).Select(r => r.Id).ToList()).ToList();
        Assert.Equal(plan.Runs.Count, parts.Sum(p => p.Count));
        Assert.Equal(plan.Runs.Select(r => r.Id).Order(), parts.SelectMany(p => p).Order());
    }

    [Theory]
    [InlineData("0/2")]
    [InlineData("3/2")]
    [InlineData("1-2")]
    [InlineData("a/b")]
    public void BadShardsAreRejected(string text) => Assert.Throws<ConfigException>(() => Shard.Parse(text));

    [Fact]
    public void RerunningSkipsFinishedRuns()
    {
        var dir = TempDir();
        var plan = Plan();
        using (var store = ResultStore.Open(dir))
        {
            var first = ExperimentRunner.Run(plan, store, Shard.All);
            Assert.Equal(new GridSummary(6, 0, 6, 0), first);
            var again = ExperimentRunner.Run(plan, store, Shard.All);
            Assert.Equal(new GridSummary(6, 6, 0, 0), again);
            Assert.Equal(6, store.Load().Count);
        }
        Assert.True(File.Exists(Path.Combine(dir, "runs.csv")));
        Assert.Equal(7, File.ReadAllLines(Path.Combine(dir, "runs.csv")).Length);
    }

    [Fact]
    public void MergedShardsEqualOneUnshardedRun()
    {
        var plan = Plan();
        string a = TempDir(), b = TempDir(), merged = TempDir(), whole = TempDir();
        using (var s1 = ResultStore.Open(a)) ExperimentRunner.Run(plan, s1, new Shard(1, 2));
        using (var s2 = ResultStore.Open(b)) ExperimentRunner.Run(plan, s2, new Shard(2, 2));
        using (var w = ResultStore.Open(whole)) ExperimentRunner.Run(plan, w, Shard.All);
        using var m = ResultStore.Open(merged);
        using (var s1 = ResultStore.OpenExisting(a)) Assert.Equal(3, m.MergeFrom(s1));
        using (var s2 = ResultStore.OpenExisting(b)) Assert.Equal(3, m.MergeFrom(s2));
        using (var s2 = ResultStore.OpenExisting(b)) Assert.Equal(0, m.MergeFrom(s2));
        using var w2 = ResultStore.OpenExisting(whole);
        var mergedRecords = m.Load();
        var wholeRecords = w2.Load();
        Assert.Equal(wholeRecords.Select(r => r.Id), mergedRecords.Select(r => r.Id));
        // Training is deterministic per run, so the numbers agree too.
        Assert.Equal(wholeRecords.Select(r => r.Final["rmse"]), mergedRecords.Select(r => r.Final["rmse"]));
        Assert.Equal(["tiny"], m.Experiments().Select(e => e.Name));
    }

    [Fact]
    public void OpeningAMissingStoreIsAClearError()
    {
        var e = Assert.Throws<ConfigException>(() => ResultStore.OpenExisting(TempDir()));
        Assert.Contains("no results in", e.Message);
    }
}
