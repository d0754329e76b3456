using System.Text.Json;
using System.Text.Json.Nodes;
using Tact.Checkpoints.Description;
using Tact.Checkpoints.Safetensors;
using Tact.Models;
using static TorchSharp.torch;

namespace Tact.Checkpoints.Tests;

/// <summary>
/// Every kind of bad file gives a one-line <see cref="CheckpointException"/> naming the file and what is wrong.
/// </summary>
public class BadFileTests
{
    private static readonly ModelRequest Request = new([3], 2, [4], ["prelu(per=neuron)"]);

    private static string Saved(TempFiles files)
    {
        using var model = ModelCatalog.Create("mlp", Request);
        var path = files.File("good.safetensors");
        Checkpoint.Save(path, model, CheckpointDescription.ForModel("mlp", Request));
        return path;
    }

    private static CheckpointException Fails(string path)
    {
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path).Dispose());
        Assert.StartsWith(path + ":", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    /// <summary>Rewrites a saved checkpoint with its description changed by <paramref name="edit"/>.</summary>
    private static string WithDescription(TempFiles files, Action<JsonObject> edit, string name = "edited.safetensors")
    {
        using var content = SafetensorsFile.Read(Saved(files));
        var json = JsonNode.Parse(content.Metadata[Checkpoint.MetadataKey])!.AsObject();
        edit(json);
        var path = files.File(name);
        using (var stream = File.Create(path))
            SafetensorsFile.Write(stream, content.Tensors,
                new Dictionary<string, string> { [Checkpoint.MetadataKey] = json.ToJsonString() });
        return path;
    }

    [Fact]
    public void TruncatedFileNamesTheTensorCutOff()
    {
        using var files = new TempFiles();
        var path = Saved(files);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        Assert.Contains("truncated", Fails(path).Message);
    }

    [Fact]
    public void FileShorterThanItsHeaderIsRejected()
    {
        using var files = new TempFiles();
        var path = Saved(files);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..40]);
        Assert.Contains("header length", Fails(path).Message);
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Contains("too short", Fails(path).Message);
    }

    [Fact]
    public void CorruptHeaderIsRejected()
    {
        using var files = new TempFiles();
        var path = Saved(files);
        var bytes = File.ReadAllBytes(path);
        bytes[9] = (byte)'#';
        File.WriteAllBytes(path, bytes);
        Assert.Contains("not valid JSON", Fails(path).Message);
    }

    [Fact]
    public void NewerFormatVersionIsRefused()
    {
        using var files = new TempFiles();
        var path = WithDescription(files, d => d["formatVersion"] = CheckpointDescription.CurrentFormatVersion + 1);
        var message = Fails(path).Message;
        Assert.Contains("formatVersion", message);
        Assert.Contains("newer", message);
    }

    [Fact]
    public void SpecThatNoLongerParsesNamesTheField()
    {
        using var files = new TempFiles();
        var path = WithDescription(files, d => d["model"]!["activations"] = new JsonArray("nosuchfamily(per=neuron)"));
        var message = Fails(path).Message;
        Assert.Contains("'model'", message);
        Assert.Contains("nosuchfamily", message);
    }

    [Fact]
    public void ActivationListThatDoesNotMatchTheModelIsRejected()
    {
        using var files = new TempFiles();
        var path = WithDescription(files, d => d["activations"]![0]!["spec"] = "relu");
        Assert.Contains("activations[0]", Fails(path).Message);
    }

    [Fact]
    public void MalformedFieldIsNamed()
    {
        using var files = new TempFiles();
        var path = WithDescription(files, d => d["model"]!["hidden"] = "many");
        Assert.Contains("model.hidden", Fails(path).Message);
    }

    [Fact]
    public void FileWithoutDescriptionIsNotACheckpoint()
    {
        using var files = new TempFiles();
        var path = files.File("plain.safetensors");
        using (var stream = File.Create(path))
        using (var t = ones(2))
            SafetensorsFile.Write(stream, [new("x", t)], new Dictionary<string, string>());
        Assert.Contains("not a tact checkpoint", Fails(path).Message);
    }

    [Fact]
    public void MissingAndMisshapenTensorsAreNamed()
    {
        using var files = new TempFiles();
        var path = Saved(files);
        using var content = SafetensorsFile.Read(path);
        var metadata = new Dictionary<string, string>(content.Metadata);

        var missing = files.File("missing.safetensors");
        using (var stream = File.Create(missing))
            SafetensorsFile.Write(stream, content.Tensors.Where(t => t.Key != "linears.1.bias").ToList(), metadata);
        var e = Fails(missing);
        Assert.Contains("'linears.1.bias' is missing", e.Message);

        var wrong = files.File("wrong.safetensors");
        using (var stream = File.Create(wrong))
        using (var bad = zeros(5))
            SafetensorsFile.Write(stream,
                content.Tensors.Select(t => t.Key == "linears.0.bias" ? new(t.Key, bad) : t).ToList(), metadata);
        Assert.Contains("'linears.0.bias' has shape [5]", Fails(wrong).Message);

        var extra = files.File("extra.safetensors");
        using (var stream = File.Create(extra))
        using (var more = zeros(1))
            SafetensorsFile.Write(stream, [.. content.Tensors, new("surplus", more)], metadata);
        Assert.Contains("'surplus' is in the file but not in the model", Fails(extra).Message);
    }

    [Fact]
    public void StrictLoadIntoAUsersModelCopiesNothingOnMismatch()
    {
        using var files = new TempFiles();
        var path = Saved(files);
        using var other = ModelCatalog.Create("mlp", Request with { Hidden = [5] });
        var before = other.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.LoadInto(other, path));
        Assert.Contains("'linears.0.weight' has shape [4, 3] in the file, the model expects [5, 3]", e.Message);
        foreach (var (name, t) in other.state_dict()) Assert.True(t.bytes.SequenceEqual(before[name].bytes), name);
    }

    [Fact]
    public void MissingFileAndDirectoryAreNamed()
    {
        using var files = new TempFiles();
        Assert.Contains("no such file", Fails(files.File("none.safetensors")).Message);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(files.Directory));
        Assert.Contains("is a directory", e.Message);
    }

    [Fact]
    public void ASavedCheckpointIsNeverLeftHalfWritten()
    {
        using var files = new TempFiles();
        var path = Saved(files);
        var before = File.ReadAllBytes(path);
        using var model = ModelCatalog.Create("mlp", Request);
        // A tensor safetensors cannot hold makes the writer fail midway: the old file stays, no temporary is left.
        using var odd = new Odd();
        Assert.ThrowsAny<Exception>(() => Checkpoint.Save(path, odd, new CheckpointDescription()));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(files.Directory));
    }

    private sealed class Odd : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Parameter good = new(ones(2));
        private readonly TorchSharp.Modules.Parameter complex = new(zeros(2, dtype: complex64));

        public Odd() : base("Odd") => RegisterComponents();

        public override Tensor forward(Tensor x) => x * good;
    }
}
