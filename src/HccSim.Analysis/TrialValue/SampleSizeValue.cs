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
    public double? Enbs => PopulationEvsi is { } v && Cost is { } c ? v - c : null;
}

/// <summary>
/// EVSI of one trial design at several sample sizes, from the same parameter draws: the draws' net benefits (one row
/// per draw, one column per strategy) and, for each size, each draw's simulated trial summarised. The optimal size is
/// the one with the largest expected net benefit of sampling, when it is positive (else no trial is worth running).
/// </summary>
public sealed class SampleSizeValue
{
    public SampleSizeValue(IReadOnlyList<int> sizes, double[,] netBenefit, IReadOnlyList<double[,]> summaries, double? populationFactor, TrialCost? cost)
    {
        if (sizes.Count != summaries.Count) throw new ArgumentException($"{sizes.Count} sizes but {summaries.Count} sets of summaries");
        if (sizes.Count == 0) throw new ArgumentException("at least one sample size");
        Evpi = PerfectInformation(netBenefit);
        NetBenefit = netBenefit;
        Sizes = sizes.Select((n, i) =>
        {
            var evsi = RegressionEvsi.Estimate(netBenefit, summaries[i]);
            return new SizedValue(n, evsi, populationFactor * evsi.Value, cost?.Of(n)) { PopulationStandardError = populationFactor * evsi.StandardError };
        }).ToArray();
    }

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
