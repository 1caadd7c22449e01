using HccSim.Core.Compilation;
using HccSim.Core.Engine;

namespace HccSim.Core.Outcomes;

/// <summary>A run's exact tallies per strategy, the summaries read from them, and any trajectories.</summary>
public sealed class SimulationResult
{
    internal SimulationResult(CompiledModel model, SimulationOptions options, StrategyTally[] tallies, TrajectoryTable? trajectories)
    {
        Model = model;
        Options = options;
        Tallies = tallies;
        Trajectories = trajectories;
        // Summaries (curves, medians, landmarks) are read from the tallies when first asked for: a caller that needs only
        // means — a PSA draw's cohort batches — reads the tallies and pays nothing for them.
        _strategies = new Lazy<CohortResult[]>(() => tallies.Select((t, s) => CohortResult.From(model, s, t)).ToArray());
    }

    private readonly Lazy<CohortResult[]> _strategies;

    /// <summary>A result from tallies merged elsewhere (shards of one cohort): the same summaries as one run of the whole.</summary>
    public static SimulationResult FromTallies(CompiledModel model, SimulationOptions options, StrategyTally[] tallies) => new(model, options, tallies, null);

    public CompiledModel Model { get; }
    public SimulationOptions Options { get; }
    public IReadOnlyList<StrategyTally> Tallies { get; }
    public IReadOnlyList<CohortResult> Strategies => _strategies.Value;
    public TrajectoryTable? Trajectories { get; }
    /// <summary>Each patient's endpoint times, when recorded (<c>SimulationOptions.RecordEndpoints</c>).</summary>
    public EndpointTable? Endpoints { get; init; }

    public CohortResult this[string strategy]
        => Strategies.FirstOrDefault(s => s.Strategy == strategy)
           ?? throw new KeyNotFoundException($"no strategy '{strategy}' in the result (strategies: {string.Join(", ", Strategies.Select(s => s.Strategy))})");
}
