using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tact.Checkpoints;
using Tact.Checkpoints.Safetensors;
using Tact.Experiments.Store;
using Tact.Experiments.TrainedModels;
using Tact.TestFixtures;
using static TorchSharp.torch;

namespace Tact.Cli.Tests;

/// <summary>
/// <c>train --save</c>, <c>--resume</c>, <c>run --save-models</c>, <c>eval</c>, <c>predict</c> and <c>show</c>.
/// </summary>
public class CheckpointCommandTests
{
    private static readonly string[] Quick = ["--train-size", "300", "--test-size", "80", "--epochs", "2"];

    private static string Train(string dir, params string[] extra)
    {
        var path = Path.Combine(dir, "model.safetensors");
        var (code, _, err) = CliRunner.Run(["train", "--task", "oscillatory", "--activation", "tmaf(per=neuron)",
            "--hidden", "6", "--save", path, "--out", dir, .. Quick, .. extra]);
        Assert.True(code == 0, err);
        return path;
    }

    private static JsonElement EvalJson(string path, params string[] extra)
    {
        var (code, output, err) = CliRunner.Run(["eval", path, "--json", .. extra]);
        Assert.True(code == 0, err);
        return JsonDocument.Parse(output).RootElement;
    }

    [Fact]
    public void EvalAfterTrainSaveEqualsTheRecordedFinalMetrics()
    {
        var dir = CliRunner.TempDir();
        var path = Train(dir);
        Assert.True(File.Exists(Checkpoint.OptimizerPath(path)));
        var eval = EvalJson(path);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")));
        var recorded = metrics.RootElement.GetProperty("final");
        int compared = 0;
        foreach (var metric in recorded.EnumerateObject())
        {
            Assert.Equal(metric.Value.GetDouble(), eval.GetProperty("metrics").GetProperty(metric.Name).GetDouble());
            Assert.Equal(metric.Value.GetDouble(), eval.GetProperty("recorded").GetProperty(metric.Name).GetDouble());
            compared++;
        }
        Assert.Equal(3, compared);
    }

    [Fact]
    public void ClassificationOnAnIdxSetEvaluatesAndPredictsFromTheDirectory()
    {
        var dir = CliRunner.TempDir();
        var data = Path.Combine(dir, "mnist");
        Fixtures.Mnist28Directory(data, 120, 30);
        var path = Path.Combine(dir, "mnist.safetensors");
        var (code, _, err) = CliRunner.Run("train", "--task", "mnist", "--data", data,
            "--activation", "prelu(per=neuron)", "--hidden", "8", "--epochs", "1", "--save", path);
        Assert.True(code == 0, err);
        var eval = EvalJson(path);
        Assert.Equal(eval.GetProperty("recorded").GetProperty("accuracy").GetDouble(),
            eval.GetProperty("metrics").GetProperty("accuracy").GetDouble());

        var csv = Path.Combine(dir, "p.csv");
        (code, _, err) = CliRunner.Run("predict", path, "--input", data, "--out", csv);
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("class," + string.Join(",", Enumerable.Range(0, 10).Select(k => $"p_{k}")), lines[0]);
        Assert.Equal(31, lines.Length);
        foreach (var line in lines.Skip(1))
        {
            var v = line.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(1.0, v.Skip(1).Sum(), 1e-6);
            Assert.Equal(Array.IndexOf(v, v.Skip(1).Max()) - 1, (int)v[0]);
        }
    }

