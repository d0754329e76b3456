using Tact.Experiments.Grid;
using Tact.Experiments.Reports;
using Tact.Experiments.Store;

namespace Tact.Experiments.Tests.BadInput;

/// <summary>
/// Bad-input class 8: after an experiment is edited and rerun into the same directory, or stores of different
/// configurations are merged, each cell's statistics come from runs of one configuration and the others are listed.
/// </summary>
public class MixedConfigurationTests
{
    private static string TempDir() => Path.Combine(Path.GetTempPath(), "tact-tests", Guid.NewGuid().ToString("N"));

    private static ExperimentPlan Plan(int epochs) => ExperimentPlan.Expand(ExperimentFile.Parse(
        $"name: mix\ntask: sine\ntask_options: {{ train_size: 100, test_size: 20 }}\nhidden: [3]\nactivations: " +
            $"[relu, tanh]\nepochs: {epochs}\nseeds: 2\n",
        "mix.yaml"), Scale.Full);

    [Fact]
    public void AnEditedExperimentRerunIntoTheSameDirectoryReportsOnlyItsCurrentRuns()
    {
        var dir = TempDir();
        using (var store = ResultStore.Open(dir))
        {
            ExperimentRunner.Run(Plan(1), store, Shard.All);
            ExperimentRunner.Run(Plan(2), store, Shard.All);
            Assert.Equal(8, store.Load().Count);
        }
        var text = File.ReadAllText(ReportWriter.Write(dir));
        Assert.Contains("| relu | 2 |", text);
        Assert.Contains("| tanh | 2 |", text);
        Assert.Contains("Excluded from every statistic: 4 stale runs", text);
        var current = Plan(2).Runs.First(r => r.Label == "relu").CellKey;
        var stale = Plan(1).Runs.First(r => r.Label == "relu").CellKey;
        Assert.Contains($"| relu | 2 | `{stale}` |", text);
        Assert.DoesNotContain($"`{current}`", text);
    }

    [Fact]
    public void TheMeanIsThatOfTheCurrentConfigurationsRuns()
    {
        var dir = TempDir();
        using (var store = ResultStore.Open(dir))
        {
            ExperimentRunner.Run(Plan(1), store, Shard.All);
            ExperimentRunner.Run(Plan(3), store, Shard.All);
        }
        using var reopened = ResultStore.OpenExisting(dir);
        var key = Plan(3).Runs.First(r => r.Label == "relu").CellKey;
        var values = reopened.Load().Where(r => r.Config.Label == "relu" && r.Config.CellKey == key).Select(r
            => r.Final["rel_l2"]).ToList();
        Assert.Equal(2, values.Count);
        Assert.Contains($"| relu | 2 | {ReportWriter.MeanStd(values)} |", File.ReadAllText(ReportWriter.Write(dir)));
    }

    [Fact]
    public void MergedStoresOfDifferentConfigurationsKeepTheLastRunConfigurationAndListTheOther()
    {
        string a = TempDir(), b = TempDir(), merged = TempDir();
        using (var s = ResultStore.Open(a)) ExperimentRunner.Run(Plan(1), s, Shard.All);
        using (var s = ResultStore.Open(b)) ExperimentRunner.Run(Plan(2), s, Shard.All);
        using (var m = ResultStore.Open(merged))
        {
            using (var s = ResultStore.OpenExisting(a)) m.MergeFrom(s);
            using (var s = ResultStore.OpenExisting(b)) m.MergeFrom(s);
        }
        var text = File.ReadAllText(ReportWriter.Write(merged));
        Assert.Contains("4 stale runs", text);
        Assert.Contains("| relu | 2 |", text);
    }

    [Fact]
    public void OlderStoresWithoutKeysUseTheConfigurationMostRunsShare()
    {
        var info = new ExperimentInfo("mix", "", "", "rel_l2", true, "relu", new Dictionary<string, double>(), "full");
        var plan = Plan(1);
        var runs = plan.Runs.Where(r => r.Label == "relu").ToList();
        Assert.Equal(runs[0].CellKey, info.CurrentKey("relu", runs.Select(r => new Runs.RunRecord(r.Id, r, [],
            new Dictionary<string, double>(),
            new Runs.ParameterCounts(0, 0), [], 0, false, "test"))));
    }
}
