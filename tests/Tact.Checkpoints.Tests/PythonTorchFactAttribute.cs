using System.Diagnostics;

namespace Tact.Checkpoints.Tests;

/// <summary>
/// A fact that needs <c>/usr/bin/python3</c> with PyTorch (Debian: <c>apt-get install python3-torch</c>); skipped
/// visibly without it.
/// </summary>
public sealed class PythonTorchFactAttribute : FactAttribute
{
    /// <summary>The interpreter the interop tests run.</summary>
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> Available = new(() =>
    {
        if (!File.Exists(Python)) return false;
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Python, ["-c", "import torch"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    /// <summary>Skips when Python cannot import torch.</summary>
    public PythonTorchFactAttribute()
    {
        if (!Available.Value) Skip = $"{Python} cannot import torch (install the Debian package python3-torch)";
    }
}
