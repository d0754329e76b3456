namespace Tact.Data;

/// <summary>
/// A data file that does not hold what its format promises. The message names the file and where in it
/// (record, line or byte offset) the problem is, so the user can look at the bytes themselves.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/> with a message that says where and what.</summary>
    public DataFormatException(string path, string where, string problem, Exception? inner = null)
        : base($"{path}: {where}: {problem}", inner)
    {
        Path = path;
        Where = where;
    }

    /// <summary>The file that was being read.</summary>
    public string Path { get; }

    /// <summary>Where in the file, e.g. <c>byte 16</c>, <c>line 3</c> or <c>record 7</c>.</summary>
    public string Where { get; }
}
