using HccSim.Core.Analytic;
using HccSim.Core.Cycles;
using HccSim.Core.Outcomes;

namespace HccSim.Analysis.Summaries;

/// <summary>
/// Named outcomes read off a <see cref="CycleResult"/> — what the cycle microsimulation, the cohort trace and the exact
/// solution know at the cycle boundaries t₀ … tₙ — with their 95% intervals and standard errors (0 for the trace and the
/// exact solution, Monte Carlo for the microsimulation). An outcome the result cannot give (anything about a patient's
/// path: ever responding, tags, cancer-free drug-free time, hazard ratios; a time between boundaries) is null, never
/// an approximation passed off as the outcome.
/// </summary>
public static class CycleOutcomes
{
    private const double Z = 1.959963984540054;

    /// <summary>Times in outcome names are read to 1/10,000 month, then must be a boundary.</summary>
    public static readonly TimeGrid Grid = new(10_000, 10_000);

    /// <summary>What the summary says of a median read from a curve known only at the boundaries.</summary>
    public const string MedianUnit = "months (linear between cycle boundaries)";

    /// <summary>The outcome's value, or null where the result does not define it.</summary>
    /// <param name="weights">Undiscounted within-cycle weights w₀ … wₙ (restricted means count Σ w_c·S(t_c)·Δ); null for the exact solution.</param>
    public static OutcomeValue? Evaluate(NamedOutcome outcome, CycleResult r, RunMethod method, IReadOnlyList<double>? weights)
    {
        bool sampled = method == RunMethod.Cycle;
        switch (outcome.Kind)
        {
            case OutcomeKind.OsMedian: return Median(r.OverallSurvival, r.Times, sampled ? r.Patients : 0);
            case OutcomeKind.PfsMedian: return Median(r.ProgressionFreeSurvival, r.Times, sampled ? r.Patients : 0);
            case OutcomeKind.OsAt: return Boundary(r, outcome.Months) is { } c ? From(r.Share(r.OverallSurvival[c])) : null;
            case OutcomeKind.PfsAt: return Boundary(r, outcome.Months) is { } p ? From(r.Share(r.ProgressionFreeSurvival[p])) : null;
            case OutcomeKind.Occupancy: return Boundary(r, outcome.Months) is { } o ? From(r.Share(r.OccupancyOf(outcome.Argument!)[o])) : null;
            // Life-years are Σ w_c·OS(t_c)·Δ under the run's correction (for the exact solution, ∫ OS): the same number in years.
            case OutcomeKind.OsRmst: return From(new Estimate(12 * r.LifeYears.Mean, 12 * r.LifeYears.StandardError));
            case OutcomeKind.PfsRmst:
                return weights is null ? null : RestrictedMean(r.ProgressionFreeSurvival, weights, r.CycleMonths, sampled ? r.Patients : 0);
            case OutcomeKind.LifeYears: return From(r.LifeYears);
            case OutcomeKind.Qalys: return From(r.Qalys);
            case OutcomeKind.Costs: return From(r.Costs);
            case OutcomeKind.DiscountedLifeYears: return From(r.DiscountedLifeYears);
            case OutcomeKind.DiscountedQalys: return From(r.DiscountedQalys);
            case OutcomeKind.DiscountedCosts: return From(r.DiscountedCosts);
            default: return null;
        }
    }

    /// <summary>Why <paramref name="outcome"/> is null for a cycle result, in a few words.</summary>
    public static string Why(NamedOutcome outcome, CycleResult r) => outcome.Kind switch
    {
        OutcomeKind.OsAt or OutcomeKind.PfsAt or OutcomeKind.Occupancy when Boundary(r, outcome.Months) is null
            => $"{outcome.Months:0.####} months is not a cycle boundary (multiples of {r.CycleMonths:0.####} months)",
        OutcomeKind.PfsRmst => "the exact solution gives no restricted mean of PFS",
        _ => "it needs each patient's path, which a cycle result does not keep",
    };

    /// <summary>The boundary at <paramref name="months"/>, or null when none lies there.</summary>
    public static int? Boundary(CycleResult r, double months)
    {
        for (int c = 0; c < r.Times.Count; c++)
            if (Math.Abs(r.Times[c] - months) <= 0.5 / Grid.PointsPerMonth + 1e-9) return c;
        return null;
    }

    /// <summary>
    /// Where a curve known at the boundaries first falls to ½, linear between the two boundaries around it (0 if it starts
    /// there; NaN if it never does within the horizon). For a microsimulation of n patients the interval is where the
    /// pointwise 95% band S ± 1.96·√(S(1 − S)/n) falls to ½ (an upper end not reached is NaN), and the SE its width / 3.92.
    /// </summary>
    public static OutcomeValue Median(IReadOnlyList<double> curve, IReadOnlyList<double> times, long patients)
    {
        double value = Crossing(curve, times, 0);
        if (patients == 0) return new(value, value, value, double.IsNaN(value) ? double.NaN : 0);
        double lower = Crossing(curve, times, -Z / Math.Sqrt(patients)), upper = Crossing(curve, times, Z / Math.Sqrt(patients));
        return new(value, lower, upper, (upper - lower) / (2 * Z));
    }

    /// <summary>Where S(t) + shift·√(S(1 − S)) first reaches ½, linear between boundaries.</summary>
    private static double Crossing(IReadOnlyList<double> curve, IReadOnlyList<double> times, double shift)
    {
        double At(int c) => curve[c] + shift * Math.Sqrt(Math.Max(0, curve[c] * (1 - curve[c])));
        if (At(0) <= 0.5) return times[0];
        for (int c = 1; c < curve.Count; c++)
        {
            double before = At(c - 1), after = At(c);
            if (after <= 0.5) return times[c - 1] + (before - 0.5) / (before - after) * (times[c] - times[c - 1]);
        }
        return double.NaN;
    }

    /// <summary>
    /// Σ w_c·S(t_c)·Δ in months. A microsimulated patient who left the curve at boundary k (not on it at t_k) contributes
    /// Δ·Σ_{c&lt;k} w_c, so the curve's steps are the distribution of that contribution: its sample variance gives the SE.
    /// </summary>
    public static OutcomeValue RestrictedMean(IReadOnlyList<double> curve, IReadOnlyList<double> weights, double cycleMonths, long patients)
    {
        double mean = 0;
        for (int c = 0; c < curve.Count; c++) mean += weights[c] * curve[c] * cycleMonths;
        if (patients < 2) return From(new Estimate(mean, 0));
        double squares = 0, prefix = 0, previous = 1;
        for (int k = 0; k < curve.Count; k++)
        {
            double share = previous - curve[k]; // left at boundary k
            squares += share * prefix * prefix;
            prefix += weights[k] * cycleMonths;
            previous = curve[k];
        }
        squares += previous * prefix * prefix;  // never left
        double variance = Math.Max(0, squares - mean * mean) * patients / (patients - 1.0);
        return From(new Estimate(mean, Math.Sqrt(variance / patients)));
    }

    private static OutcomeValue From(Estimate e) => new(e.Mean, e.Lower, e.Upper, e.StandardError);
}
