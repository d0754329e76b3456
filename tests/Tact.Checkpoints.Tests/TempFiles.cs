namespace Tact.Checkpoints.Tests;

/// <summary>A fresh temporary directory per test, removed afterwards.</summary>
internal sealed class TempFiles : IDisposable
{
    public TempFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "tact-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string File(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary directory is harmless.
        }
    }
}
