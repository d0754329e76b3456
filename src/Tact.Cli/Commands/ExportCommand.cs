using System.CommandLine;
using System.Text.Json;
using Tact.Checkpoints;
using Tact.Checkpoints.Description;
using Tact.Onnx;

namespace Tact.Cli.Commands;

/// <summary>
/// <c>tact export FILE --onnx OUT.onnx</c>: the checkpoint's network as an ONNX file (opset 17, standard operators,
/// dynamic batch), its description in the ONNX metadata under <c>tact.description</c>.
/// </summary>
internal static class ExportCommand
{
    /// <summary>The metadata key of the checkpoint's JSON description (specs, task, classes, preprocessing).</summary>
    public const string DescriptionKey = OnnxExporter.MetadataPrefix + "description";

    public static Command Create(ConsoleUi ui)
    {
        var file = new Argument<string>("file") { Description = "A checkpoint (.safetensors)" };
        var onnx = new Option<string>("--onnx") { Description = "The ONNX file to write", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing ONNX file" };
        var command = new Command("export",
            "Export a checkpoint's network to ONNX, every learned activation in standard ONNX operators.");
        command.Arguments.Add(file);
        command.Options.Add(onnx);
        command.Options.Add(force);
        command.SetAction(r => TactCli.Guard(ui, () =>
        {
            var path = r.GetValue(file)!;
            var output = r.GetValue(onnx)!;
            CheckOutput(output, r.GetValue(force));
            using var loaded = Checkpoint.Load(path);
            var shape = loaded.Description.Model!.InputShape;
            var metadata = new Dictionary<string, string>
            {
                [DescriptionKey] = JsonSerializer.Serialize(loaded.Description, CheckpointDescription.Json),
            };
            OnnxExporter.Save(loaded.Model, shape, output, metadata);
            ui.Plain.WriteLine($"{output}: {loaded.Description.Model.Name}, " +
                $"input [batch, {string.Join(", ", shape)}], ONNX opset {OnnxExporter.Opset}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void CheckOutput(string output, bool force)
    {
        if (output.Trim().Length == 0) throw new OnnxExportException("--onnx is an empty string; give a file");
        if (Directory.Exists(output)) throw new OnnxExportException($"--onnx '{output}' is a folder; give a file");
        var folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        if (!Directory.Exists(folder))
            throw new OnnxExportException($"--onnx '{output}': folder {folder} does not exist");
        OutputDirectory.Check(folder, "--onnx");
        if (File.Exists(output) && !force)
            throw new OnnxExportException($"--onnx '{output}' exists; add --force to overwrite it");
    }
}
