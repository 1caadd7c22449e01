namespace HccSim.Analysis.Survival;

/// <summary>How a pointwise 95% interval for S(t) is formed from Greenwood's variance.</summary>
public enum ConfidenceType
{
    /// <summary>On log(−log S): R survival's conf.type = "log-log", the one HccSim reports by default.</summary>
    LogLog,
    /// <summary>On log S: R survival's default conf.type = "log".</summary>
    Log,
    /// <summary>On S itself: R survival's conf.type = "plain", S ± z·SE(S) clipped to [0, 1].</summary>
    Plain,
}

/// <summary>One distinct event time of a Kaplan–Meier curve.</summary>
public readonly record struct KaplanMeierStep(double Time, int AtRisk, int Events, int Censored, double Survival,
    double StandardError, double Lower, double Upper);

/// <summary>
/// The Kaplan–Meier estimate S(t) = Π (1 − dᵢ/nᵢ) over event times tᵢ ≤ t, with Greenwood's variance
/// Var(log S) = Σ dᵢ / (nᵢ(nᵢ − dᵢ)). Subjects censored at an event time are at risk at it (R's convention).
/// Steps are listed at event times; censorings only lower the numbers at risk.
/// </summary>
public sealed class KaplanMeier
{
    private const double Z = 1.959963984540054;

    public KaplanMeier(SurvivalData data, ConfidenceType confidence = ConfidenceType.LogLog)
    {
        Confidence = confidence;
        var order = Enumerable.Range(0, data.Count).OrderBy(i => data.Times[i]).ToArray();
        var steps = new List<KaplanMeierStep>();
        int atRisk = data.Count, i = 0;
        double s = 1, greenwood = 0;
        while (i < order.Length)
        {
            double t = data.Times[order[i]];
            int d = 0, c = 0;
            int start = i;
            while (i < order.Length && data.Times[order[i]] == t)
            {
                if (data.Events[order[i]]) d++; else c++;
                i++;
            }
            if (d > 0)
            {
                s *= 1 - (double)d / atRisk;
                greenwood += atRisk == d ? double.PositiveInfinity : (double)d / ((double)atRisk * (atRisk - d));
                double se = s * Math.Sqrt(greenwood);        // SE of S (R's std.err is of S on this scale)
                var (lo, hi) = Interval(s, greenwood);
                steps.Add(new KaplanMeierStep(t, atRisk, d, c, s, se, lo, hi));
            }
            atRisk -= i - start;
        }
        Steps = steps;
        Count = data.Count;
        MaxTime = data.Count == 0 ? 0 : data.Times.Max();
    }

    public ConfidenceType Confidence { get; }
    public IReadOnlyList<KaplanMeierStep> Steps { get; }
    public int Count { get; }
    public double MaxTime { get; }

    private (double Lower, double Upper) Interval(double s, double varLog)
    {
        // Where the curve reaches 0 Greenwood's variance is infinite (d = n): R's survfit gives no interval there (NA)
        // for every conf.type, and its quantiles ignore the point. At S = 1 (no event yet) the SE is 0 and R gives 1–1.
        if (s <= 0 || double.IsInfinity(varLog)) return (double.NaN, double.NaN);
        if (s >= 1) return (1, 1);
        if (Confidence == ConfidenceType.Plain)
        {
            double half = Z * s * Math.Sqrt(varLog); // z times Greenwood's SE of S
            return (Math.Max(0, s - half), Math.Min(1, s + half));
        }
        if (Confidence == ConfidenceType.Log)
        {
            double half = Z * Math.Sqrt(varLog);
            return (s * Math.Exp(-half), Math.Min(1, s * Math.Exp(half)));
        }
        // log-log: se of log(−log S) is √Var(log S) / |log S|; S^exp(±z·se).
        double l = Math.Log(s), w = Z * Math.Sqrt(varLog) / Math.Abs(l);
        return (Math.Pow(s, Math.Exp(w)), Math.Pow(s, Math.Exp(-w)));
    }

    /// <summary>S(t): the last step at or before t.</summary>
    public double At(double t)
    {
        double s = 1;
        foreach (var step in Steps) { if (step.Time > t) break; s = step.Survival; }
        return s;
    }

    /// <summary>
    /// R's tolerance for a curve lying exactly on a quantile's level (quantile.survfit's sqrt(.Machine$double.eps)).
    /// </summary>
    internal const double LevelTolerance = 1.4901161193847656e-8;

    /// <summary>The median and its 95% interval, as R's print(survfit) gives them: <see cref="Quantile"/> at ½.</summary>
    public (double Median, double Lower, double Upper) Median() => Quantile(0.5);

