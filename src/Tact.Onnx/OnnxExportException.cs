namespace Tact.Onnx;

/// <summary>
/// A model (or one of its modules) has no ONNX form in tact's exporter, or the export cannot be written.
/// The message names the module by its path in the model and says why.
/// </summary>
public sealed class OnnxExportException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public OnnxExportException(string message) : base(message)
    {
    }
}
