using HccSim.Core.Distributions;
using HccSim.Core.Model;
using HccSim.Core.Outcomes;

namespace HccSim.Core.Analytic;

/// <summary>
/// A partitioned-survival strategy, as oncology submissions give them: parametric OS and PFS curves; patients are
/// progression-free with PFS(t), progressed with OS(t) − PFS(t), dead with 1 − OS(t). Each state has a cost per month
/// and a utility.
/// </summary>
public sealed record PartitionedSurvivalStrategy(string Name, TimeToEvent OverallSurvival, TimeToEvent ProgressionFreeSurvival)
{
    public string Label { get; init; } = Name;
    public double ProgressionFreeCostPerMonth { get; init; }
    public double ProgressionFreeUtility { get; init; }
    public double ProgressedCostPerMonth { get; init; }
    public double ProgressedUtility { get; init; }
}

/// <summary>Occupancy of progression-free / progressed / dead and the outcomes it gives; warnings where PFS exceeded OS.</summary>
public sealed record PartitionedSurvivalResult(
    string Strategy,
    IReadOnlyList<double> Times,
    IReadOnlyList<double> ProgressionFree,
    IReadOnlyList<double> Progressed,
    IReadOnlyList<double> Dead,
    double LifeYears, double Qalys, double Costs,
    double DiscountedLifeYears, double DiscountedQalys, double DiscountedCosts,
    IReadOnlyList<string> Warnings);

public static class PartitionedSurvival
{
    /// <summary>Integration steps per month: Simpson's rule, error far below any reported digit for smooth curves
    /// (O(h) ≈ 1e-4 months for a curve with a step, such as a delay).</summary>
    public const int StepsPerMonth = 100;

    /// <summary>
    /// Occupancy at every <paramref name="stepMonths"/> and the outcomes to <paramref name="horizonMonths"/>, discounted
    /// continuously as the microsimulation is. Where the PFS curve lies above the OS curve, which cannot be, PFS is
    /// clamped to OS (never a negative progressed share) and a warning says where.
    /// </summary>
    public static PartitionedSurvivalResult Solve(PartitionedSurvivalStrategy strategy, double horizonMonths, double stepMonths, Discounting discounting)
    {
        var problems = strategy.OverallSurvival.Problems().Select(p => "OS: " + p).Concat(strategy.ProgressionFreeSurvival.Problems().Select(p => "PFS: " + p)).ToList();
        if (!(horizonMonths > 0) || !(stepMonths > 0)) problems.Add("horizon and step must be > 0 months");
        if (problems.Count > 0) throw new ArgumentException($"partitioned survival '{strategy.Name}': {string.Join("; ", problems)}");

        int points = (int)Math.Floor(horizonMonths / stepMonths + 1e-9) + 1;
        var times = new double[points];
        var pf = new double[points];
        var progressed = new double[points];
        var dead = new double[points];
        double firstCrossing = double.NaN, worst = 0;
        for (int g = 0; g < points; g++)
        {
            double t = g * stepMonths, os = strategy.OverallSurvival.Survival(t), raw = strategy.ProgressionFreeSurvival.Survival(t);
            times[g] = t;
            pf[g] = Math.Min(raw, os);
            progressed[g] = os - pf[g];
            dead[g] = 1 - os;
        }
        // Simpson's rule over [0, horizon] with an even number of steps.
        int n = (int)Math.Ceiling(horizonMonths * StepsPerMonth);
        if (n % 2 == 1) n++;
        double h = horizonMonths / n;
        double costRate = Discounting.PerMonth(discounting.CostsPerYear), outcomeRate = Discounting.PerMonth(discounting.OutcomesPerYear);
        double lyM = 0, pfM = 0, prM = 0, dlyM = 0, dpfM = 0, dprM = 0, cpfM = 0, cprM = 0;
        for (int i = 0; i <= n; i++)
        {
            double t = i * h, w = (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * h / 3;
            double os = strategy.OverallSurvival.Survival(t), raw = strategy.ProgressionFreeSurvival.Survival(t), p = Math.Min(raw, os), q = os - p;
            if (raw > os + 1e-12)
            {
                // Checked on the fine integration grid, so a crossing between report points is reported too.
                if (double.IsNaN(firstCrossing)) firstCrossing = t;
                worst = Math.Max(worst, raw - os);
            }
            double dOut = Math.Exp(-outcomeRate * t), dCost = Math.Exp(-costRate * t);
            lyM += w * os; pfM += w * p; prM += w * q;
            dlyM += w * os * dOut; dpfM += w * p * dOut; dprM += w * q * dOut;
            cpfM += w * p * dCost; cprM += w * q * dCost;
        }
        var warnings = new List<string>();
        if (!double.IsNaN(firstCrossing))
            warnings.Add($"'{strategy.Name}': the PFS curve lies above the OS curve from {firstCrossing:0.##} months (by up to {worst:0.####}); PFS was clamped to OS there");
        return new PartitionedSurvivalResult(strategy.Name, times, pf, progressed, dead,
            LifeYears: lyM / 12,
            Qalys: (strategy.ProgressionFreeUtility * pfM + strategy.ProgressedUtility * prM) / 12,
            Costs: strategy.ProgressionFreeCostPerMonth * pfM + strategy.ProgressedCostPerMonth * prM,
            DiscountedLifeYears: dlyM / 12,
            DiscountedQalys: (strategy.ProgressionFreeUtility * dpfM + strategy.ProgressedUtility * dprM) / 12,
            DiscountedCosts: strategy.ProgressionFreeCostPerMonth * cpfM + strategy.ProgressedCostPerMonth * cprM,
            Warnings: warnings);
    }
}
