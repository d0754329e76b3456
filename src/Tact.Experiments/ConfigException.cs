namespace Tact.Experiments;

/// <summary>A configuration the user gave that cannot run: an unknown task, a bad value, a bad path.</summary>
public sealed class ConfigException(string message) : Exception(message);
