namespace HccSim.Scenarios;

/// <summary>A published figure the scenario should reproduce, with where it comes from.</summary>
public sealed record Target(string Strategy, string Outcome, double Value, double? Lower, double? Upper, string Source)
{
    public string? Definition { get; init; }
    /// <summary>A simulated value this close to the target also meets it (in the target's units), with the reason why.</summary>
    public double? Tolerance { get; init; }
    public string? ToleranceReason { get; init; }
    /// <summary>The patients the figure is about (categorical attribute → level); empty: the whole cohort.</summary>
    public IReadOnlyList<(string Attribute, string Level)> Subgroup { get; init; } = Array.Empty<(string, string)>();
    /// <summary>
    /// Why this figure cannot be met together with the scenario's others (different population, definition or model
    /// assumption): it is reported as a residual, never counted as met, and the shipped-scenario test checks it is missed.
    /// </summary>
    public string? Conflict { get; init; }
    /// <summary>How much the target counts in calibration (default 1; 0 for a validation target).</summary>
    public double Weight { get; init; } = 1;
    /// <summary>
    /// What the figure is for: <see cref="TargetRole.Calibration"/> (the scenario was fitted to it, or follows it) or
    /// <see cref="TargetRole.Validation"/> (external: never calibrated to, reported to show how the model predicts).
    /// </summary>
    public TargetRole Role { get; init; } = TargetRole.Calibration;
    public int Line { get; init; }
    /// <summary>The target's position in the file's list (the same in every read of the file).</summary>
    public int Index { get; init; }

    /// <summary>The subgroup as text, e.g. "burden=beyond_up_to_seven"; "" for the whole cohort.</summary>
    public string SubgroupText => string.Join(", ", Subgroup.Select(s => $"{s.Attribute}={s.Level}"));
}

/// <summary>Whether a published figure was used to build the scenario or only to judge it afterwards.</summary>
public enum TargetRole { Calibration, Validation }
