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
    public static LogRankResult Test(SurvivalData data)
    {
        double o1 = 0, e1 = 0, v = 0, o0 = 0, e0 = 0;
        foreach (var stratum in data.Strata.Distinct())
        {
            var idx = Enumerable.Range(0, data.Count).Where(i => data.Strata[i] == stratum).OrderBy(i => data.Times[i]).ToArray();
            int n0 = idx.Count(i => data.Groups[i] == 0), n1 = idx.Length - n0, k = 0;
            while (k < idx.Length)
            {
                double t = data.Times[idx[k]];
                int d0 = 0, d1 = 0, leave0 = 0, leave1 = 0;
                while (k < idx.Length && data.Times[idx[k]] == t)
                {
                    int g = data.Groups[idx[k]];
                    if (data.Events[idx[k]]) { if (g == 0) d0++; else d1++; }
                    if (g == 0) leave0++; else leave1++;
                    k++;
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
