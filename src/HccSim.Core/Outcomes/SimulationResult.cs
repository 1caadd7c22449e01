using HccSim.Core.Compilation;
using HccSim.Core.Engine;

namespace HccSim.Core.Outcomes;

/// <summary>A run's exact tallies per strategy (and per subgroup cell, when partitioned), the summaries read from them, and any trajectories.</summary>
public sealed class SimulationResult
{
    internal SimulationResult(CompiledModel model, SimulationOptions options, StrategyTally[] cellTallies, TrajectoryTable? trajectories)
    {
        int strategies = model.Strategies.Length, cells = options.Partition?.CellCount ?? 1;
        if (cellTallies.Length != strategies * cells)
            throw new ArgumentException($"{cellTallies.Length} tallies for {strategies} strategies in {cells} cells (expected {strategies * cells})", nameof(cellTallies));
        Model = model;
        Options = options;
        CellTallies = cellTallies;
        // The whole cohort is every cell merged; exact sums, so the same bits as one unpartitioned tally.
        Tallies = cells == 1 ? cellTallies : Merge(model, options.Grid, cellTallies, Enumerable.Range(0, cells).ToArray());
        Trajectories = trajectories;
        // Summaries (curves, medians, landmarks) are read from the tallies when first asked for: a caller that needs only
        // means — a PSA draw's cohort batches — reads the tallies and pays nothing for them.
        _strategies = new Lazy<CohortResult[]>(() => Tallies.Select((t, s) => CohortResult.From(model, s, t)).ToArray());
    }

    private readonly Lazy<CohortResult[]> _strategies;

    /// <summary>
    /// A result from tallies merged elsewhere (shards of one cohort): the same summaries as one run of the whole. Cell-major
    /// (cell c's strategy s at c·strategies + s) when <paramref name="options"/> carry a partition.
    /// </summary>
    public static SimulationResult FromTallies(CompiledModel model, SimulationOptions options, StrategyTally[] tallies) => new(model, options, tallies, null);

    public CompiledModel Model { get; }
    public SimulationOptions Options { get; }
    /// <summary>The whole cohort's tally of each strategy.</summary>
    public IReadOnlyList<StrategyTally> Tallies { get; }
    /// <summary>The tallies by cell of <see cref="SimulationOptions.Partition"/> (cell-major); the whole cohort's when there is none.</summary>
    public IReadOnlyList<StrategyTally> CellTallies { get; }
    public IReadOnlyList<CohortResult> Strategies => _strategies.Value;
    public TrajectoryTable? Trajectories { get; }
    /// <summary>Each patient's endpoint times, when recorded (<c>SimulationOptions.RecordEndpoints</c>).</summary>
    public EndpointTable? Endpoints { get; init; }

    public CohortResult this[string strategy]
        => Strategies.FirstOrDefault(s => s.Strategy == strategy)
           ?? throw new KeyNotFoundException($"no strategy '{strategy}' in the result (strategies: {string.Join(", ", Strategies.Select(s => s.Strategy))})");

    /// <summary>
    /// The patients of this cohort who started with these levels (baseline, drawn at entry): the merge of their cells, read
    /// from this run, not a new one. Their count is about the cohort size times the subgroup's share. A subgroup of one cell
    /// reads that cell's tallies themselves (no copy of each strategy's histograms), so merge nothing into them.
    /// </summary>
    /// <exception cref="InvalidOperationException">The run was not partitioned by every attribute named.</exception>
    public SimulationResult Subgroup(IReadOnlyList<(string Attribute, string Level)> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (levels.Count == 0) return this;
        var partition = Options.Partition
            ?? throw new InvalidOperationException($"the run was not partitioned, so it has no subgroup {string.Join(", ", levels.Select(l => $"{l.Attribute}={l.Level}"))} (expected SimulationOptions.Partition)");
        int[] cells;
        try { cells = partition.CellsOf(levels).ToArray(); }
        catch (ArgumentException e) { throw new InvalidOperationException(e.Message, e); }
        int strategies = Model.Strategies.Length;
        var tallies = cells.Length == 1
            ? Enumerable.Range(cells[0] * strategies, strategies).Select(i => CellTallies[i]).ToArray()
            : Merge(Model, Options.Grid, CellTallies, cells);
        return new SimulationResult(Model, Options with { Partition = null }, tallies, null);
    }

    private static StrategyTally[] Merge(CompiledModel model, TimeGrid grid, IReadOnlyList<StrategyTally> cellTallies, int[] cells)
    {
        int strategies = model.Strategies.Length;
        var merged = new StrategyTally[strategies];
        for (int s = 0; s < strategies; s++)
        {
            merged[s] = new StrategyTally(model, s, grid);
            foreach (int c in cells) merged[s].Merge(cellTallies[c * strategies + s]);
        }
        return merged;
    }
}
