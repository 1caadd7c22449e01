namespace HccSim.Reporting.Publishing;

/// <summary>
/// Named moments of publishing at which a test can have the process killed (SIGKILL, as a crash or `kill -9` would):
/// HCCSIM_TEST_KILL_AT=NAME, where NAME is "staged" (every file written to staging), "committed" or "moved FILE". Read once; costs a
/// string comparison per moment when unset.
/// </summary>
public static class TestHook
{
    private static readonly string? KillAt = Environment.GetEnvironmentVariable("HCCSIM_TEST_KILL_AT");

    public static void At(string moment)
    {
        if (KillAt is not null && KillAt == moment) System.Diagnostics.Process.GetCurrentProcess().Kill();
    }
}
