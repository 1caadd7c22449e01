namespace HccSim.Analysis.Runs;

/// <summary>What to run of a scenario: the cohort, the strategies (null: all) and how many patients' trajectories to keep.</summary>
public sealed record RunRequest(int Patients, ulong Seed, int Threads)
{
    public IReadOnlyCollection<string>? Strategies { get; init; }
    public int Trajectories { get; init; }
    /// <summary>Run only the patients with these categorical attribute levels (empty: the whole cohort).</summary>
    public IReadOnlyList<(string Attribute, string Level)> Subgroup { get; init; } = Array.Empty<(string, string)>();
    /// <summary>How the numbers are reached (default: the continuous-time microsimulation).</summary>
    public Core.Analytic.RunMethod Method { get; init; } = Core.Analytic.RunMethod.Continuous;
    /// <summary>The cycle length and within-cycle correction of the cycle, cohort and exact methods (the exact one's curve step); null for continuous.</summary>
    public Core.Cycles.CycleSettings? Cycle { get; init; }
    public IProgress<long>? Progress { get; init; }
    public CancellationToken Cancellation { get; init; }
}
