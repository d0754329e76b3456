using Onnx;
using Tact.Activations.Registry;
using Tact.Models;
using static TorchSharp.torch;

namespace Tact.Onnx.Tests;

/// <summary>What cannot be exported is refused by name with nothing written; what is written has metadata.</summary>
public class ExportRejectionTests
{
    private static string TempFile() => Path.Combine(Path.GetTempPath(), $"tact-onnx-{Guid.NewGuid():N}.onnx");

    [Fact]
    public void AModuleWithoutAnOnnxFormIsNamedAndNothingIsWritten()
    {
        var model = nn.Sequential(("fc", nn.Linear(3, 4)), ("act", ActivationRegistry.Default.Create("relu")),
            ("odd", nn.Softmax2d()));
        var file = TempFile();
        var e = Assert.Throws<OnnxExportException>(() => OnnxExporter.Save(model, [3], file));
        Assert.StartsWith("not exportable: Sequential.odd (Softmax2d)", e.Message);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void TheLstmIsRefusedWithTheReason()
    {
        var model = ModelCatalog.Create("lstm", new ModelRequest([12, 2], 1, [8], ["sigmoid", "tanh"]));
        var file = TempFile();
        var e = Assert.Throws<OnnxExportException>(() => OnnxExporter.Save(model, [12, 2], file));
        Assert.Matches("^not exportable: LstmForecaster .*Loop or Scan", e.Message);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void AMissingFolderIsRefusedBeforeAnyWork()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tact-missing-{Guid.NewGuid():N}", "model.onnx");
        var e = Assert.Throws<OnnxExportException>(() => OnnxExporter.Save(nn.Sequential(nn.Linear(2, 2)), [2], file));
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void TheDescriptionAndTheActivationsGoIntoTheMetadata()
    {
        var model = new Mlp(2, [3], 1, ["tmaf(per=neuron)"]);
        var proto = OnnxExporter.ToModel(model, [2], new Dictionary<string, string> { ["classes"] = "a,b" });
        var meta = proto.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("a,b", meta["classes"]);
        Assert.Equal("2", meta["tact.input_shape"]);
        Assert.Contains("activations.0=tmaf", meta["tact.activations"]);
        Assert.Equal(OnnxExporter.Opset, proto.OpsetImport.Single().Version);
        Assert.Equal("batch", proto.Graph.Input.Single().Type.TensorType.Shape.Dim[0].DimParam);
    }

    [Fact]
    public void ExportLeavesTrainingModeAndMonitorsAsTheyWere()
    {
        var model = new Mlp(2, [3], 1, ["prelu(per=neuron)"]);
        model.train();
        var act = model.Activations[0];
        act.Monitor.Enabled = true;
        OnnxExporter.ToModel(model, [2]);
        Assert.True(model.training);
        Assert.True(act.Monitor.Enabled);
        Assert.Equal(0, act.Monitor.Total);
    }
}
