namespace HccSim.Analysis.TrialValue;

/// <summary>What a trial costs: a fixed part whatever its size, and a part per patient enrolled (the scenario's currency).</summary>
public sealed record TrialCost(double Fixed, double PerPatient)
{
    public double Of(int patients) => Fixed + PerPatient * patients;
}

/// <summary>
/// A trial of one size, valued: EVSI per patient with its standard error, for the population that faces the decision
/// (null without one), what the trial costs (null without a cost), and the expected net benefit of sampling —
/// population EVSI minus cost (Ades, Lu and Claxton 2004) — when both are known.
/// </summary>
public sealed record SizedValue(int Patients, EvsiEstimate Evsi, double? PopulationEvsi, double? Cost)
{
    public double? PopulationStandardError { get; init; }
    /// <summary>Months from the trial's start to its (final or stopping) analysis, the mean over the draws' trials; null when not known.</summary>
    public double? ReportingMonths { get; init; }
    /// <summary>Discounted patients who benefit from the trial's result (those after it reports); null without a population.</summary>
    public double? PopulationFactor { get; init; }
    public double? Enbs => PopulationEvsi is { } v && Cost is { } c ? v - c : null;
}

/// <summary>
/// EVSI of one trial design at several sample sizes, from the same parameter draws: the draws' net benefits (one row
/// per draw, one column per strategy) and, for each size, each draw's simulated trial summarised. The optimal size is
/// the one with the largest expected net benefit of sampling, when it is positive (else no trial is worth running).
/// </summary>
public sealed class SampleSizeValue
{
    /// <param name="population">Who faces the decision (null: per patient only).</param>
    /// <param name="reportingMonths">
    /// Each size's months from the trial's start to its result: patients who face the decision before it are treated on
    /// today's information and gain nothing from the trial (null: not known, the result taken as known at once).
    /// </param>
    /// <param name="countDelay">False: every patient benefits at once whatever the reporting time (an upper bound).</param>
    public SampleSizeValue(IReadOnlyList<int> sizes, double[,] netBenefit, IReadOnlyList<double[,]> summaries, DecisionPopulation? population, TrialCost? cost,
        IReadOnlyList<double>? reportingMonths = null, bool countDelay = true)
    {
        if (sizes.Count != summaries.Count) throw new ArgumentException($"{sizes.Count} sizes but {summaries.Count} sets of summaries");
        if (sizes.Count == 0) throw new ArgumentException("at least one sample size");
        if (reportingMonths is not null && reportingMonths.Count != sizes.Count) throw new ArgumentException($"{sizes.Count} sizes but {reportingMonths.Count} reporting times");
        Evpi = PerfectInformation(netBenefit);
        NetBenefit = netBenefit;
        Population = population;
        Sizes = sizes.Select((n, i) =>
        {
            var evsi = RegressionEvsi.Estimate(netBenefit, summaries[i]);
            double? months = reportingMonths?[i];
            double? factor = population?.Factor(countDelay ? (months ?? 0) / 12 : 0);
            return new SizedValue(n, evsi, factor * evsi.Value, cost?.Of(n))
            {
                PopulationStandardError = factor * evsi.StandardError, ReportingMonths = months, PopulationFactor = factor,
            };
        }).ToArray();
    }

    public DecisionPopulation? Population { get; }

    public IReadOnlyList<SizedValue> Sizes { get; }
    /// <summary>[draw, strategy]: the net benefits valued (read-only by convention).</summary>
    public double[,] NetBenefit { get; }
    /// <summary>EVPI per patient from the same draws: what no trial can exceed.</summary>
    public double Evpi { get; }

    /// <summary>The size with the largest positive ENBS; null when no size has one (or no cost or population was given).</summary>
    public SizedValue? Optimal => Sizes.Where(s => s.Enbs > 0).OrderByDescending(s => s.Enbs!.Value).ThenBy(s => s.Patients).FirstOrDefault();

    /// <summary>EVPI: the mean over draws of what the draw's best strategy gains over the one optimal now.</summary>
    private static double PerfectInformation(double[,] netBenefit)
    {
        int optimal = RegressionEvsi.Optimal(netBenefit), draws = netBenefit.GetLength(0);
        double sum = 0;
        for (int k = 0; k < draws; k++)
        {
            double best = 0;
            for (int s = 0; s < netBenefit.GetLength(1); s++) best = Math.Max(best, netBenefit[k, s] - netBenefit[k, optimal]);
            sum += best;
        }
        return sum / draws;
    }
}
