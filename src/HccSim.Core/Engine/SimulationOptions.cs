using HccSim.Core.Outcomes;

namespace HccSim.Core.Engine;

/// <summary>
/// How to run a cohort: which patients (indices <see cref="FirstPatient"/> …), the scenario seed and
/// parameter sample that fix every patient's random stream, and how to spread the work. Threads and
/// block size change only the speed, never a result.
/// </summary>
public sealed record SimulationOptions
{
    public int Patients { get; init; } = 10_000;
    public ulong Seed { get; init; } = 1;
    /// <summary>Parameter sample k (0 for the base case): part of each patient's stream key.</summary>
    public int Sample { get; init; }
    /// <summary>Index of the first patient; a shard of a larger cohort starts past 0.</summary>
    public long FirstPatient { get; init; }
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>Patients a worker takes at a time.</summary>
    public int BlockSize { get; init; } = 4096;
    /// <summary>
    /// Called after each block of patients with the running tallies of the worker that ran it, on that worker's thread. With
    /// one thread the blocks come in order, so the difference of two readings is one block's sums (a PSA's batch means).
    /// </summary>
    public Action<int, IReadOnlyList<Outcomes.StrategyTally>>? BlockCompleted { get; init; }
    public TimeGrid Grid { get; init; } = TimeGrid.Default;
    /// <summary>Record the trajectories (sojourns) of the first this-many patients; 0 for none.</summary>
    public int TrajectoryPatients { get; init; }
    /// <summary>Record each patient's endpoint times per strategy (OS, PFS, first time of each tag) and attributes.</summary>
    public bool RecordEndpoints { get; init; }
    /// <summary>With <see cref="RecordEndpoints"/>: also record whether each patient is cancer-free and drug-free at this month.</summary>
    public double? CfdfLandmarkMonths { get; init; }
    /// <summary>
    /// Tally the cohort by cells of baseline attribute levels (for subgroup targets, read in the same pass); null: one
    /// cell. The whole cohort's tallies are the same to the bit either way.
    /// </summary>
    public CohortPartition? Partition { get; init; }
    /// <summary>Told the number of patients finished, after each block.</summary>
    public IProgress<long>? Progress { get; init; }
    public CancellationToken Cancellation { get; init; }

    public IEnumerable<string> Problems()
    {
        if (Patients < 1) yield return $"patients must be at least 1 (got {Patients})";
        if (FirstPatient < 0) yield return $"first patient must be ≥ 0 (got {FirstPatient})";
        if (Threads < 1 || Threads > 1024) yield return $"threads must be between 1 and 1024 (got {Threads})";
        if (BlockSize < 1) yield return $"block size must be at least 1 (got {BlockSize})";
        if (Sample < 0) yield return $"sample must be ≥ 0 (got {Sample})";
        if (TrajectoryPatients < 0 || TrajectoryPatients > Patients)
            yield return $"trajectory patients must be between 0 and the cohort size {Patients} (got {TrajectoryPatients})";
        if (CfdfLandmarkMonths is { } l && !(l >= 0 && double.IsFinite(l))) yield return $"cancer-free drug-free landmark must be a finite month ≥ 0 (got {l})";
        if (CfdfLandmarkMonths is not null && !RecordEndpoints) yield return "a cancer-free drug-free landmark is recorded only with the endpoint table";
        if (Partition is not null && BlockCompleted is not null) yield return "a block callback reads whole-cohort tallies; a partitioned run keeps them by cell";
        foreach (var p in Grid.Problems()) yield return p;
    }
}
