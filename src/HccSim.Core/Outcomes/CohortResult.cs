using HccSim.Core.Compilation;

namespace HccSim.Core.Outcomes;

/// <summary>What one strategy's cohort came to: survival, occupancy, cancer-free drug-free, tags, economics.</summary>
public sealed class CohortResult
{
    private CohortResult() { }

    public required string Strategy { get; init; }
    public required string Label { get; init; }
    public required long Patients { get; init; }
    public required long Transitions { get; init; }
    public required long BackgroundDeaths { get; init; }

    public required SurvivalCurve OverallSurvival { get; init; }
    public required SurvivalCurve ProgressionFreeSurvival { get; init; }

    /// <summary>Report-point times, in months, for <see cref="Occupancy"/> and <see cref="CfdfPrevalence"/>.</summary>
    public required IReadOnlyList<double> Times { get; init; }
    public required IReadOnlyList<string> States { get; init; }
    /// <summary>Share of patients in each state (row) at each report point (column); columns sum to 1.</summary>
    public required double[,] Occupancy { get; init; }

    public required Estimate CfdfEver { get; init; }
    public required IReadOnlyList<double> CfdfPrevalence { get; init; }
    /// <summary>Mean months spent cancer-free drug-free within the horizon.</summary>
    public required Estimate CfdfMonths { get; init; }
    public required Estimate ResponseEver { get; init; }
    public required Estimate CancerFreeEver { get; init; }

    public required IReadOnlyList<TagOutcome> Tags { get; init; }

    public required Estimate LifeYears { get; init; }
    public required Estimate Qalys { get; init; }
    public required Estimate Costs { get; init; }
    public required Estimate DiscountedLifeYears { get; init; }
    public required Estimate DiscountedQalys { get; init; }
    public required Estimate DiscountedCosts { get; init; }

    public TagOutcome Tag(string name)
        => Tags.FirstOrDefault(t => t.Tag == name)
           ?? throw new KeyNotFoundException($"no tag '{name}' in the model (tags: {string.Join(", ", Tags.Select(t => t.Tag))})");

    /// <summary>Occupancy of a state over the report points.</summary>
    public double[] OccupancyOf(string state)
    {
        int i = States.ToList().IndexOf(state);
        if (i < 0) throw new KeyNotFoundException($"no state '{state}' in strategy '{Strategy}'");
        var row = new double[Times.Count];
        for (int g = 0; g < row.Length; g++) row[g] = Occupancy[i, g];
        return row;
    }

    internal static CohortResult From(CompiledModel model, int strategy, StrategyTally tally)
    {
        var st = model.Strategies[strategy];
        var grid = tally.Grid;
        int points = tally.Points;
        double n = tally.Patients;
        var occupancy = new double[tally.StateCount, points];
        for (int s = 0; s < tally.StateCount; s++)
        {
            long running = 0;
            for (int g = 0; g < points; g++)
            {
                running += tally.OccupancyChanges[s * (points + 1) + g];
                occupancy[s, g] = running / n;
            }
        }
        var cfdf = new double[points];
        long inCfdf = 0;
        for (int g = 0; g < points; g++) { inCfdf += tally.CfdfChanges[g]; cfdf[g] = inCfdf / n; }

        var tags = new TagOutcome[tally.TagCount];
        for (int k = 0; k < tags.Length; k++)
        {
            // Read in place: a copy of each tag's bins (12,001 at a 10-year horizon) for every strategy and subgroup run was
            // a tenth of a small run's CPU time, in memmove and the page faults of the copies.
            ReadOnlySpan<long> firstEvents = tally.TagFirstBins(k);
            var incidence = new double[points];
            int binsPerPoint = grid.BinsPerMonth / grid.PointsPerMonth;
            long cumulative = 0;
            int bin = 0;
            for (int g = 0; g < points; g++)
            {
                while (bin <= g * binsPerPoint && bin < firstEvents.Length) cumulative += firstEvents[bin++];
                incidence[g] = cumulative / n;
            }
            tags[k] = new TagOutcome(model.TagNames[k], Estimate.Proportion(tally.TagEver[k], tally.Patients), incidence, tally.TagFirstTime[k].ToEstimate());
        }

        return new CohortResult
        {
            Strategy = st.Name,
            Label = st.Label,
            Patients = tally.Patients,
            Transitions = tally.Transitions,
            BackgroundDeaths = tally.BackgroundDeaths,
            OverallSurvival = new SurvivalCurve(tally.OsEvents, tally.Patients, grid, tally.HorizonMonths, tally.OsTime),
            ProgressionFreeSurvival = new SurvivalCurve(tally.PfsEvents, tally.Patients, grid, tally.HorizonMonths, tally.PfsTime),
            Times = Enumerable.Range(0, points).Select(grid.PointTime).ToArray(),
            States = st.StateNames,
            Occupancy = occupancy,
            CfdfEver = Estimate.Proportion(tally.CfdfEver, tally.Patients),
            CfdfPrevalence = cfdf,
            CfdfMonths = tally.CfdfTime.ToEstimate(),
            ResponseEver = Estimate.Proportion(tally.ResponseEver, tally.Patients),
            CancerFreeEver = Estimate.Proportion(tally.CancerFreeEver, tally.Patients),
            Tags = tags,
            LifeYears = tally.LifeYears.ToEstimate(),
            Qalys = tally.Qalys.ToEstimate(),
            Costs = tally.Costs.ToEstimate(),
            DiscountedLifeYears = tally.DiscountedLifeYears.ToEstimate(),
            DiscountedQalys = tally.DiscountedQalys.ToEstimate(),
            DiscountedCosts = tally.DiscountedCosts.ToEstimate(),
        };
    }
}

/// <summary>
/// A tagged event: the share of patients who ever had it (within the horizon), its cumulative incidence
/// at the report points, and the mean time to the first among those who had it.
/// </summary>
public sealed record TagOutcome(string Tag, Estimate Ever, IReadOnlyList<double> CumulativeIncidence, Estimate MeanMonthsToFirst);
