using System.Globalization;
using System.Text.RegularExpressions;
using HccSim.Core.Compilation;

namespace HccSim.Core.Outcomes;

public enum OutcomeKind
{
    OsMedian, PfsMedian, OsAt, PfsAt, OsRmst, PfsRmst,
    CfdfEver, CfdfAt, CfdfMonths, ResponseEver, CancerFreeEver, TaggedEver, Occupancy,
    LifeYears, Qalys, Costs, DiscountedLifeYears, DiscountedQalys, DiscountedCosts,
    TaggedAt, OsHazardRatio, PfsHazardRatio,
}

/// <summary>
/// An outcome by name, as targets, summaries and analyses refer to it: <c>os_median</c>, <c>pfs_at(12)</c>,
/// <c>os_at(3 years)</c>, <c>tagged_ever(conversion)</c>, <c>occupancy(progressed, 24)</c>, <c>discounted_qalys</c>…
/// Times are months unless a unit is given.
/// </summary>
public sealed partial record NamedOutcome(string Name, OutcomeKind Kind, string Unit, double Months = double.NaN, string? Argument = null)
{
    private static readonly (string Name, OutcomeKind Kind, string Unit)[] Plain =
    {
        ("os_median", OutcomeKind.OsMedian, "months"), ("pfs_median", OutcomeKind.PfsMedian, "months"),
        ("os_rmst", OutcomeKind.OsRmst, "months"), ("pfs_rmst", OutcomeKind.PfsRmst, "months"),
        ("cfdf_ever", OutcomeKind.CfdfEver, "proportion"), ("cfdf_months", OutcomeKind.CfdfMonths, "months"),
        ("response_ever", OutcomeKind.ResponseEver, "proportion"), ("cancer_free_ever", OutcomeKind.CancerFreeEver, "proportion"),
        ("life_years", OutcomeKind.LifeYears, "years"), ("qalys", OutcomeKind.Qalys, "QALYs"), ("costs", OutcomeKind.Costs, "currency"),
        ("discounted_life_years", OutcomeKind.DiscountedLifeYears, "years"), ("discounted_qalys", OutcomeKind.DiscountedQalys, "QALYs"),
        ("discounted_costs", OutcomeKind.DiscountedCosts, "currency"),
    };

    private static readonly (string Name, OutcomeKind Kind)[] AtTime =
    {
        ("os_at", OutcomeKind.OsAt), ("pfs_at", OutcomeKind.PfsAt), ("cfdf_at", OutcomeKind.CfdfAt),
    };

    /// <summary>Every outcome name, for help texts and suggestions.</summary>
    public static IEnumerable<string> Forms => Plain.Select(p => p.Name)
        .Concat(AtTime.Select(a => a.Name + "(MONTHS)"))
        .Concat(new[] { "tagged_ever(TAG)", "tagged_at(TAG, MONTHS)", "occupancy(STATE, MONTHS)", "os_hr(STRATEGY)", "pfs_hr(STRATEGY)" });

    /// <summary>Whether the outcome compares the strategy with another (a hazard ratio), so needs that one's result too.</summary>
    public bool IsComparative => Kind is OutcomeKind.OsHazardRatio or OutcomeKind.PfsHazardRatio;

    [GeneratedRegex(@"^\s*([a-z_]+)\s*(?:\(\s*([^,()]+?)\s*(?:,\s*([^,()]+?)\s*)?\))?\s*$")]
    private static partial Regex Shape();

