using HccSim.Analysis.Summaries;
using HccSim.Core.Analytic;
using HccSim.Core.Outcomes;

namespace HccSim.Analysis.Runs;

/// <summary>
/// A run's results: the continuous simulation (null with only partitioned strategies, or by another method), the solved
/// partitioned strategies, and the tables.
/// </summary>
public sealed record RunOutcome(SimulationResult? Result, IReadOnlyList<PartitionedSurvivalResult> Partitioned, ResultTables Tables)
{
    /// <summary>By the cycle, cohort or exact method: each strategy's result at the cycle boundaries (empty for continuous).</summary>
    public IReadOnlyList<Core.Cycles.CycleResult> CycleResults { get; init; } = Array.Empty<Core.Cycles.CycleResult>();

    /// <summary>Targets the method could not judge, each with the reason ("strategy outcome: why").</summary>
    public IReadOnlyList<string> Unjudged { get; init; } = Array.Empty<string>();
}
