namespace HccSim.Analysis.Survival;

/// <summary>
/// Everything <c>hccsim survival</c> reports on a data set, as tidy tables at full precision: Kaplan–Meier curves and
/// medians per group, and with two groups the log-rank test and the Cox hazard ratio of the compared group against the
/// reference, and the parametric fits per group. A table that cannot be formed is empty and its reason is in
/// <see cref="Notes"/>.
/// </summary>
public sealed record SurvivalAnalysis(
    IReadOnlyList<string> Groups,
    ConfidenceType Confidence,
    IReadOnlyList<KaplanMeierRow> KaplanMeier,
    IReadOnlyList<MedianRow> Medians,
    LogRankRow? LogRank,
    CoxRow? Cox,
    IReadOnlyList<FitRow> Fits,
    IReadOnlyList<string> Notes)
{
    /// <summary>The group label used when the data are not split into groups.</summary>
    public const string AllGroup = "all";

    /// <summary>The reference group of the comparison (group 0), or null without groups.</summary>
    public string? Reference => Groups.Count == 2 ? Groups[0] : null;

    /// <summary>The compared group (group 1), or null without groups.</summary>
    public string? Compared => Groups.Count == 2 ? Groups[1] : null;

    /// <summary>
    /// Analyses <paramref name="data"/>. With two <paramref name="groups"/>, group 0 is the reference and group 1 the one
    /// compared; the Cox term is named as R names it, the group column followed by the compared level.
    /// </summary>
    public static SurvivalAnalysis Run(SurvivalData data, IReadOnlyList<string> groups, string? groupColumn, ConfidenceType confidence, CoxTies ties = CoxTies.Efron)
    {
        if (groups.Count is not (0 or 2)) throw new ArgumentException($"expected no groups or two (got {groups.Count})", nameof(groups));
        var labels = groups.Count == 2 ? groups.ToArray() : new[] { AllGroup };
        var km = new List<KaplanMeierRow>();
        var medians = new List<MedianRow>();
        var fits = new List<FitRow>();
        var notes = new List<string>();
        for (int g = 0; g < labels.Length; g++)
        {
            var d = groups.Count == 2 ? data.Group(g) : data;
            var curve = new KaplanMeier(d, confidence);
            km.AddRange(Curve(labels[g], d, curve));
            var (median, lower, upper) = curve.Median();
            medians.Add(new MedianRow(labels[g], d.Count, d.Events.Count(x => x), median, lower, upper));
            try
            {
                foreach (var fit in ParametricFits.FitAll(d))
                    fits.Add(new FitRow(labels[g], fit.Family, fit.ScenarioSyntax, fit.LogLikelihood, fit.Aic, fit.Bic));
            }
            catch (InvalidOperationException e) { notes.Add($"parametric fits for {labels[g]}: {e.Message}"); }
        }
        LogRankRow? logRank = null;
        CoxRow? cox = null;
        if (groups.Count == 2)
        {
            var test = Survival.LogRank.Test(data);
            logRank = new LogRankRow(test.ChiSquare, 1, test.PValue, data.Strata.Distinct().Count() > 1);
            try
            {
                var fit = CoxModel.Fit(data, ties);
                if (fit.Converged)
                    cox = new CoxRow((groupColumn ?? "group") + labels[1], fit.Coefficient, fit.HazardRatio, fit.StandardError, fit.WaldZ, fit.PValue, fit.Lower, fit.Upper,
                        ties, fit.NullLogLikelihood, fit.LogLikelihood);
                else
                    notes.Add($"Cox ({ties} ties): the hazard ratio {labels[1]} vs {labels[0]} cannot be estimated: the partial likelihood keeps rising as the coefficient runs to {(fit.Coefficient > 0 ? "+" : "−")}∞ (a monotone likelihood: one group's events all come when the other group is no longer at risk)");
            }
            catch (InvalidOperationException e) { notes.Add($"Cox: {e.Message}"); }
        }
        return new SurvivalAnalysis(labels.Length == 2 ? labels : Array.Empty<string>(), confidence, km, medians, logRank, cox, fits, notes);
    }

    /// <summary>
    /// The curve at every distinct observed time, as R's survfit object (and summary(fit, censored = TRUE)) lists it:
    /// at a time with only censorings S, its SE and interval are those of the last event time (1, 0, 1–1 before any).
    /// </summary>
    private static IEnumerable<KaplanMeierRow> Curve(string group, SurvivalData d, KaplanMeier curve)
    {
        var order = Enumerable.Range(0, d.Count).OrderBy(i => d.Times[i]).ToArray();
        int step = 0, atRisk = d.Count, next = 0;
        double s = 1, se = 0, lower = 1, upper = 1;
        while (next < order.Length)
        {
            double t = d.Times[order[next]];
            int events = 0, censored = 0;
            for (; next < order.Length && d.Times[order[next]] == t; next++)
                if (d.Events[order[next]]) events++; else censored++;
            if (step < curve.Steps.Count && curve.Steps[step].Time == t)
            {
                var k = curve.Steps[step++];
                (s, se, lower, upper) = (k.Survival, k.StandardError, k.Lower, k.Upper);
            }
            yield return new KaplanMeierRow(group, t, atRisk, events, censored, s, se, lower, upper);
            atRisk -= events + censored;
        }
    }
}
