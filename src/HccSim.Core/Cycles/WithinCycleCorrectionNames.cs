namespace HccSim.Core.Cycles;

/// <summary>The names a scenario file, a stamp and a help text give the within-cycle corrections, in one place.</summary>
public static class WithinCycleCorrectionNames
{
    /// <summary>Indexed by <see cref="WithinCycleCorrection"/>.</summary>
    public static readonly IReadOnlyList<string> All = new[] { "none", "half_cycle", "life_table", "simpson", "darth_simpson" };

    public static string Of(WithinCycleCorrection correction) => All[(int)correction];

    /// <summary>The correction a name stands for; null when it names none.</summary>
    public static WithinCycleCorrection? Parse(string name)
    {
        int i = All.ToList().IndexOf(name);
        return i < 0 ? null : (WithinCycleCorrection)i;
    }
}
