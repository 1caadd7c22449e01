namespace HccSim.Analysis.Summaries;

/// <summary>A published target beside its simulated value.</summary>
public sealed record TargetRow(string Strategy, string Outcome, double Target, double? TargetLower, double? TargetUpper,
    double Simulated, double Lower, double Upper, bool? Inside, string Source)
{
    public double? Tolerance { get; init; }
    public string? ToleranceReason { get; init; }
    /// <summary>Met only through the tolerance: outside the simulated interval, within the stated distance.</summary>
    public bool ByTolerance { get; init; }
    /// <summary>The subgroup the target is about ("attribute=level, …"); "" for the whole cohort.</summary>
    public string Subgroup { get; init; } = "";
    /// <summary>The scenario's reason this target cannot be met with the others (reported as a residual), or null.</summary>
    public string? Conflict { get; init; }
    /// <summary>"calibration" (fitted to or followed) or "validation" (external: never calibrated to).</summary>
    public string Role { get; init; } = "calibration";
    /// <summary>The simulated patients the value rests on: the cohort, or a subgroup's part of it; null for a method without patients.</summary>
    public long? Patients { get; init; }
}
