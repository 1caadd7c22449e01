namespace HccSim.Cli;

/// <summary>What `hccsim` returns; documented in --help and the README.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>An internal failure: a bug, or the machine (disk full, out of memory).</summary>
    public const int InternalFailure = 1;
    /// <summary>Invalid input: a usage error or a scenario that does not validate. Nothing is written.</summary>
    public const int InvalidInput = 2;
    /// <summary>`calibrate --method imis` spent its rounds before its stopping rule was met (a resample's expected distinct points short of (1 − 1/e)·J). No posterior is written.</summary>
    public const int NotConverged = 3;
    /// <summary>Interrupted with Ctrl-C (128 + SIGINT). Nothing is written.</summary>
    public const int Interrupted = 130;

    public const string Help = "Exit codes: 0 success; 2 invalid input (usage or scenario; nothing written); 1 internal failure; 130 interrupted by Ctrl-C (nothing written).";
}

/// <summary>A usage or input problem, reported as one line and exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
