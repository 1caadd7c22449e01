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
        Strategies = tallies.Select((t, s) => CohortResult.From(model, s, t)).ToArray();
    }

    /// <summary>A result from tallies merged elsewhere (shards of one cohort): the same summaries as one run of the whole.</summary>
    public static SimulationResult FromTallies(CompiledModel model, SimulationOptions options, StrategyTally[] tallies) => new(model, options, tallies, null);

    public CompiledModel Model { get; }
    public SimulationOptions Options { get; }
    public IReadOnlyList<StrategyTally> Tallies { get; }
    public IReadOnlyList<CohortResult> Strategies { get; }
    public TrajectoryTable? Trajectories { get; }
    /// <summary>Each patient's endpoint times, when recorded (<c>SimulationOptions.RecordEndpoints</c>).</summary>
    public EndpointTable? Endpoints { get; init; }

    public CohortResult this[string strategy]
        => Strategies.FirstOrDefault(s => s.Strategy == strategy)
           ?? throw new KeyNotFoundException($"no strategy '{strategy}' in the result (strategies: {string.Join(", ", Strategies.Select(s => s.Strategy))})");
}
