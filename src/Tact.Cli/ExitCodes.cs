namespace Tact.Cli;

/// <summary>Exit codes of every tact command.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>An unexpected failure (a bug or an I/O error).</summary>
    public const int Failure = 1;
    /// <summary>Bad input: unknown names, malformed specs, bad values or paths. Nothing was written.</summary>
    public const int BadInput = 2;
    /// <summary>Training diverged (NaN or infinite loss); the record says so.</summary>
    public const int Diverged = 3;
}
