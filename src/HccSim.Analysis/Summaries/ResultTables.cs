using HccSim.Analysis.Economics;
using HccSim.Analysis.Targets;
using HccSim.Core.Analytic;
using HccSim.Core.Outcomes;
using HccSim.Scenarios;

namespace HccSim.Analysis.Summaries;

/// <summary>
/// A run's results as long, tidy tables — the one form every writer (CSV, JSON, terminal, report) reads. Built from
/// results already computed (the simulation, the judged targets, the solved partitioned strategies): nothing here simulates.
/// </summary>
public sealed class ResultTables
{
    /// <summary>Outcomes every summary reports, per strategy, before the per-tag rows.</summary>
    public static readonly string[] StandardOutcomes =
    {
        "os_median", "pfs_median", "os_at(12)", "os_at(36)", "os_at(60)", "pfs_at(12)", "pfs_at(24)", "os_rmst", "pfs_rmst",
        "cfdf_ever", "cfdf_at(36)", "cfdf_months", "response_ever", "cancer_free_ever",
        "life_years", "qalys", "costs", "discounted_life_years", "discounted_qalys", "discounted_costs",
    };

    public ResultTables(Scenario scenario, SimulationResult? result, IReadOnlyList<TargetResult> targets, IReadOnlyCollection<string>? strategies = null,
        IReadOnlyList<PartitionedSurvivalResult>? partitioned = null)
        : this(scenario, targets, strategies, partitioned, (summary, curves, names) => { if (result is not null) Simulated(scenario, result, strategies, summary, curves, names); })
    {
    }

    /// <summary>The tables of any run: <paramref name="rows"/> adds the run's strategies (summary, curves, names); the judged targets,
    /// the partitioned strategies and the incremental analysis are added here, the same for every method.</summary>
    internal ResultTables(Scenario scenario, IReadOnlyList<TargetResult> targets, IReadOnlyCollection<string>? strategies,
        IReadOnlyList<PartitionedSurvivalResult>? partitioned, Action<List<SummaryRow>, List<CurveRow>, List<(string, string)>> rows)
    {
        var summary = new List<SummaryRow>();
        var curves = new List<CurveRow>();
        var targetRows = new List<TargetRow>();
        var names = new List<(string, string)>();
        // Targets first, in the scenario's order.
        foreach (var e in targets)
        {
            var t = e.Target;
            if (strategies is not null && !strategies.Contains(t.Strategy)) continue;
            targetRows.Add(new TargetRow(t.Strategy, t.Outcome, t.Value, t.Lower, t.Upper, e.Simulated.Value, e.Simulated.Lower, e.Simulated.Upper, e.Inside, t.Source)
            {
                Tolerance = t.Tolerance, ToleranceReason = t.ToleranceReason, ByTolerance = e.ByTolerance, Subgroup = t.SubgroupText, Conflict = t.Conflict,
                Role = t.Role == TargetRole.Validation ? "validation" : "calibration", Patients = e.Patients,
            });
        }
        rows(summary, curves, names);
        foreach (var p in partitioned ?? Array.Empty<PartitionedSurvivalResult>()) Solved(scenario, p, summary, curves, names);
        Summary = summary;
        Curves = curves;
        Targets = targetRows;
        InputFiles = scenario.InputFiles.Select((f, i) => (f, scenario.InputHashes[i])).ToArray();
        Strategies = names;
        // With two or more strategies and some utility: the incremental analysis of their discounted costs, QALYs and
        // life-years (with no QALYs anywhere, every strategy but the cheapest would read as dominated).
        double Value(string strategy, string outcome) => summary.First(r => r.Strategy == strategy && r.Outcome == outcome).Value;
        var compared = names.Where(n => scenario.IsCompared(n.Item1)).ToList();
        if (compared.Count >= 2 && compared.Any(n => Value(n.Item1, "discounted_qalys") != 0))
        {
            Incremental = IncrementalAnalysis.Of(compared.Select(n => new StrategyOutcome(n.Item1,
                Value(n.Item1, "discounted_costs"), Value(n.Item1, "discounted_qalys"), Value(n.Item1, "discounted_life_years"))),
                scenario.Economics.WillingnessToPay);
        }
    }

    /// <summary>The incremental cost-effectiveness analysis (discounted), when two or more strategies were run.</summary>
    public IncrementalAnalysis? Incremental { get; }

    /// <summary>Every file the scenario was read from, with its SHA-256, for the results' provenance.</summary>
    public IReadOnlyList<(string File, string Sha256)> InputFiles { get; }

    /// <summary>The strategies reported, with their labels, in order.</summary>
    public IReadOnlyList<(string Name, string Label)> Strategies { get; }

