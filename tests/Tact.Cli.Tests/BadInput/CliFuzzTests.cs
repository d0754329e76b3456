using System.Globalization;
using Tact.Data.Io;

namespace Tact.Cli.Tests.BadInput;

/// <summary>
/// A fuzz test of the command line: every command with bounded random and boundary values of every option (seeded,
/// so a failure repeats), under a small memory budget. No invocation may end with exit code 1 (an internal error)
/// or throw; the in-process runner would die with the test host on a stack overflow. Sizes that drive time (epochs,
/// repeats) stay small: a long run asked for is not an error, while their bad values (0, negative) are drawn.
/// </summary>
public class CliFuzzTests
{
    private const int Seed = 20261202;

    private static readonly string[] Ints = ["-1", "0", "1", "2", "3", "-2147483648", "2147483647", "2147483648",
        "1e3", "x", "", " 7"];
    private static readonly string[] Sizes = ["-1", "0", "1", "2", "5", "40", "2147483647", "1000000000", "abc"];
    private static readonly string[] Epochs = ["-1", "0", "1", "2", "x", "-2147483648"];
    private static readonly string[] Reals = ["-1", "0", "1e-3", "0.5", "1", "10", "1e39", "1e300", "-1e300", "NaN",
        "Infinity", "1e-50", "x", ""];
    private static readonly string[] Fractions = ["-0.1", "0", "0.2", "0.5", "0.999", "1", "NaN", "x"];
    private static readonly string[] Seeds = ["-9223372036854775808", "-1", "0", "1", "9223372036854775807",
        "9223372036854775808", "x"];
    private static readonly string[] Hidden = ["0", "1", "3", "2,2", "3,2,1", "-1", "x", "", ",", "1000000000",
        "100000,100000", "3;4"];
    private static readonly string[] Tasks = ["sine", "oscillatory", "timeseries", "mnist", "cifar10", "iris",
        "banknote", "nope", ""];
    private static readonly string[] Models = ["mlp", "lstm", "cnn-t2", "cae1", "resnet18", "nope"];
    private static readonly string[] Losses = ["auto", "mse", "sse", "ce", "bce", "nope"];
    private static readonly string[] Optimizers = ["sgd", "adam", "nope"];
    private static readonly string[] Shapes = ["8,6", "1,1", "2,3,4", "0,3", "8", "", "x,y", "1,100000",
        "100000,100000", "-1,2", "99999999999,1"];

    private static readonly string[] Specs =
    [
        "relu", "tanh", "prelu(per=neuron)", "swish(beta=0.5)", "tmaf", "tmaf3(grid=-2:2:1)", "wsgaf(per=neuron)",
        "vnn(basis=fourier, terms=3)", "psigramp", "adaact", "pe2relu", "relu;tanh", "prelu(init=1e300)",
        "tmaf(grid=-1e300:1e300:1e299)", "tmaf(points=[1, 1.00000000001])", "tmaf(grid=-5:5:0.0000001)",
        "vnn(terms=1000000)", "prelu(per=", "relu(", ")", "", ";", "relu;;tanh", "réLU", "\u0001\u0002",
        "tmaf(points=" + new string('[', 5000) + ")", "vnn(basis=[[[[[[[[[[[[[[[[[[[[[[fourier]]]]]]]]]]]]]]]]]]]]])",
        "tmaf(breakpoints=trainable, temperature=1e-50)", "elu(alpha=-1e39)",
    ];

    private static string Pick(Random r, string[] values) => values[r.Next(values.Length)];

    // Each option appears with probability one half, so defaults are exercised beside the drawn values.
    private static IEnumerable<string> Maybe(Random r, string option, string[] values) =>
        r.Next(2) == 0 ? [] : [option, Pick(r, values)];

    private static string OutValue(Random r)
    {
        var file = CliRunner.TempDir() + ".file";
        File.WriteAllText(file, "x");
        return Pick(r, [CliRunner.TempDir(), CliRunner.TempDir(), "", "/proc/tact-fuzz", file, Path.Combine(file,
            "x")]);
    }