    [Fact]
    public void PredictOnACsvGivesTheModelsOutputs()
    {
        var dir = CliRunner.TempDir();
        var path = Train(dir);
        var csv = Path.Combine(dir, "x.csv");
        double[] xs = [-0.9, -0.25, 0, 0.3, 0.75];
        File.WriteAllLines(csv, ["x", .. xs.Select(x => x.ToString(CultureInfo.InvariantCulture))]);
        var (code, output, err) = CliRunner.Run("predict", path, "--input", csv);
        Assert.True(code == 0, err);
        var lines = output.Trim().Split('\n');
        Assert.Equal("output_0", lines[0]);
        using var loaded = Checkpoint.Load(path);
        using var _ = no_grad();
        using var y = loaded.Model.call(tensor(xs.Select(x => (float)x).ToArray()).unsqueeze(1));
        var expected = y.to(float64).data<double>().ToArray();
        Assert.Equal(expected, lines.Skip(1).Select(l => double.Parse(l, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void PredictOnRawTabularRowsAppliesTheTrainingStandardisation()
    {
        var dir = CliRunner.TempDir();
        var data = Path.Combine(dir, "banknote");
        Directory.CreateDirectory(data);
        var rows = Enumerable.Range(0, 60).Select(i =>
        {
            double a = Math.Sin(i) * 3 + 1, b = Math.Cos(i * 0.7) * 5, c = i * 0.1 - 2, d = (i % 7) - 3;
            var features = new[] { a, b, c, d }.Select(v => v.ToString("R", CultureInfo.InvariantCulture));
            return string.Join(",", features) + $",{(a + b > 1 ? 1 : 0)}";
        }).ToArray();
        File.WriteAllLines(Path.Combine(data, "data_banknote_authentication.txt"), rows);
        var path = Path.Combine(dir, "b.safetensors");
        var (code, _, err) = CliRunner.Run("train", "--task", "banknote", "--data", data, "--activation", "swish",
            "--hidden", "5", "--epochs", "3", "--batch", "10", "--save", path);
        Assert.True(code == 0, err);

        // The test split predicted from the directory (standardised by the task) must appear among the predictions for
        // every raw row (standardised from the checkpoint's statistics), value for value.
        var raw = Path.Combine(dir, "raw.csv");
        File.WriteAllLines(raw, ["variance,skewness,curtosis,entropy", .. rows.Select(r => r[..r.LastIndexOf(',')])]);
        var (c1, fromCsv, e1) = CliRunner.Run("predict", path, "--input", raw);
        var (c2, fromDir, e2) = CliRunner.Run("predict", path, "--input", data);
        Assert.True(c1 == 0 && c2 == 0, e1 + e2);
        var all = fromCsv.Trim().Split('\n');
        var test = fromDir.Trim().Split('\n');
        Assert.Equal("class,p_0,p_1", all[0]);
        Assert.Equal(61, all.Length);
        Assert.Equal(13, test.Length);
        Assert.All(test.Skip(1), line => Assert.Contains(line, all));
    }

    [Fact]
    public void ResumeContinuesFromTheCheckpoint()
    {
        var dir = CliRunner.TempDir();
        var first = Train(dir);
        var second = Path.Combine(dir, "more.safetensors");
        var (code, output, err) = CliRunner.Run("train", "--resume", first, "--epochs", "1", "--save", second);
        Assert.True(code == 0, err);
        Assert.DoesNotContain("no optimiser state", output);
        var description = Checkpoint.ReadDescription(second);
        Assert.Equal(3, description.EpochsTrained);
        var eval = EvalJson(second);
        Assert.Equal(description.Metrics!["mse"], eval.GetProperty("metrics").GetProperty("mse").GetDouble());
        Assert.NotEqual(Checkpoint.ReadDescription(first).Metrics!["mse"], description.Metrics["mse"]);

        // Resuming in place is allowed without --force; changing the model is not.
        (code, _, err) = CliRunner.Run("train", "--resume", second, "--epochs", "1", "--save", second);
        Assert.True(code == 0, err);
        (code, _, err) = CliRunner.Run("train", "--resume", second, "--activation", "relu");
        Assert.Equal(2, code);
        Assert.Contains("--activation cannot change when resuming", err);
    }

    [Fact]
    public void RunSaveModelsKeepsOneCheckpointPerRunAndResumeLeavesThemAlone()
    {
        var dir = CliRunner.TempDir();
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "keep.yaml");
        File.WriteAllText(file, """
            name: keep
            task: sine
            task_options: { train_size: 200, test_size: 50 }
            hidden: [6]
            activations: [relu, "prelu(per=neuron)"]
            epochs: 2
            seeds: 1
            smoke: { epochs: 1 }
            """);
        var results = Path.Combine(dir, "results");
        var (code, _, err) = CliRunner.Run("run", file, "--out", results, "--save-models");
        Assert.True(code == 0, err);
        using (var store = ResultStore.OpenExisting(results))
        {
            var ids = store.Ids();
            Assert.Equal(2, ids.Count);
            var files = Directory.GetFiles(Path.Combine(results, "checkpoints"), "*.safetensors");
            Assert.Equal(ids.Order(), files.Select(f => Path.GetFileNameWithoutExtension(f)).Order());
            foreach (var record in store.Load())
            {
                var eval = EvalJson(RunCheckpoints.PathFor(results, record.Id));
                Assert.Equal(record.Final["mse"], eval.GetProperty("metrics").GetProperty("mse").GetDouble());
            }
        }
        var written = Directory.GetFiles(Path.Combine(results, "checkpoints"))
            .ToDictionary(f => f, File.GetLastWriteTimeUtc);
        (code, _, err) = CliRunner.Run("run", file, "--out", results, "--save-models");
        Assert.True(code == 0, err);
        foreach (var (f, time) in written) Assert.Equal(time, File.GetLastWriteTimeUtc(f));
    }

    [Fact]
    public void ShowDrawsACheckpointsActivationsAndASpecsShape()
    {
        var dir = CliRunner.TempDir();
        var path = Train(dir);
        var plots = Path.Combine(dir, "plots");
        var (code, output, err) = CliRunner.Run("show", path, "--out", plots);
        Assert.True(code == 0, err);
        Assert.Contains("activations.0: tmaf", output);
        Assert.Contains("f[5](z) =", output);
        Assert.Contains("the range of its test inputs", output);
        Assert.Single(Directory.GetFiles(plots, "*.png"));

        (code, output, err) = CliRunner.Run("show", "vnn(basis=chebyshev, degree=5)", "--out", plots);
        Assert.True(code == 0, err);
        Assert.Contains("f(z) =", output);
        Assert.Contains("initial shape", output);
        Assert.Equal(2, Directory.GetFiles(plots, "*.png").Length);
    }

    [Fact]
    public void BadInputExitsTwoWithOneLineNamingTheProblem()
    {
        var dir = CliRunner.TempDir();
        var path = Train(dir);
        var truncated = Path.Combine(dir, "cut.safetensors");
        File.WriteAllBytes(truncated, File.ReadAllBytes(path)[..^8]);
        var wide = Path.Combine(dir, "wide.csv");
        File.WriteAllLines(wide, ["1,2", "3,4"]);
        var newer = Edited(path, dir, "newer.safetensors", d => d["formatVersion"] = 99);
        var stale = Edited(path, dir, "stale.safetensors",
            d => d["model"]!["activations"] = new JsonArray("gone(per=neuron)"));
        var missing = Path.Combine(dir, "missing.safetensors");
        using (var content = SafetensorsFile.Read(path))
        using (var stream = File.Create(missing))
            SafetensorsFile.Write(stream, content.Tensors.Where(t => t.Key != "linears.0.weight").ToList(),
                content.Metadata);
        var text = Path.Combine(dir, "text.csv");
        File.WriteAllLines(text, ["x", "0.5", "abc"]);

        (string[] Args, string Message)[] cases =
        [
            (["eval", truncated], "cut.safetensors: tensor"),
            (["predict", truncated, "--input", wide], "truncated"),
            (["show", truncated], "truncated"),
            (["eval", Path.Combine(dir, "none.safetensors")], "no such file"),
            (["eval", newer], "newer.safetensors: field 'formatVersion' is 99, newer"),
            (["predict", stale, "--input", wide], "stale.safetensors: field 'model' no longer builds a model"),
            (["show", missing], "missing.safetensors: tensor 'linears.0.weight' is missing"),
            (["predict", path, "--input", wide], "wide.csv: line 1: 2 columns, the model takes 1"),
            (["predict", path, "--input", text], "text.csv: line 3, column 1"),
            (["predict", path, "--input", Path.Combine(dir, "none.csv")], "does not exist"),
            (["show", "nosuchfamily(x=1)"], "nosuchfamily"),
            (["train", "--task", "sine", "--activation", "relu", "--save", Path.Combine(dir, "m.pth")], ".safetensors"),
            (["train", "--task", "sine", "--activation", "relu", "--save", path], "already exists"),
            (["train", "--activation", "relu"], "--task"),
            (["train", "--resume", truncated], "truncated"),
        ];
        var before = File.ReadAllBytes(path);
        foreach (var (args, message) in cases)
        {
            var (code, _, err) = CliRunner.Run(args);
            Assert.True(code == 2, $"{string.Join(' ', args)}: exit {code}: {err}");
            Assert.Contains(message, err);
            Assert.Single(err.Trim().Split('\n'));
        }
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    private static string Edited(string path, string dir, string name, Action<JsonObject> edit)
    {
        using var content = SafetensorsFile.Read(path);
        var description = JsonNode.Parse(content.Metadata[Checkpoint.MetadataKey])!.AsObject();
        edit(description);
        var edited = Path.Combine(dir, name);
        using var stream = File.Create(edited);
        SafetensorsFile.Write(stream, content.Tensors,
            new Dictionary<string, string> { [Checkpoint.MetadataKey] = description.ToJsonString() });
        return edited;
    }
}