    /// <summary>Reads an outcome name against a model; null with the reason in <paramref name="error"/>.</summary>
    public static NamedOutcome? Parse(string text, CompiledModel model, int strategy, TimeGrid grid, out string? error)
    {
        error = null;
        var m = Shape().Match(text);
        if (!m.Success) { error = $"'{text}' is not an outcome (expected one of: {string.Join(", ", Forms)})"; return null; }
        string name = m.Groups[1].Value;
        string? a1 = m.Groups[2].Success ? m.Groups[2].Value : null;
        string? a2 = m.Groups[3].Success ? m.Groups[3].Value : null;

        foreach (var (n, k, unit) in Plain)
            if (n == name)
            {
                if (a1 is not null) { error = $"outcome '{name}' takes no argument"; return null; }
                return new NamedOutcome(name, k, unit);
            }
        foreach (var (n, k) in AtTime)
            if (n == name)
            {
                if (a1 is null || a2 is not null) { error = $"outcome '{name}' needs one time, e.g. {name}(12) or {name}(3 years)"; return null; }
                double? t = Time(a1, model.HorizonMonths, grid, k == OutcomeKind.CfdfAt, out error);
                return t is null ? null : new NamedOutcome($"{name}({Format(t.Value)})", k, "proportion", t.Value);
            }
        if (name == "tagged_ever")
        {
            if (a1 is null || a2 is not null) { error = "outcome 'tagged_ever' needs one tag, e.g. tagged_ever(conversion)"; return null; }
            if (!model.TagNames.Contains(a1))
            {
                error = model.TagNames.Count == 0
                    ? $"tag '{a1}' is not used by any transition (the model has no tags)"
                    : $"tag '{a1}' is not used by any transition (tags: {string.Join(", ", model.TagNames)}){Suggestions.DidYouMean(a1, model.TagNames)}";
                return null;
            }
            return new NamedOutcome($"tagged_ever({a1})", OutcomeKind.TaggedEver, "proportion", Argument: a1);
        }
        if (name == "tagged_at")
        {
            if (a1 is null || a2 is null) { error = "outcome 'tagged_at' needs a tag and a time, e.g. tagged_at(recurrence, 60)"; return null; }
            if (!model.TagNames.Contains(a1))
            {
                error = $"tag '{a1}' is not used by any transition{(model.TagNames.Count == 0 ? " (the model has no tags)" : $" (tags: {string.Join(", ", model.TagNames)}){Suggestions.DidYouMean(a1, model.TagNames)}")}";
                return null;
            }
            double? t = Time(a2, model.HorizonMonths, grid, reportGrid: true, out error);
            return t is null ? null : new NamedOutcome($"tagged_at({a1}, {Format(t.Value)})", OutcomeKind.TaggedAt, "proportion", t.Value, a1);
        }
        if (name is "os_hr" or "pfs_hr")
        {
            if (a1 is null || a2 is not null) { error = $"outcome '{name}' needs the strategy compared with, e.g. {name}(tace)"; return null; }
            var names = model.StrategyNames;
            if (!names.Contains(a1)) { error = $"'{a1}' is not a strategy of the scenario{Suggestions.DidYouMean(a1, names)}"; return null; }
            if (names[strategy] == a1) { error = $"outcome '{name}({a1})' compares strategy '{a1}' with itself (expected another strategy)"; return null; }
            return new NamedOutcome($"{name}({a1})", name == "os_hr" ? OutcomeKind.OsHazardRatio : OutcomeKind.PfsHazardRatio, "hazard ratio", Argument: a1);
        }
        if (name == "occupancy")
        {
            if (a1 is null || a2 is null) { error = "outcome 'occupancy' needs a state and a time, e.g. occupancy(progressed, 24)"; return null; }
            var states = model.StateNames(strategy);
            if (!states.Contains(a1)) { error = $"state '{a1}' is not a state of this strategy{Suggestions.DidYouMean(a1, states)}"; return null; }
            double? t = Time(a2, model.HorizonMonths, grid, reportGrid: true, out error);
            return t is null ? null : new NamedOutcome($"occupancy({a1}, {Format(t.Value)})", OutcomeKind.Occupancy, "proportion", t.Value, a1);
        }
        error = $"'{name}' is not an outcome{Suggestions.DidYouMean(name, Plain.Select(p => p.Name).Concat(AtTime.Select(a => a.Name)).Concat(new[] { "tagged_ever", "tagged_at", "occupancy", "os_hr", "pfs_hr" }))} (expected one of: {string.Join(", ", Forms)})";
        return null;
    }

