namespace Tact.Cli.Tests.BadInput;

/// <summary>
/// The fuzz of <see cref="CliFuzzTests"/> for the commands that read a trained model (eval, predict, show, export):
/// seeded random and boundary values of every argument and option, from a valid checkpoint to damaged, foreign and
/// missing files. No invocation may exit 1 or throw. Also checks that the two fuzzes together cover every command
/// <c>tact --help</c> lists.
/// </summary>
public class TrainedModelFuzzTests
{
    private const int Seed = 20261202;

    private static readonly Lazy<string> ValidCheckpoint = new(() =>
    {
        var path = Path.Combine(NewDir(), "model.safetensors");
        var (code, _, err) = CliRunner.Run(["train", "--task", "sine", "--dims", "2", "--hidden", "4",
            "--activation", "tmaf(grid=-2:2:0.5)", "--train-size", "60", "--test-size", "20", "--epochs", "1",
            "--save", path]);
        Assert.True(code == 0, err);
        return path;
    });

    private static string Pick(Random r, string[] values) => values[r.Next(values.Length)];

    private static string NewDir() => Directory.CreateDirectory(CliRunner.TempDir()).FullName;

    private static string Damaged(Random r)
    {
        var valid = File.ReadAllBytes(ValidCheckpoint.Value);
        var path = Path.Combine(NewDir(), "damaged.safetensors");
        var bytes = r.Next(3) switch
        {
            0 => valid[..r.Next(valid.Length)],                         // truncated
            1 => valid.Select((b, i) => i < 64 && r.Next(8) == 0 ? (byte)r.Next(256) : b).ToArray(),  // header bytes
            _ => [.. Enumerable.Range(0, r.Next(1, 300)).Select(_ => (byte)r.Next(256))],    // garbage
        };
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Checkpoint(Random r) =>
        Pick(r, [ValidCheckpoint.Value, ValidCheckpoint.Value, Damaged(r), "/nonexistent.safetensors", "", "/proc/self",
            "/etc/passwd", CliRunner.TempDir()]);

    private static string Output(Random r, string name)
    {
        var file = CliRunner.TempDir() + ".file";
        File.WriteAllText(file, "x");
        return Pick(r, [Path.Combine(NewDir(), name), "", "/proc/tact-fuzz/" + name, file,
            Path.Combine(file, name), "/nonexistent/" + name]);
    }

    private static string Csv(Random r)
    {
        var path = Path.Combine(NewDir(), "rows.csv");
        var rows = Enumerable.Range(0, r.Next(0, 5)).Select(_ => string.Join(",",
            Enumerable.Range(0, r.Next(0, 4)).Select(_ => Pick(r, ["0.5", "-1", "NaN", "x", "1e300", "", "2"]))));
        File.WriteAllLines(path, r.Next(2) == 0 ? ["x1,x2", .. rows] : rows);
        return Pick(r, [path, path, "/nonexistent.csv", "", "/proc/self", CliRunner.TempDir()]);
    }

    private static string[] Invocation(Random r, string command)
    {
        var args = new List<string> { command };
        switch (command)
        {
            case "eval":
                args.Add(Checkpoint(r));
                if (r.Next(2) == 0) args.Add("--json");
                if (r.Next(3) == 0)
                    args.AddRange(["--data", Pick(r, ["/nonexistent", "", "/proc", CliRunner.TempDir()])]);
                break;
            case "predict":
                args.AddRange([Checkpoint(r), "--input", Csv(r)]);
                if (r.Next(2) == 0) args.AddRange(["--out", Output(r, "p.csv")]);
                if (r.Next(3) == 0) args.Add("--force");
                break;
            case "show":
                args.Add(r.Next(2) == 0
                    ? Checkpoint(r)
                    : Pick(r, ["tmaf(grid=-2:2:0.5)", "vnn(basis=chebyshev, degree=5)", "nope", "tmaf(", "relu",
                        "tmaf(grid=-1e30:1e30:1e-30)", "wsgaf(components=[" + new string('[', 200) + "])"]));
                if (r.Next(2) == 0) args.AddRange(["--out", Output(r, "plots")]);
                break;
            default:
                args.AddRange([Checkpoint(r), "--onnx", Output(r, "m.onnx")]);
                if (r.Next(3) == 0) args.Add("--force");
                break;
        }
        return [.. args];
    }

    public static TheoryData<string, int> Commands() => new() { { "eval", 10 }, { "predict", 12 }, { "show", 10 },
        { "export", 10 } };

    [Theory]
    [MemberData(nameof(Commands))]
    public void NoInvocationExitsOneOrThrows(string command, int count)
    {
        var random = new Random(Seed + command.Sum(c => c));
        var codes = CliFuzzTests.RunAll(count, () => Invocation(random, command));
        // Random rows rarely fit the model, so predict's draws need not include a success.
        if (command != "predict") Assert.Contains(0, codes);
        Assert.Contains(2, codes);
    }

    [Fact]
    public void TheFuzzesCoverEveryCommandTheHelpLists()
    {
        var (code, help, _) = CliRunner.Run("--help");
        Assert.Equal(0, code);
        var listed = help.Split('\n').SkipWhile(l => !l.StartsWith("Commands:", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ')[0]).Where(c => c.Length > 0).ToList();
        Assert.NotEmpty(listed);
        var fuzzed = CliFuzzTests.Commands().Concat(Commands()).Select(row => (string)row[0]).ToHashSet();
        Assert.All(listed, c => Assert.Contains(c, fuzzed));
    }
}
