using HccSim.Analysis.Summaries;
using HccSim.Core.Analytic;
using HccSim.Core.Outcomes;

namespace HccSim.Analysis.Runs;

/// <summary>A run's results: the simulation (null with only partitioned strategies), the solved partitioned strategies, and the tables.</summary>
public sealed record RunOutcome(SimulationResult? Result, IReadOnlyList<PartitionedSurvivalResult> Partitioned, ResultTables Tables);
