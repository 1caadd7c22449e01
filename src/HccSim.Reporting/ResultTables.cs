using HccSim.Core.Outcomes;
using HccSim.Scenarios;

namespace HccSim.Reporting;

/// <summary>One outcome of one strategy.</summary>
public sealed record SummaryRow(string Strategy, string Outcome, double Value, double Lower, double Upper, double StandardError, string Unit);

/// <summary>One point of one curve of one strategy.</summary>
public sealed record CurveRow(string Strategy, string Curve, double Time, double Value, double Lower, double Upper);

/// <summary>A published target beside its simulated value.</summary>
public sealed record TargetRow(string Strategy, string Outcome, double Target, double? TargetLower, double? TargetUpper,
    double Simulated, double Lower, double Upper, bool? Inside, string Source);

/// <summary>
/// A run's results as long, tidy tables — the one form every writer (CSV, JSON, terminal, report) reads.
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

    public ResultTables(Scenario scenario, SimulationResult result, IReadOnlyCollection<string>? strategies = null)
    {
        var model = result.Model;
        var summary = new List<SummaryRow>();
        var curves = new List<CurveRow>();
        var targets = new List<TargetRow>();
        for (int s = 0; s < result.Strategies.Count; s++)
        {
            var r = result.Strategies[s];
            if (strategies is not null && !strategies.Contains(r.Strategy)) continue;
            var names = StandardOutcomes.Concat(model.TagNames.Select(t => $"tagged_ever({t})"));
            foreach (var name in names)
            {
                // Landmarks beyond the horizon are left out rather than reported as errors.
                var outcome = NamedOutcome.Parse(name, model, s, result.Options.Grid, out _);
                if (outcome is null) continue;
                var v = outcome.Evaluate(r);
                string unit = outcome.Unit == "currency" ? (scenario.Economics.Currency.Length > 0 ? scenario.Economics.Currency : "currency units") : outcome.Unit;
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
            foreach (var t in scenario.Targets.Where(t => t.Strategy == r.Strategy))
            {
                var outcome = NamedOutcome.Parse(t.Outcome, model, s, result.Options.Grid, out _);
                if (outcome is null) continue;
                var v = outcome.Evaluate(r);
                // "Inside": the target lies within the simulated 95% interval (or, with a published interval, the two overlap).
                // An interval end not reached within the horizon is open: +∞ above (a median's upper rank never came).
                double simLower = double.IsNaN(v.Lower) ? double.NegativeInfinity : v.Lower;
                double simUpper = double.IsNaN(v.Upper) ? double.PositiveInfinity : v.Upper;
                bool? inside = double.IsNaN(v.Value) ? null
                    : t.Lower is { } lo && t.Upper is { } hi ? !(hi < simLower || lo > simUpper)
                    : t.Value >= simLower && t.Value <= simUpper;
                targets.Add(new TargetRow(r.Strategy, t.Outcome, t.Value, t.Lower, t.Upper, v.Value, v.Lower, v.Upper, inside, t.Source));
            }
        }
        Summary = summary;
        Curves = curves;
        Targets = targets;
    }

    public IReadOnlyList<SummaryRow> Summary { get; }
    public IReadOnlyList<CurveRow> Curves { get; }
    public IReadOnlyList<TargetRow> Targets { get; }

    private static Estimate Wald(double p, long n) => new(p, Math.Sqrt(p * (1 - p) / n));
}