    private static void Solved(Scenario scenario, PartitionedSurvivalResult p, List<SummaryRow> summary, List<CurveRow> curves, List<(string, string)> names)
    {
        var strategy = scenario.Partitioned.First(x => x.Name == p.Strategy);
        names.Add((p.Strategy, strategy.Label));
        string currency = scenario.Economics.Currency.Length > 0 ? scenario.Economics.Currency : "currency units";
        void Row(string outcome, double value, string unit) => summary.Add(new SummaryRow(p.Strategy, outcome, value, value, value, 0, unit));
        Row("os_median", Median(strategy.OverallSurvival, scenario.HorizonMonths), "months");
        Row("pfs_median", Median(strategy.ProgressionFreeSurvival, scenario.HorizonMonths), "months");
        foreach (double t in new[] { 12.0, 36, 60 }) if (t <= scenario.HorizonMonths) Row($"os_at({t})", strategy.OverallSurvival.Survival(t), "proportion");
        foreach (double t in new[] { 12.0, 24 }) if (t <= scenario.HorizonMonths) Row($"pfs_at({t})", Math.Min(strategy.ProgressionFreeSurvival.Survival(t), strategy.OverallSurvival.Survival(t)), "proportion");
        Row("life_years", p.LifeYears, "years"); Row("qalys", p.Qalys, "QALYs"); Row("costs", p.Costs, currency);
        Row("discounted_life_years", p.DiscountedLifeYears, "years"); Row("discounted_qalys", p.DiscountedQalys, "QALYs"); Row("discounted_costs", p.DiscountedCosts, currency);
        for (int g = 0; g < p.Times.Count; g++)
        {
            double os = 1 - p.Dead[g];
            curves.Add(new CurveRow(p.Strategy, "os", p.Times[g], os, os, os));
            curves.Add(new CurveRow(p.Strategy, "pfs", p.Times[g], p.ProgressionFree[g], p.ProgressionFree[g], p.ProgressionFree[g]));
        }
        foreach (var (state, values) in new[] { ("progression_free", p.ProgressionFree), ("progressed", p.Progressed), ("dead", p.Dead) })
            for (int g = 0; g < p.Times.Count; g++) curves.Add(new CurveRow(p.Strategy, $"occupancy({state})", p.Times[g], values[g], values[g], values[g]));
    }

    /// <summary>The time a curve falls to one half, by bisection on the curve itself; NaN if not within the horizon.</summary>
    private static double Median(Core.Distributions.TimeToEvent curve, double horizon)
    {
        if (curve.Survival(horizon) > 0.5) return double.NaN;
        double lo = 0, hi = horizon;
        for (int i = 0; i < 100; i++)
        {
            double mid = (lo + hi) / 2;
            if (curve.Survival(mid) > 0.5) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    private static void Simulated(Scenario scenario, SimulationResult result, IReadOnlyCollection<string>? strategies,
        List<SummaryRow> summary, List<CurveRow> curves, List<(string, string)> names)
    {
        var model = result.Model;
        for (int s = 0; s < result.Strategies.Count; s++)
        {
            var r = result.Strategies[s];
            if (strategies is not null && !strategies.Contains(r.Strategy)) continue;
            names.Add((r.Strategy, r.Label));
            var outcomes = StandardOutcomes.Concat(model.TagNames.Select(t => $"tagged_ever({t})"));
            foreach (var name in outcomes)
            {
                // Landmarks beyond the horizon are left out rather than reported as errors.
                var outcome = NamedOutcome.Parse(name, model, s, result.Options.Grid, out _);
                if (outcome is null) continue;
                var v = outcome.Evaluate(r);
                string unit = UnitOf(scenario, outcome);
                summary.Add(new SummaryRow(r.Strategy, outcome.Name, v.Value, v.Lower, v.Upper, v.StandardError, unit));
            }
            foreach (var (name, curve) in new[] { ("os", r.OverallSurvival), ("pfs", r.ProgressionFreeSurvival) })
                for (int g = 0; g < curve.Times.Count; g++)
                    curves.Add(new CurveRow(r.Strategy, name, curve.Times[g], curve.Survival[g], curve.Lower(g), curve.Upper(g)));
            for (int g = 0; g < r.Times.Count; g++)
            {
                var e = Wald(r.CfdfPrevalence[g], r.Patients);
                curves.Add(new CurveRow(r.Strategy, "cfdf", r.Times[g], r.CfdfPrevalence[g], e.Lower, e.Upper));
            }
            for (int st = 0; st < r.States.Count; st++)
                for (int g = 0; g < r.Times.Count; g++)
                {
                    var e = Wald(r.Occupancy[st, g], r.Patients);
                    curves.Add(new CurveRow(r.Strategy, $"occupancy({r.States[st]})", r.Times[g], r.Occupancy[st, g], e.Lower, e.Upper));
                }
        }
    }

    /// <summary>An outcome's unit as the summary writes it (the currency named where the scenario names one).</summary>
    internal static string UnitOf(Scenario scenario, NamedOutcome outcome)
        => outcome.Unit == "currency" ? (scenario.Economics.Currency.Length > 0 ? scenario.Economics.Currency : "currency units") : outcome.Unit;

    public IReadOnlyList<SummaryRow> Summary { get; }
    public IReadOnlyList<CurveRow> Curves { get; }
    public IReadOnlyList<TargetRow> Targets { get; }

    private static Estimate Wald(double p, long n) => new(p, Math.Sqrt(p * (1 - p) / n));
}
