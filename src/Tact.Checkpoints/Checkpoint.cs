using System.Collections;
using System.Reflection;
using System.Text.Json;
using Tact.Activations;
using Tact.Activations.Registry;
using Tact.Activations.Spec;
using Tact.Checkpoints.Description;
using Tact.Checkpoints.Safetensors;
using Tact.Models;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Tact.Checkpoints;

/// <summary>
/// Saves and loads trained models. A checkpoint is one safetensors file: the model's state dict under its PyTorch
/// names (<c>linears.0.weight</c>, ...) and a <see cref="CheckpointDescription"/> as JSON in <c>__metadata__</c>
/// (key <c>tact</c>), so <see cref="Load"/> can rebuild the model and Python can read the weights without tact.
/// PyTorch <c>.pth</c> state dicts are written and read through TorchSharp.PyBridge. Every file is written to a
/// temporary name and renamed, so a crash never leaves half a checkpoint. See docs/checkpoints.md.
/// </summary>
public static class Checkpoint
{
    /// <summary>The <c>__metadata__</c> key that holds the JSON description.</summary>
    public const string MetadataKey = "tact";

    /// <summary>The tact version, from the assembly's informational version.</summary>
    public static string TactVersion { get; } =
        typeof(Checkpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0] ?? "unknown";

    /// <summary>
    /// Where the optimiser state of checkpoint <paramref name="path"/> is kept: <c>PATH.optim.pth</c>.
    /// </summary>
    public static string OptimizerPath(string path) => path + ".optim.pth";

