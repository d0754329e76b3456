using Tact.Experiments.Grid;
using Tact.Experiments.Reports;
using Tact.Experiments.Store;

namespace Tact.Experiments.Tests.Reports;

public class ReportWriterTests
{
    private static string TempDir() => Path.Combine(Path.GetTempPath(), "tact-tests", Guid.NewGuid().ToString("N"));

    private static string RunTinyExperiment()
    {
        var dir = TempDir();
        var spec = ExperimentFile.Parse("""
            name: tiny-report
            paper: "a paper, Table 1"
            task: sine
            task_options: { train_size: 200, test_size: 50 }
            hidden: [4]
            activations: [relu, "tmaf(grid=-2:2:1)", "wsgaf(per=neuron)"]
            paper_results: { relu: 0.5 }
            epochs: 3
            seeds: 3
            smoke: { epochs: 1 }
            """, "tiny.yaml");
        using var store = ResultStore.Open(dir);
        ExperimentRunner.Run(ExperimentPlan.Expand(spec, Scale.Full), store, Shard.All);
        return dir;
    }

    [Fact]
    public void TheReportHoldsTheStoresNumbersAndValidPlots()
    {
        var dir = RunTinyExperiment();
        var path = ReportWriter.Write(dir);
        var text = File.ReadAllText(path);
        using var store = ResultStore.OpenExisting(dir);
        foreach (var cell in store.Load().GroupBy(r => r.Config.Label))
        {
            var values = cell.Select(r => r.Final["rel_l2"]).ToList();
            Assert.Contains($"| {cell.Key} | 3 | {ReportWriter.MeanStd(values)} |", text);
        }
        Assert.Contains("| 0.5 |", text);                 // the paper's number beside ours
        Assert.Contains("| activation | runs | rel_l2 | mse | paper |", text);
        foreach (var cell in store.Load().GroupBy(r => r.Config.Label))
        {
            var row = text.Split('\n').First(l => l.StartsWith($"| {cell.Key} | 3 |", StringComparison.Ordinal));
            Assert.Contains($"| {ReportWriter.MeanStd(cell.Select(r => r.Final["mse"]).ToList())} |", row);
        }
        Assert.Contains("(baseline)", text.Split('\n').First(l => l.StartsWith("| relu |")));
        Assert.Matches(@"\| tmaf\(grid=-2:2:1\) \|.*\| relu \| \d\.\d+E[+-]\d+ \|", text);
        Assert.Contains("Mean absolute change of each component's weights", text);
        Assert.Matches(@"weights\[tanh\]: [^,]+, weights\[relu\]: [^,]+, weights\[sigmoid\]: ", text);
        Assert.Contains("Inputs outside the designed range", text);

        var links = System.Text.RegularExpressions.Regex.Matches(text, @"\]\((plots/[^)]+\.png)\)")
            .Select(m => m.Groups[1].Value).ToList();
        Assert.True(links.Count >= 4, $"only {links.Count} plots linked");
        foreach (var link in links)
        {
            var bytes = File.ReadAllBytes(Path.Combine(dir, link));
            Assert.True(bytes.Length > 5000, $"{link} is only {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        }

        // Running it again rewrites the same report and leaves no temporary files.
        Assert.Equal(text, File.ReadAllText(ReportWriter.Write(dir)));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp*", SearchOption.AllDirectories));
    }

    [Fact]
    public void AMissingOrEmptyStoreIsAClearError()
    {
        Assert.Contains("no results in", Assert.Throws<ConfigException>(() => ReportWriter.Write(TempDir())).Message);
        var empty = TempDir();
        ResultStore.Open(empty).Dispose();
        Assert.Contains("no runs", Assert.Throws<ConfigException>(() => ReportWriter.Write(empty)).Message);
    }

    [Fact]
    public void BarsZoomOnCloseValuesFarFromZeroAndOtherwiseStartAtZero()
    {
        var close = ReportPlots.ZoomedRange([("a", 0.91, 0.01), ("b", 0.92, 0.005), ("c", 0.90, 0.0),
            ("d", 0.11, 0.02)]);
        Assert.NotNull(close);
        var (low, high) = close.Value;
        Assert.InRange(low, 0.8979, 0.8981);
        Assert.InRange(high, 0.9219, 0.9221);
        Assert.Null(ReportPlots.ZoomedRange([("a", 0.2, 0.01), ("b", 0.5, 0.01), ("c", 0.9, 0.01)]));
        Assert.Null(ReportPlots.ZoomedRange([("a", 0.91, 0.01), ("b", 0.1, 0.01), ("c", 0.1, 0.01)]));
        Assert.Null(ReportPlots.ZoomedRange([("a", 0.91, double.NaN)]));
    }
}
