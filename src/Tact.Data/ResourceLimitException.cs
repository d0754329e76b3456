namespace Tact.Data;

/// <summary>
/// A size the user chose (of a model, a data set, a grid or a file) that would exhaust memory or time; raised by
/// an estimate before anything is allocated, with a message that says how much is needed.
/// </summary>
public sealed class ResourceLimitException(string message) : Exception(message);
