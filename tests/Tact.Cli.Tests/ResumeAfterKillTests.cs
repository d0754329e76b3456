using System.Diagnostics;
using Tact.Checkpoints;
using Tact.Experiments.Store;

namespace Tact.Cli.Tests;

public class ResumeAfterKillTests
{
    private const string Experiment = """
        name: killme
        task: sine
        task_options: { train_size: 3000, test_size: 200 }
        hidden: [16]
        activations: [relu, tanh, "prelu(per=neuron)", "swish(per=neuron)"]
        epochs: 15
        batch: 50
        seeds: 3
        smoke: { epochs: 1 }
        """;

    [Fact]
    public void ARunKilledWithSigkillMidGridResumesWithEveryRunRecordedOnce()
    {
        var dir = CliRunner.TempDir();
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "killme.yaml");
        File.WriteAllText(file, Experiment);
        var results = Path.Combine(dir, "results");

        // A separate process, killed (SIGKILL on Unix) as soon as at least two runs are stored.
        var tact = Path.Combine(AppContext.BaseDirectory, "tact.dll");
        string[] command = [tact, "run", file, "--out", results, "--save-models"];
        using var child = Process.Start(new ProcessStartInfo("dotnet", command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var watch = Stopwatch.StartNew();
        int stored = 0;
        while (!child.HasExited && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(20);
            if (!File.Exists(Path.Combine(results, ResultStore.FileName))) continue;
            try
            {
                using var peek = ResultStore.OpenExisting(results);
                stored = peek.Ids().Count;
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                continue; // the writer holds a lock for a moment
            }
            if (stored >= 2) break;
        }
        Assert.False(child.HasExited, $"the grid finished before it could be killed ({stored} runs stored)");
        child.Kill(entireProcessTree: true);
        child.WaitForExit();

        int before;
        using (var store = ResultStore.OpenExisting(results)) before = store.Ids().Count;
        Assert.InRange(before, 2, 11);
        // Checkpoints are renamed into place whole: whatever the kill interrupted, every one there loads.
        var checkpoints = Path.Combine(results, "checkpoints");
        foreach (var path in Directory.GetFiles(checkpoints, "*.safetensors")) Checkpoint.Load(path).Dispose();

        var (code, output, err) = CliRunner.Run("run", file, "--out", results, "--save-models");
        Assert.True(code == 0, err);
        Assert.Contains($"12 runs, {before} already done, {12 - before} trained", output);
        using var final = ResultStore.OpenExisting(results);
        var records = final.Load();
        Assert.Equal(12, records.Count);
        Assert.Equal(12, records.Select(r => r.Id).Distinct().Count());
        Assert.All(records, r => Assert.Equal(15, r.Epochs.Count));
        Assert.Equal(records.Select(r => r.Id + ".safetensors").Order(),
            Directory.GetFiles(checkpoints).Select(Path.GetFileName).Order());
    }
}