    /// <summary>
    /// The p-quantile of the event time as R's quantile.survfit finds it: the first time S ≤ 1 − p; where S equals 1 − p
    /// (within R's tolerance) over an interval, the midpoint to the next event time, or to the last observed time when
    /// the curve stays there to the end. The interval is where the pointwise bounds cross 1 − p (a bound that is NA, at
    /// S = 0, never crosses). NaN: not reached.
    /// </summary>
    public (double Estimate, double Lower, double Upper) Quantile(double p)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "a quantile's probability must lie strictly between 0 and 1");
        double level = 1 - p;
        return (Crossing(x => x.Survival, level), Crossing(x => x.Lower, level), Crossing(x => x.Upper, level));
    }

    private double Crossing(Func<KaplanMeierStep, double> curve, double level)
    {
        for (int k = 0; k < Steps.Count; k++)
        {
            double v = curve(Steps[k]);
            if (!(v <= level + LevelTolerance)) continue; // above the level, or NA
            if (v < level - LevelTolerance) return Steps[k].Time;
            return (Steps[k].Time + (k + 1 < Steps.Count ? Steps[k + 1].Time : MaxTime)) / 2;
        }
        return double.NaN;
    }

    /// <summary>Restricted mean survival time to τ, the area under the curve, with its Greenwood-type standard error.</summary>
    public (double Rmst, double StandardError) RestrictedMean(double tau)
    {
        // Area: Σ S(t_{k−1})·(t_k − t_{k−1}) over steps before τ, plus the last piece to τ.
        var times = Steps.Where(x => x.Time < tau).ToList();
        double area = 0, previousTime = 0, previousS = 1;
        foreach (var step in times)
        {
            area += previousS * (step.Time - previousTime);
            previousTime = step.Time;
            previousS = step.Survival;
        }
        area += previousS * (tau - previousTime);
        // Var = Σ_{t_k < τ} A_k² · d_k / (n_k (n_k − d_k)), with A_k = ∫_{t_k}^τ S(u) du.
        double variance = 0;
        for (int k = 0; k < times.Count; k++)
        {
            double a = 0, s = times[k].Survival, t = times[k].Time;
            for (int m = k + 1; m < times.Count; m++) { a += s * (times[m].Time - t); t = times[m].Time; s = times[m].Survival; }
            a += s * (tau - t);
            int n = times[k].AtRisk, d = times[k].Events;
            if (n > d) variance += a * a * d / ((double)n * (n - d));
        }
        return (area, Math.Sqrt(variance));
    }
}

/// <summary>
/// One group's Kaplan–Meier median and restricted mean straight from a sorted workspace, in one pass without
/// allocating: what a trial replicate needs of each arm. Same conventions as <see cref="KaplanMeier"/>.
/// </summary>
public static class KaplanMeierSummary
{
    /// <summary>The last observed time in a group (its follow-up).</summary>
    public static double MaxTime(SurvivalWorkspace w, int group)
    {
        double max = 0;
        for (int i = 0; i < w.Count; i++) if (w.Group[i] == group) max = Math.Max(max, w.Time[i]);
        return max;
    }

    private static int Size(SurvivalWorkspace w, int group)
    {
        int n = 0;
        foreach (int g in w.Group) if (g == group) n++;
        return n;
    }

    /// <summary>
    /// From position k of the time order, the next distinct time: the group's events there and subjects leaving the
    /// risk set there (events and censorings); k moves past every subject at that time, of any group.
    /// </summary>
    private static (double Time, int Events, int Leaving) NextTime(SurvivalWorkspace w, int group, ref int k)
    {
        var order = w.ByTime;
        var time = w.Time; var events = w.Event; var groups = w.Group;
        double t = time[order[k]];
        int d = 0, leaving = 0;
        while (k < order.Length && time[order[k]] == t)
        {
            int i = order[k++];
            if (groups[i] != group) continue;
            leaving++;
            if (events[i]) d++;
        }
        return (t, d, leaving);
    }

    /// <summary>S(L) of one group and Greenwood's variance of it, S²·Σ d/(n(n − d)) over event times ≤ L.</summary>
    public static (double Survival, double Variance) At(SurvivalWorkspace w, int group, double landmark)
    {
        int atRisk = Size(w, group);
        double s = 1, greenwood = 0;
        int k = 0;
        while (k < w.Count && w.Time[w.ByTime[k]] <= landmark)
        {
            var (_, d, leaving) = NextTime(w, group, ref k);
            if (d > 0)
            {
                s *= 1 - (double)d / atRisk;
                if (atRisk > d) greenwood += (double)d / ((double)atRisk * (atRisk - d));
            }
            atRisk -= leaving;
        }
        return (s, s * s * greenwood);
    }

    /// <summary>Median (R's rule, as <see cref="KaplanMeier.Median"/>; NaN if not reached) and RMST to τ.</summary>
    public static (double Median, double Rmst) Of(SurvivalWorkspace w, int group, double tau)
    {
        const double tolerance = KaplanMeier.LevelTolerance;
        int atRisk = Size(w, group);
        double s = 1, area = 0, lastEvent = 0, lastSeen = 0, median = double.NaN, halfSince = double.NaN;
        int k = 0;
        while (k < w.Count)
        {
            var (t, d, leaving) = NextTime(w, group, ref k);
            if (leaving > 0) lastSeen = t;
            if (d > 0)
            {
                if (lastEvent < tau) area += s * (Math.Min(t, tau) - lastEvent); // S held at s since the last event
                lastEvent = t;
                if (!double.IsNaN(halfSince) && double.IsNaN(median)) median = (halfSince + t) / 2; // S was exactly ½ until now
                s *= 1 - (double)d / atRisk;
                if (double.IsNaN(median) && double.IsNaN(halfSince))
                {
                    if (s < 0.5 - tolerance) median = t;
                    else if (s <= 0.5 + tolerance) halfSince = t;
                }
            }
            atRisk -= leaving;
        }
        if (!double.IsNaN(halfSince) && double.IsNaN(median)) median = (halfSince + lastSeen) / 2; // ½ to the end: midpoint to the last time seen
        if (lastEvent < tau) area += s * (tau - lastEvent);
        return (median, area);
    }
}