    // A valid invocation with one or two of its options drawn from their bad and boundary values, so each drawn value
    // reaches the code that must handle it instead of stopping at the first of many bad ones.
    private static string[] Perturbed(Random r, string[] command, (string Option, string Value)[] valid,
        (string Option, Func<string> Draw)[] options)
    {
        var values = valid.ToDictionary(v => v.Option, v => v.Value);
        int changes = 1 + r.Next(2);
        for (int i = 0; i < changes; i++)
        {
            var (option, draw) = options[r.Next(options.Length)];
            values[option] = draw();
        }
        var args = new List<string>(command);
        foreach (var (option, value) in values)
        {
            if (value == "<flag>") args.Add(option);
            else if (value != "<absent>") args.AddRange([option, value]);
        }
        return [.. args];
    }

    private static (string, string)[] ValidTraining(string activation) =>
        [("--task", "sine"), ("--activation", activation), ("--epochs", "1"), ("--train-size", "40"), ("--test-size",
            "10"), ("--hidden", "3")];

    private static (string, Func<string>)[] TrainingOptions(Random r) =>
    [
        ("--task", () => Pick(r, Tasks)), ("--model", () => Pick(r, Models)), ("--hidden", () => Pick(r, Hidden)),
        ("--epochs", () => Pick(r, Epochs)), ("--batch", () => Pick(r, Ints)), ("--lr", () => Pick(r, Reals)),
        ("--optimizer", () => Pick(r, Optimizers)), ("--loss", () => Pick(r, Losses)), ("--seed", () => Pick(r, Seeds)),
        ("--dims", () => Pick(r, Sizes)), ("--window", () => Pick(r, Sizes)), ("--train-size", () => Pick(r, Sizes)),
        ("--test-size", () => Pick(r, Sizes)), ("--validation", () => Pick(r, Fractions)), ("--activation", ()
            => Pick(r, Specs)),
        ("--output-activation", () => Pick(r, Specs)), ("--out", () => OutValue(r)), ("--force", () => "<flag>"),
        ("--data", () => Pick(r, ["/nonexistent", "/proc", "/etc/passwd", "", DataDir(r)])),
    ];

    private static string[] Invocation(Random r, string command) => command switch
    {
        "activations" => r.Next(2) == 0 ? ["activations"] : ["activations", Pick(r, ["tmaf", "relu", "nope", "", "vnn",
            "\u0001"])],
        "train" => Perturbed(r, ["train"], [.. ValidTraining(Pick(r, Specs[..11])), ("--summary", r.Next(4) == 0
            ? "<flag>" : "<absent>")],
            TrainingOptions(r)),
        "compare" => Perturbed(r, ["compare", "--activation", Pick(r, Specs)], [.. ValidTraining(Pick(r, Specs[..11])),
            ("--seeds", "2")],
            [.. TrainingOptions(r), ("--seeds", () => Pick(r, ["-1", "0", "1", "3", "1000000", "x"]))]),
        "gradcheck" => Perturbed(r, ["gradcheck"], [("--activation", Pick(r, Specs[..11].Where(s
            => !s.Contains(';')).ToArray())), ("--shape", "8,6")],
        [
            ("--activation", () => Pick(r, Specs)), ("--per", () => Pick(r, ["layer", "neuron", "nope"])), ("--shape",
                () => Pick(r, Shapes)),
            ("--perturb", () => Pick(r, ["-1", "0", "0.1", "10", "11", "1e300", "NaN"])), ("--seed", () => Pick(r,
                Seeds)),
        ]),
        "run" => Perturbed(r, ["run", ExperimentFile(r)], [("--out", CliRunner.TempDir())],
        [
            ("--scale", () => Pick(r, ["full", "smoke", "nope"])), ("--out", () => OutValue(r)), ("--tensorboard", ()
                => "<flag>"),
            ("--shard", () => Pick(r, ["1/1", "1/2", "2/2", "0/1", "3/2", "1/0", "x", "-1/2", "1/2147483648"])),
                ("--report", () => "<flag>"),
        ]),
        "report" => ["report", Pick(r, [CliRunner.TempDir(), "/nonexistent", "", "/proc", DamagedStore(r),
            GoodStore(r)])],
        "merge" => ["merge", Pick(r, [CliRunner.TempDir(), "/nonexistent", DamagedStore(r), GoodStore(r)]), "--out",
            OutValue(r)],
        "data" => r.Next(2) == 0
            ? ["data", "info", Pick(r, ["/nonexistent", "/proc/self", "/etc/passwd", "", DataDir(r), DataDir(r)])]
            : ["data", "fetch", Pick(r, ["iris", "mnist", "nope", ""]), "--to", OutValue(r),
                "--mirror", Pick(r, ["http://127.0.0.1:9", "x", "ftp://127.0.0.1/", ""])],
        // Valid timings take a second; the kernels get a tiny shape and every option its boundary values.
        _ => Perturbed(r, ["bench", "--kernels-only"], [("--repeats", "1"), ("--shape", "4x3"), ("--activation",
            "relu")],
        [
            ("--repeats", () => Pick(r, ["-1", "0", "1", "1001", "x"])), ("--threads", () => Pick(r, ["-1", "0", "1",
                "1025", "x"])),
            ("--shape", () => Pick(r, ["4x3", "0x3", "x", "4", "100000x100000", "99999999999x2"])), ("--batch", ()
                => Pick(r, ["-1", "0", "1", "x"])),
            ("--activation", () => Pick(r, ["relu", "tmaf", "nope", "prelu(init=1e300)"])),
        ]),
    };

