using System.Diagnostics;
using System.Globalization;
using Tact.Checkpoints.Description;
using Tact.Models;
using static TorchSharp.torch;

namespace Tact.Checkpoints.Tests;

/// <summary>
/// PyTorch reads what tact writes, without tact: the safetensors framing by hand, the .pth with torch.load.
/// </summary>
public class PythonInteropTests
{
    // Reads the safetensors file with nothing but the standard library and torch (the safetensors package is not in
    // Debian), loads the .pth with torch.load, and prints the first Linear layer's output on the given input.
    private const string Script = """
        import json, struct, sys, torch
        st, pth, xs = sys.argv[1], sys.argv[2], [float(v) for v in sys.argv[3].split(',')]
        with open(st, 'rb') as f:
            n = struct.unpack('<Q', f.read(8))[0]
            header = json.loads(f.read(n))
            data = f.read()
        description = json.loads(header['__metadata__']['tact'])
        assert description['format'] == 'tact-checkpoint', description['format']
        def tensor(name):
            e = header[name]
            assert e['dtype'] == 'F32', e['dtype']
            a, b = e['data_offsets']
            return torch.frombuffer(bytearray(data[a:b]), dtype=torch.float32).reshape(e['shape'])
        state = torch.load(pth)
        for name in ('linears.0.weight', 'linears.0.bias'):
            assert torch.equal(state[name], tensor(name)), name
        layer = torch.nn.Linear(state['linears.0.weight'].shape[1], state['linears.0.weight'].shape[0])
        layer.load_state_dict({'weight': tensor('linears.0.weight'), 'bias': tensor('linears.0.bias')})
        y = layer(torch.tensor([xs]))
        print(description['model']['name'])
        print(','.join(repr(v) for v in y[0].tolist()))
        """;

    [PythonTorchFact]
    public void PythonReproducesTheFirstLinearLayer()
    {
        using var files = new TempFiles();
        var request = new ModelRequest([3], 2, [4], ["tmaf(per=neuron)"]);
        using var model = (Mlp)ModelCatalog.Create("mlp", request);
        var st = files.File("m.safetensors");
        var pth = files.File("m.pth");
        Checkpoint.Save(st, model, CheckpointDescription.ForModel("mlp", request));
        Checkpoint.SavePth(pth, model);
        var script = files.File("read.py");
        File.WriteAllText(script, Script);

        float[] input = [0.5f, -1.25f, 2f];
        var start = new ProcessStartInfo(PythonTorchFactAttribute.Python,
            [script, st, pth, string.Join(",", input.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);

        var lines = output.Trim().Split('\n');
        Assert.Equal("mlp", lines[0]);
        var fromPython = lines[1].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        using var _ = no_grad();
        var linear = model.state_dict();
        using var x = tensor(input).unsqueeze(0);
        using var y = nn.functional.linear(x, linear["linears.0.weight"], linear["linears.0.bias"]);
        var expected = y[0].data<float>().ToArray();
        Assert.Equal(expected.Length, fromPython.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], fromPython[i], 5e-6);
    }
}
