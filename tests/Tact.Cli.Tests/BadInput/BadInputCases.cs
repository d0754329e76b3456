namespace Tact.Cli.Tests.BadInput;

/// <summary>Shared inputs of the CLI's bad-input tests: a tiny experiment file and a way to run the real
/// process.</summary>
internal static class BadInputCases
{
    public static readonly string[] Quick = ["--train-size", "60", "--test-size", "20", "--epochs", "1", "--hidden",
        "3"];

    public static string Experiment(string activations = "[relu, tanh]", string extra = "") => $"""
        name: bad
        task: sine
        task_options: {"{"} train_size: 60, test_size: 20 {"}"}
        hidden: [3]
        activations: {activations}
        epochs: 1
        seeds: 2
        {extra}
        """;

    public static string WriteExperiment(string dir, string text)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "bad.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs <c>dotnet tact.dll ARGS</c> as its own process, so a stack overflow or abort shows as its exit
    /// code.</summary>
    public static (int Code, string Out, string Err) Process(IReadOnlyDictionary<string, string>? environment,
        params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory,
            "tact.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        using var child = System.Diagnostics.Process.Start(info)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var error = child.StandardError.ReadToEndAsync();
        child.WaitForExit();
        return (child.ExitCode, output.Result, error.Result);
    }

    /// <summary>Every file under a directory (empty when it does not exist).</summary>
    public static string[] Files(string dir) => Directory.Exists(dir) ? Directory.GetFiles(dir, "*",
        SearchOption.AllDirectories) : [];
}