    // A store with two finished runs, written by the CLI itself.
    private static string GoodStore(Random r)
    {
        var dir = CliRunner.TempDir();
        var yaml = ExperimentFileText(r, perturb: false);
        var file = Path.Combine(CliRunner.TempDir() + ".yaml");
        File.WriteAllText(file, yaml);
        CliRunner.Run("run", file, "--out", dir);
        return dir;
    }

    private static string ExperimentFile(Random r)
    {
        var dir = CliRunner.TempDir();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "fuzz.yaml");
        File.WriteAllText(path, ExperimentFileText(r, perturb: true));
        return path;
    }

    // A valid file, or one with one or two of its values drawn from the bad and boundary ones (or cut short).
    private static string ExperimentFileText(Random r, bool perturb)
    {
        var fields = new Dictionary<string, string>
        {
            ["name"] = "fuzz",
            ["task"] = "sine",
            ["task_options"] = "{ train_size: 40, test_size: 10 }",
            ["hidden"] = "[3]",
            ["activations"] = "[relu, tanh]",
            ["epochs"] = "1",
            ["seeds"] = "2",
        };
        var draws = new (string Key, Func<string> Draw)[]
        {
            ("name", () => Pick(r, ["a/b", "\"\"", "ü", "x y"])), ("task", () => Pick(r, Tasks)),
            ("task_options", ()
                => $"{{ train_size: {Pick(r, Sizes)}, test_size: {Pick(r, Sizes)}, validation: {Pick(r, Fractions)}, " +
                $"window: {Pick(r, Sizes)}, dims: {Pick(r, Sizes)} }}"),
            ("hidden", () => $"[{Pick(r, Hidden)}]"), ("epochs", () => Pick(r, Epochs)), ("seeds", () => Pick(r, ["-1",
                "0", "1", "2", "1000000"])),
            ("activations", () => $"[\"{Pick(r, Specs).Replace("\"", "")}\", \"{Pick(r, Specs).Replace("\"", "")}\"]"),
            ("lr", () => Pick(r, Reals)), ("batch", () => Pick(r, Ints)), ("loss", () => Pick(r, Losses)), ("model", ()
                => Pick(r, Models)),
            ("optimizer", () => Pick(r, Optimizers)), ("smoke", () => Pick(r, ["{ epochs: 0 }",
                "{ seeds: 1, max_cells: 1 }", "[1]"])),
            ("baseline", () => Pick(r, ["relu", "nope"])), ("extra", () => "1"),
        };
        int changes = perturb ? 1 + r.Next(2) : 0;
        for (int i = 0; i < changes; i++)
        {
            var (key, draw) = draws[r.Next(draws.Length)];
            fields[key] = draw();
        }
        var text = string.Concat(fields.Select(f => $"{f.Key}: {f.Value}\n"));
        if (perturb && r.Next(8) == 0) text = text[..r.Next(text.Length)];
        return text;
    }

    private static string DamagedStore(Random r)
    {
        var dir = CliRunner.TempDir();
        Directory.CreateDirectory(dir);
        var bytes = new byte[r.Next(0, 3000)];
        r.NextBytes(bytes);
        if (r.Next(2) == 0 && bytes.Length >= 16) "SQLite format 3\0"u8.CopyTo(bytes);
        File.WriteAllBytes(Path.Combine(dir, "results.db"), bytes);
        return dir;
    }

    private static string DataDir(Random r)
    {
        var dir = CliRunner.TempDir();
        Directory.CreateDirectory(dir);
        var names = new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte", "x.csv", "data_batch_1.bin", "a.mat" };
        foreach (var name in names.Where(_ => r.Next(2) == 0))
        {
            var bytes = new byte[r.Next(0, 200)];
            r.NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(dir, name), bytes);
        }
        return dir;
    }

    public static TheoryData<string, int> Commands()
    {
        var data = new TheoryData<string, int>();
        foreach (var (command, count) in new[] { ("activations", 4), ("train", 40), ("compare", 12), ("gradcheck", 30),
            ("run", 30),
                     ("report", 8), ("merge", 8), ("data", 12), ("bench", 6) })
            data.Add(command, count);
        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void NoInvocationExitsOneOrThrows(string command, int count)
    {
        // TACT_FUZZ_SCALE=k runs k times as many invocations, from another seed for each k, for longer hunts.
        int scale = int.TryParse(Environment.GetEnvironmentVariable("TACT_FUZZ_SCALE"), out var k) && k > 0 ? k : 1;
        count *= scale;
        var random = new Random(Seed + command.Sum(c => c)
            + 7919 * (scale - 1));   // a stable seed per command (string hashes vary per process)
        var codes = RunAll(count, () => Invocation(random, command));
        // The valid base invocations must get through: a fuzz whose every draw stops at the first check tests little.
        if (command is "train" or "gradcheck" or "run" or "compare") Assert.Contains(0, codes);
    }

    /// <summary>
    /// Runs <paramref name="count"/> invocations drawn by <paramref name="next"/> under a 512 MB memory budget,
    /// fails listing every one that exited 1 (or above 3) or threw, and returns the exit codes.
    /// </summary>
    internal static List<int> RunAll(int count, Func<string[]> next)
    {
        var failures = new List<string>();
        var codes = new List<int>();
        using var limit = MemoryBudget.Limit(512L << 20);
        for (int i = 0; i < count; i++)
        {
            var args = next();
            int code;
            string err;
            try
            {
                (code, _, err) = CliRunner.Run(args);
            }
            catch (Exception e)
            {
                (code, err) = (-1, e.GetType().Name + ": " + e.Message);
            }
            codes.Add(code);
            if (code is 1 or -1 || code > 3)
                failures.Add($"exit {code}: tact " +
                    $"{string.Join(" ", args.Select(a => a.Length > 60 ? a[..60] + "..." : a))}\n  {err.Trim()}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        return codes;
    }

    [Fact]
    public void TheFuzzRunsAtLeastAHundredCases()
    {
        // Which commands it covers is checked against the help's list (TrainedModelFuzzTests).
        int cases = Commands().Sum(row => (int)row[1]);
        Assert.True(cases >= 100, $"{cases} cases");
    }
}