    /// <summary>
    /// Writes <paramref name="model"/>'s state dict and <paramref name="description"/> to <paramref name="path"/>
    /// (a <c>.safetensors</c> file). The description's <see cref="CheckpointDescription.Activations"/> are taken from
    /// the model (input ranges given in the description are kept). With <paramref name="optimizer"/>, its state goes
    /// to <see cref="OptimizerPath"/> as a PyTorch optimiser state dict; without, a stale one there is removed.
    /// </summary>
    public static void Save(string path, nn.Module model, CheckpointDescription description,
        optim.Optimizer? optimizer = null)
    {
        var full = description with { Activations = DescribeActivations(model, description.Activations) };
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            [MetadataKey] = JsonSerializer.Serialize(full, CheckpointDescription.Json),
        };
        OptimizerHelper? helper = null;
        if (optimizer is not null)
            helper = optimizer as OptimizerHelper
                ?? throw new ArgumentException($"cannot save the state of a {optimizer.GetType().Name} optimiser");
        // Both files are written completely before either is renamed into place.
        var weights = WriteTemporary(path, stream => SafetensorsFile.Write(stream, StateDicts.Of(model), metadata));
        string? state = null;
        try
        {
            if (helper is not null)
                state = WriteTemporary(OptimizerPath(path), stream => helper.save_py(stream, leaveOpen: true));
        }
        catch
        {
            File.Delete(weights);
            throw;
        }
        if (state is not null) File.Move(state, Path.GetFullPath(OptimizerPath(path)), overwrite: true);
        else if (File.Exists(OptimizerPath(path))) File.Delete(OptimizerPath(path));
        File.Move(weights, Path.GetFullPath(path), overwrite: true);
    }

    /// <summary>
    /// Reads and checks the description of checkpoint <paramref name="path"/> without loading its tensors.
    /// </summary>
    public static CheckpointDescription ReadDescription(string path)
    {
        CheckExists(path);
        if (IsPth(path)) throw new CheckpointException($"{path}: a PyTorch state dict carries no description");
        return Parse(path, SafetensorsFile.ReadMetadata(path));
    }

    /// <summary>
    /// Rebuilds the model a checkpoint describes (a zoo model with any registry activations) and loads its weights:
    /// the outputs equal those of the saved model bitwise. The model is in evaluation mode. Throws
    /// <see cref="CheckpointException"/> naming the file and the field or tensor at fault.
    /// </summary>
    /// <param name="path">A <c>.safetensors</c> checkpoint written by <see cref="Save"/>.</param>
    /// <param name="registry">Where activation specs are looked up; the default registry if null.</param>
    public static LoadedCheckpoint Load(string path, ActivationRegistry? registry = null)
    {
        CheckExists(path);
        if (IsPth(path))
            throw new CheckpointException($"{path}: a PyTorch state dict carries no description to rebuild the model " +
                "from; load it into your own model with Checkpoint.LoadInto, or use the .safetensors checkpoint");
        using var content = SafetensorsFile.Read(path);
        var description = Parse(path, content.Metadata);
        var model = Build(description, path, registry);
        try
        {
            StateDicts.CopyStrict(model, content.Tensors, path);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return new LoadedCheckpoint(path, description, model);
    }

    /// <summary>
    /// Builds the model a description names, with freshly initialised weights (seed libtorch's generator first to get
    /// the initialisation of a run), and checks that its activations are the ones the description lists.
    /// </summary>
    /// <param name="description">A description with a <see cref="CheckpointDescription.Model"/>.</param>
    /// <param name="path">The file the description came from, for error messages.</param>
    /// <param name="registry">Where activation specs are looked up; the default registry if null.</param>
    public static nn.Module<Tensor, Tensor> Build(CheckpointDescription description, string path,
        ActivationRegistry? registry = null)
    {
        var m = description.Model ?? throw new CheckpointException(
            $"{path}: the description names no model (field 'model'); load the weights into your own model " +
            "with Checkpoint.LoadInto");
        nn.Module<Tensor, Tensor> model;
        try
        {
            model = ModelCatalog.Create(m.Name, m.ToRequest(), registry);
        }
        catch (Exception e) when (e is SpecParseException or ArgumentException)
        {
            throw new CheckpointException($"{path}: field 'model' no longer builds a model: {e.Message}", e);
        }
        var built = Named(model);
        for (int i = 0; i < Math.Max(built.Count, description.Activations.Count); i++)
        {
            var saved = i < description.Activations.Count ? description.Activations[i] : null;
            var found = i < built.Count ? built[i] : default;
            string? spec = found.Module is null ? null : found.Module.Spec;
            if (saved is null || found.Module is null || saved.Module != found.Name || saved.Spec != spec)
            {
                model.Dispose();
                throw new CheckpointException($"{path}: field 'activations[{i}]' says " +
                    (saved is null ? "nothing" : $"'{saved.Module}' is '{saved.Spec}'") + ", the rebuilt model has " +
                    (found.Module is null ? "no such activation" : $"'{found.Name}' = '{spec}'"));
            }
        }
        return model;
    }

    /// <summary>
    /// Loads the tensors of <paramref name="path"/> into <paramref name="model"/>, a model of your own: a
    /// <c>.safetensors</c> file (a tact checkpoint or any other) or a PyTorch <c>.pth</c>/<c>.pt</c> state dict.
    /// Strict: every tensor of the model must be in the file with the same shape and the file must hold no others;
    /// otherwise nothing is copied and the <see cref="CheckpointException"/> names the first tensor that does not
    /// match. Returns the file's description, or null when it has none.
    /// </summary>
    public static CheckpointDescription? LoadInto(nn.Module model, string path)
    {
        CheckExists(path);
        if (IsPth(path))
        {
            var tensors = ReadPth(path);
            try
            {
                StateDicts.CopyStrict(model, tensors, path);
            }
            finally
            {
                foreach (var (_, t) in tensors) t.Dispose();
            }
            return null;
        }
        using var content = SafetensorsFile.Read(path);
        var description = content.Metadata.ContainsKey(MetadataKey) ? Parse(path, content.Metadata) : null;
        StateDicts.CopyStrict(model, content.Tensors, path);
        return description;
    }

    /// <summary>
    /// Writes the state dict of <paramref name="model"/> as a PyTorch <c>.pth</c> file (<c>torch.load</c> reads it;
    /// PyTorch's <c>load_state_dict</c> takes it). A state dict carries no description.
    /// </summary>
    public static void SavePth(string path, nn.Module model)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, t) in StateDicts.Of(model)) tensors[name] = t.detach();
        WriteAtomically(path, stream => PyTorchPickler.PickleStateDict(stream, tensors, leaveOpen: true));
    }

    /// <summary>
    /// Loads the optimiser state saved beside checkpoint <paramref name="path"/> into <paramref name="optimizer"/>
    /// (built over the same parameters). Returns false when the checkpoint has no optimiser state.
    /// </summary>
    public static bool LoadOptimizer(string path, optim.Optimizer optimizer)
    {
        var file = OptimizerPath(path);
        if (!File.Exists(file)) return false;
        if (optimizer is not OptimizerHelper helper)
            throw new ArgumentException($"cannot load the state of a {optimizer.GetType().Name} optimiser");
        try
        {
            using var stream = File.OpenRead(file);
            helper.load_py(stream);
        }
        catch (Exception e) when (e is not CheckpointException and not OutOfMemoryException)
        {
            throw new CheckpointException(
                $"{file}: not an optimiser state of this model ({e.Message.Split('\n')[0]})", e);
        }
        return true;
    }

    /// <summary>
    /// The activation modules of <paramref name="model"/> with their paths and canonical specs, keeping the input
    /// ranges of <paramref name="known"/> entries of the same path and spec.
    /// </summary>
    public static IReadOnlyList<ActivationDescription> DescribeActivations(nn.Module model,
        IReadOnlyList<ActivationDescription>? known = null) =>
        Named(model).Select(a =>
        {
            var spec = a.Module.Spec;
            var old = known?.FirstOrDefault(k => k.Module == a.Name && k.Spec == spec);
            return new ActivationDescription(a.Name, spec, a.Module.Sets, a.Module.ParameterCount,
                old?.InputMin, old?.InputMax);
        }).ToList();

    /// <summary>The activation modules of a model with their dotted paths, in registration order.</summary>
    public static List<(string Name, ActivationModule Module)> Named(nn.Module model) =>
        model.named_modules().Where(m => m.module is ActivationModule)
            .Select(m => (m.name, (ActivationModule)m.module)).ToList();

    private static CheckpointDescription Parse(string path, IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(MetadataKey, out var json))
            throw new CheckpointException(
                $"{path}: not a tact checkpoint (no '{MetadataKey}' entry in __metadata__); " +
                "load its tensors into your own model with Checkpoint.LoadInto");
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path}: the description is not valid JSON ({e.Message.Split('.')[0]})", e);
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new CheckpointException($"{path}: the description is not a JSON object");
        if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
            || format.GetString() != CheckpointDescription.FormatName)
            throw new CheckpointException($"{path}: field 'format' must be '{CheckpointDescription.FormatName}'");
        if (!root.TryGetProperty("formatVersion", out var version) || !version.TryGetInt32(out int v) || v < 1)
            throw new CheckpointException($"{path}: field 'formatVersion' is missing or not a positive whole number");
        if (v > CheckpointDescription.CurrentFormatVersion)
            throw new CheckpointException(
                $"{path}: field 'formatVersion' is {v}, newer than this tact ({TactVersion}) " +
                $"reads ({CheckpointDescription.CurrentFormatVersion}); update tact");
        CheckpointDescription description;
        try
        {
            description = root.Deserialize<CheckpointDescription>(CheckpointDescription.Json)
                ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } p ? $"field '{p.TrimStart('$', '.')}'" : "the description";
            throw new CheckpointException($"{path}: {field} is malformed ({e.Message.Split('.')[0]})", e);
        }
        if (description.Model is { } m
            && (m.Name is null || m.InputShape is null || m.Hidden is null || m.Activations is null))
            throw new CheckpointException($"{path}: field 'model' needs name, inputShape, hidden and activations");
        if (description.Activations is null || description.Activations.Any(a => a?.Module is null || a.Spec is null))
            throw new CheckpointException($"{path}: field 'activations' needs a module and a spec for every entry");
        return description;
    }

    private static List<KeyValuePair<string, Tensor>> ReadPth(string path)
    {
        Hashtable table;
        try
        {
            using var stream = File.OpenRead(path);
            table = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new CheckpointException($"{path}: not a PyTorch state dict ({e.Message.Split('\n')[0]})", e);
        }
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is not string name || entry.Value is not Tensor t)
                throw new CheckpointException(
                    $"{path}: entry '{entry.Key}' is not a named tensor; expected a state dict");
            tensors.Add(new(name, t));
        }
        return tensors;
    }

    private static bool IsPth(string path) =>
        path.EndsWith(".pth", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".pt", StringComparison.OrdinalIgnoreCase);

    private static void CheckExists(string path)
    {
        if (Directory.Exists(path)) throw new CheckpointException($"{path}: is a directory, not a checkpoint file");
        if (!File.Exists(path)) throw new CheckpointException($"{path}: no such file");
    }

    private static void WriteAtomically(string path, Action<Stream> write) =>
        File.Move(WriteTemporary(path, write), Path.GetFullPath(path), overwrite: true);

    /// <summary>
    /// Writes a temporary file beside <paramref name="path"/> (named <c>PATH.PID.GUID.tmp</c>, so that a later run
    /// can tell the leftovers of a killed process) and returns its name; on failure nothing is left.
    /// </summary>
    private static string WriteTemporary(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write);
            write(stream);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        return temp;
    }

    /// <summary>
    /// Removes the temporary files that processes no longer running left in <paramref name="directory"/> when they
    /// were killed while writing a checkpoint; those of running processes (another shard) stay.
    /// </summary>
    public static void RemoveUnfinished(string directory)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var temp in Directory.EnumerateFiles(directory, "*.tmp"))
        {
            var parts = Path.GetFileName(temp).Split('.');
            if (parts.Length < 3 || !int.TryParse(parts[^3], out int pid) || Running(pid)) continue;
            File.Delete(temp);
        }
    }

    private static bool Running(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