    private static double? Time(string text, double horizon, TimeGrid grid, bool reportGrid, out string? error)
    {
        error = null;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            error = $"'{text}' is not a time (expected e.g. 12 or 3 years)";
            return null;
        }
        double months = parts.Length == 1 ? v : parts[1].ToLowerInvariant() switch
        {
            "month" or "months" => v,
            "year" or "years" => v * 12,
            "week" or "weeks" => v * 7 * 12 / 365.25,
            _ => double.NaN,
        };
        if (double.IsNaN(months)) { error = $"'{parts[1]}' is not a unit of time here (expected months, years or weeks)"; return null; }
        if (months < 0 || months > horizon) { error = $"time {Format(months)} months lies outside the horizon (0 to {Format(horizon)} months)"; return null; }
        int per = reportGrid ? grid.PointsPerMonth : grid.BinsPerMonth;
        if (Math.Abs(months * per - Math.Round(months * per)) > 1e-9)
        {
            error = $"time {Format(months)} months is not on the {(reportGrid ? "report" : "event")} grid (multiples of 1/{per} month)";
            return null;
        }
        return Math.Round(months * per) / per;
    }

    private static string Format(double x) => x.ToString("0.########", CultureInfo.InvariantCulture);

    /// <summary>The outcome's value in a cohort result, with its 95% interval and standard error.</summary>
    /// <param name="comparator">For a hazard ratio, the result of the strategy it is compared with.</param>
    public OutcomeValue Evaluate(CohortResult r, CohortResult? comparator = null)
    {
        switch (Kind)
        {
            case OutcomeKind.OsHazardRatio or OutcomeKind.PfsHazardRatio:
                if (comparator is null) throw new ArgumentNullException(nameof(comparator), $"{Name} compares with strategy '{Argument}': its result is needed");
                return Kind == OutcomeKind.OsHazardRatio
                    ? CohortHazardRatio.Of(r.OverallSurvival, comparator.OverallSurvival)
                    : CohortHazardRatio.Of(r.ProgressionFreeSurvival, comparator.ProgressionFreeSurvival);
            case OutcomeKind.TaggedAt:
                return From(Estimate.Proportion((long)Math.Round(r.Tag(Argument!).CumulativeIncidence[Point(r)] * r.Patients), r.Patients));
            case OutcomeKind.OsMedian: return FromQuantile(r.OverallSurvival.Median);
            case OutcomeKind.PfsMedian: return FromQuantile(r.ProgressionFreeSurvival.Median);
            case OutcomeKind.OsAt: return From(r.OverallSurvival.At(Months));
            case OutcomeKind.PfsAt: return From(r.ProgressionFreeSurvival.At(Months));
            case OutcomeKind.OsRmst: return From(r.OverallSurvival.RestrictedMean);
            case OutcomeKind.PfsRmst: return From(r.ProgressionFreeSurvival.RestrictedMean);
            case OutcomeKind.CfdfEver: return From(r.CfdfEver);
            case OutcomeKind.CfdfAt: return From(Estimate.Proportion((long)Math.Round(r.CfdfPrevalence[Point(r)] * r.Patients), r.Patients));
            case OutcomeKind.CfdfMonths: return From(r.CfdfMonths);
            case OutcomeKind.ResponseEver: return From(r.ResponseEver);
            case OutcomeKind.CancerFreeEver: return From(r.CancerFreeEver);
            case OutcomeKind.TaggedEver: return From(r.Tag(Argument!).Ever);
            case OutcomeKind.Occupancy:
                return From(Estimate.Proportion((long)Math.Round(r.OccupancyOf(Argument!)[Point(r)] * r.Patients), r.Patients));
            case OutcomeKind.LifeYears: return From(r.LifeYears);
            case OutcomeKind.Qalys: return From(r.Qalys);
            case OutcomeKind.Costs: return From(r.Costs);
            case OutcomeKind.DiscountedLifeYears: return From(r.DiscountedLifeYears);
            case OutcomeKind.DiscountedQalys: return From(r.DiscountedQalys);
            default: return From(r.DiscountedCosts);
        }
    }

    private int Point(CohortResult r)
    {
        for (int g = 0; g < r.Times.Count; g++)
            if (Math.Abs(r.Times[g] - Months) < 1e-9) return g;
        throw new InvalidOperationException($"{Name}: {Months} months is not a report point");
    }

    private static OutcomeValue From(Estimate e) => new(e.Mean, e.Lower, e.Upper, e.StandardError);

    /// <summary>A median's interval comes from order statistics; its SE is read back from the interval's width.</summary>
    private static OutcomeValue FromQuantile(QuantileEstimate q) => new(q.Value, q.Lower, q.Upper, (q.Upper - q.Lower) / (2 * 1.959963984540054));
}

/// <summary>A simulated outcome: value, 95% interval and Monte Carlo standard error (NaN where not reached).</summary>
public readonly record struct OutcomeValue(double Value, double Lower, double Upper, double StandardError);
