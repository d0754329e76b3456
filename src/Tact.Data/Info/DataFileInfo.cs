namespace Tact.Data.Info;

/// <summary>One file of a data directory.</summary>
/// <param name="Name">File name, relative to the directory.</param>
/// <param name="Bytes">Size in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file as stored (compressed files are hashed compressed).</param>
public sealed record DataFileInfo(string Name, long Bytes, string Sha256);
