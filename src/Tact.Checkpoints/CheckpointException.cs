namespace Tact.Checkpoints;

/// <summary>
/// A checkpoint that cannot be used: unreadable, truncated, from a newer format, or not matching the model it is
/// loaded into. The message is one line naming the file and the tensor or field at fault.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public CheckpointException(string message) : base(message) { }

    /// <summary>Creates the exception with its one-line message and the error that caused it.</summary>
    public CheckpointException(string message, Exception inner) : base(message, inner) { }
}
