using System.CommandLine;
using System.Text;
using Spectre.Console;
using Tact.Activations.Spec;
using Tact.Cli.Commands;
using Tact.Experiments;

namespace Tact.Cli;

/// <summary>
/// The <c>tact</c> command tree. <see cref="Run"/> is the whole program, callable in-process by tests.
/// </summary>
public static class TactCli
{
    /// <summary>Parses <paramref name="args"/>, runs the command and returns its exit code.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="interactive">Force live progress on or off; by default on only when stdout is a terminal.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool? interactive = null)
    {
        var ui = new ConsoleUi(stdout, stderr, interactive);
        var root = new RootCommand("tact: neural networks whose activation functions are trained with their weights.")
        {
            ActivationsCommand.Create(ui),
            TrainCommand.Create(ui),
            CompareCommand.Create(ui),
            GradcheckCommand.Create(ui),
            RunCommand.Create(ui),
            MergeCommand.Create(ui),
            ReportCommand.Create(ui),
            DataCommand.Create(ui),
            BenchCommand.Create(ui),
            EvalCommand.Create(ui),
            PredictCommand.Create(ui),
            ShowCommand.Create(ui),
            ExportCommand.Create(ui),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            ui.Error(parsed.Errors[0].Message +
                (parsed.Errors.Count > 1 ? $" (and {parsed.Errors.Count - 1} more)" : ""));
            return ExitCodes.BadInput;
        }
        return parsed.Invoke(new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
        });
    }

    /// <summary>
    /// Runs a command body and maps bad input to a one-line error and <see cref="ExitCodes.BadInput"/>.
    /// </summary>
    internal static int Guard(ConsoleUi ui, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ConfigException or SpecParseException or ActivationSpecException
            or Data.DataFormatException or Data.ResourceLimitException or Checkpoints.CheckpointException
            or Onnx.OnnxExportException)
        {
            ui.Error(e.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // A path the user gave (a data file of a format, a data directory) that is not there.
            ui.Error(e.Message);
            return ExitCodes.BadInput;
        }
        catch (InsufficientExecutionStackException)
        {
            ui.Error("the input is nested too deeply to be read");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Never a stack trace on the console unless asked for: results already written stay as they are.
            ui.Error($"unexpected {e.GetType().Name}: {e.Message.Split('\n')[0]}" +
                (Environment.GetEnvironmentVariable("TACT_DEBUG") is { Length: > 0 }
                    ? "\n" + e
                    : " (set TACT_DEBUG=1 for details)"));
            return ExitCodes.Failure;
        }
    }
}

/// <summary>Console output: plain text when redirected, live progress when a terminal.</summary>
internal sealed class ConsoleUi
{
    public ConsoleUi(TextWriter stdout, TextWriter stderr, bool? interactive)
    {
        Err = stderr;
        Plain = stdout;
        bool live = interactive ?? (!Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out));
        Out = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = live ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = live ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = live ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!live) Out.Profile.Width = 120;
        Live = live;
    }

    /// <summary>Rich output (tables, progress).</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Plain standard output, for lines that must not be wrapped (JSON, paths).</summary>
    public TextWriter Plain { get; }

    /// <summary>Plain error stream.</summary>
    public TextWriter Err { get; }

    /// <summary>True when progress bars may redraw in place.</summary>
    public bool Live { get; }

    /// <summary>Longest message printed; longer ones are cut in the middle (a whole spec or file line may be
    /// quoted).</summary>
    public const int MaxMessage = 600;

    /// <summary>
    /// Prints one line, whatever line breaks the message carries: non-ASCII text stays intact, control characters
    /// and undecodable bytes (binary garbage quoted from a file) are shown as escapes, and very long messages are cut.
    /// </summary>
    public void Error(string message) => Err.WriteLine("tact: error: " + OneLine(message));

    /// <summary>Prints a warning line.</summary>
    public void Warning(string message) => Err.WriteLine("tact: warning: " + OneLine(message));

    /// <summary>The message as one printable line.</summary>
    public static string OneLine(string message)
    {
        var flat = System.Text.RegularExpressions.Regex.Replace(message.Trim(), @"\s*[\r\n]+\s*", " ");
        var text = new System.Text.StringBuilder();
        foreach (var rune in flat.EnumerateRunes())
        {
            if (Rune.IsControl(rune)) text.Append(rune.Value == '\t' ? " " : $"\\x{rune.Value:x2}");
            else if (rune == Rune.ReplacementChar) text.Append("\\ufffd");
            else text.Append(rune.ToString());
        }
        var line = text.ToString();
        if (line.Length <= MaxMessage) return line;
        int half = MaxMessage / 2;
        return line[..half] + $" … ({line.Length - MaxMessage} characters left out) … " + line[^half..];
    }
}
