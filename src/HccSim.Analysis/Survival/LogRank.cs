namespace HccSim.Analysis.Survival;

/// <summary>The log-rank test of group 1 against group 0: observed and expected events, variance, chi-square (1 df), p.</summary>
public sealed record LogRankResult(double Observed1, double Expected1, double Variance, double ChiSquare, double PValue)
{
    public double Observed0 { get; init; }
    public double Expected0 { get; init; }
}

public static class LogRank
{
    /// <summary>
    /// Σ over distinct event times of O − E for group 1 with the hypergeometric variance
    /// n₀n₁d(n − d)/(n²(n − 1)); stratified, sums are taken within strata and added.
    /// </summary>
    public static LogRankResult Test(SurvivalData data) => Test(SurvivalWorkspace.From(data));

    /// <summary>The test on a sorted workspace, in one pass over stratum then time; allocates nothing.</summary>
    public static LogRankResult Test(SurvivalWorkspace w)
    {
        var order = w.ByStratum;
        var time = w.Time; var events = w.Event; var groups = w.Group; var strata = w.Stratum;
        double o1 = 0, e1 = 0, v = 0, o0 = 0, e0 = 0;
        int k = 0;
        while (k < order.Length)
        {
            // One stratum: its size by group, then its distinct times in order.
            int stratum = strata[order[k]], end = k, n0 = 0, n1 = 0;
            while (end < order.Length && strata[order[end]] == stratum) { if (groups[order[end]] == 0) n0++; else n1++; end++; }
            while (k < end)
            {
                double t = time[order[k]];
                int d0 = 0, d1 = 0, leave0 = 0, leave1 = 0;
                while (k < end && time[order[k]] == t)
                {
                    int i = order[k++];
                    if (events[i]) { if (groups[i] == 0) d0++; else d1++; }
                    if (groups[i] == 0) leave0++; else leave1++;
                }
                int d = d0 + d1, n = n0 + n1;
                if (d > 0 && n > 0)
                {
                    double expected1 = (double)d * n1 / n;
                    o1 += d1; e1 += expected1; o0 += d0; e0 += d - expected1;
                    if (n > 1) v += (double)n0 * n1 * d * (n - d) / ((double)n * n * (n - 1));
                }
                n0 -= leave0; n1 -= leave1;
            }
        }
        double chi = v > 0 ? (o1 - e1) * (o1 - e1) / v : 0;
        return new LogRankResult(o1, e1, v, chi, ChiSquarePValue(chi)) { Observed0 = o0, Expected0 = e0 };
    }

    /// <summary>P(χ²₁ &gt; x) = erfc(√(x/2)) = 2·(1 − Φ(√x)).</summary>
    public static double ChiSquarePValue(double x) => x <= 0 ? 1 : 2 * Core.Distributions.NormalMath.UpperTail(Math.Sqrt(x));
}
