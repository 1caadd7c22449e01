using HccSim.Core.Outcomes;

namespace HccSim.Core.Cycles;

/// <summary>
/// A strategy's outcomes at the cycle boundaries t₀ … tₙ: occupancy, OS and PFS, and life-years, QALYs and costs
/// (undiscounted and discounted per cycle) under the within-cycle correction. From the cohort trace the values are
/// exact expectations (standard error 0); from the microsimulation they carry their Monte Carlo standard errors.
/// </summary>
public sealed class CycleResult
{
    public required string Strategy { get; init; }
    public required IReadOnlyList<string> States { get; init; }
    public required double CycleMonths { get; init; }
    public required IReadOnlyList<double> Times { get; init; }
    /// <summary>Share in each state (row) at each boundary (column); columns sum to 1.</summary>
    public required double[,] Occupancy { get; init; }
    public required IReadOnlyList<double> OverallSurvival { get; init; }
    public required IReadOnlyList<double> ProgressionFreeSurvival { get; init; }
    /// <summary>0 for the cohort trace (an expectation, not a sample).</summary>
    public long Patients { get; init; }
    /// <summary>Cycles the microsimulation stepped through (a patient stops at death): the throughput unit.</summary>
    public long PersonCycles { get; init; }
    public required Estimate LifeYears { get; init; }
    public required Estimate Qalys { get; init; }
    public required Estimate Costs { get; init; }
    public required Estimate DiscountedLifeYears { get; init; }
    public required Estimate DiscountedQalys { get; init; }
    public required Estimate DiscountedCosts { get; init; }

    /// <summary>A share at a boundary with its standard error (binomial for a microsimulation, 0 for the trace).</summary>
    public Estimate Share(double value) => Patients == 0 ? new(value, 0) : Estimate.Proportion((long)Math.Round(value * Patients), Patients);

    public double[] OccupancyOf(string state)
    {
        int s = States.ToList().IndexOf(state);
        if (s < 0) throw new KeyNotFoundException($"no state '{state}' in strategy '{Strategy}'");
        return Enumerable.Range(0, Times.Count).Select(c => Occupancy[s, c]).ToArray();
    }
}
