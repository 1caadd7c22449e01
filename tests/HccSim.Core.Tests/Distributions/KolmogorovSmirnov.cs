namespace HccSim.Core.Tests.Distributions;

/// <summary>
/// One-sample Kolmogorov–Smirnov test against a fully specified distribution function, at level
/// <see cref="Alpha"/>. Draws may be +∞ (an event that never happens); the distribution function is then
/// given on the finite line together with its limit, and the missing mass sits at +∞.
/// </summary>
internal static class KolmogorovSmirnov
{
    /// <summary>
    /// Level of every KS test in this suite. About forty KS tests run, all at one fixed seed, so a test
    /// that fails is evidence against the sampler, not bad luck to be re-rolled.
    /// </summary>
    public const double Alpha = 0.001;

    /// <summary>
    /// The upper-α point of Kolmogorov's limit law, solved from the series rather than typed in.
    /// Kolmogorov (1933): for a continuous F, P(√n·D_n &gt; x) → 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²x²}. At α = 0.001
    /// the k = 1 term alone gives x = √(ln(2/α)/2) = 1.949474; the k = 2 term (≈ 1e−13) does not move it.
    /// </summary>
    public static readonly double CriticalValue = KolmogorovQuantile(Alpha);

    /// <summary>P(K &gt; x) for Kolmogorov's limit law K.</summary>
    public static double KolmogorovUpperTail(double x)
    {
        double sum = 0;
        for (int k = 1; k <= 100; k++)
        {
            double term = 2 * Math.Exp(-2.0 * k * k * x * x);
            sum += k % 2 == 1 ? term : -term;
        }
        return sum;
    }

    private static double KolmogorovQuantile(double alpha)
    {
        double lo = 1.0, hi = 3.0; // K's upper tail is 0.27 at 1 and 3e−8 at 3
        for (int i = 0; i < 200; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (KolmogorovUpperTail(mid) > alpha) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>
    /// D_n = sup_t |F_n(t) − F(t)|. <paramref name="cdf"/> is F on finite t; <paramref name="cdfLimit"/> is
    /// lim F(t) as t → ∞, below 1 when some mass sits at +∞. Ties are handled as steps of the empirical CDF.
    /// </summary>
    public static double Distance(IReadOnlyList<double> draws, Func<double, double> cdf, double cdfLimit = 1.0)
    {
        var x = draws.ToArray();
        Array.Sort(x);
        int n = x.Length;
        double d = 0;
        int i = 0;
        while (i < n && !double.IsPositiveInfinity(x[i]))
        {
            int j = i;
            while (j < n && x[j] == x[i]) j++;
            double f = cdf(x[i]);
            // Just below x[i] the empirical CDF is i/n, at x[i] it is j/n; F is continuous there.
            d = Math.Max(d, Math.Max(f - (double)i / n, (double)j / n - f));
            i = j;
        }
        // After the last finite draw the empirical CDF stays at i/n while F rises to its limit; at +∞ both are 1.
        return Math.Max(d, Math.Abs(cdfLimit - (double)i / n));
    }

    /// <summary>
    /// Stephens' (1970) modified statistic (√n + 0.12 + 0.11/√n)·D_n, whose upper percentage points are those
    /// of Kolmogorov's limit law already for small n (n ≥ 5). It is slightly larger than √n·D_n, so comparing it
    /// with <see cref="CriticalValue"/> is never looser than the plain asymptotic test.
    /// </summary>
    public static double Scaled(double distance, int n)
    {
        double rootN = Math.Sqrt(n);
        return (rootN + 0.12 + 0.11 / rootN) * distance;
    }

    /// <summary>
    /// Asserts the draws are consistent with F at level <see cref="Alpha"/>. With mass at +∞ the law is not
    /// continuous, and the KS test is then conservative (its true level is at most α).
    /// </summary>
    public static void AssertFollows(IReadOnlyList<double> draws, Func<double, double> cdf, double cdfLimit, string what)
    {
        Assert.DoesNotContain(draws, double.IsNaN);
        Assert.DoesNotContain(draws, double.IsNegativeInfinity);
        double d = Distance(draws, cdf, cdfLimit);
        double k = Scaled(d, draws.Count);
        Assert.True(k < CriticalValue,
            $"{what}: KS statistic (√n+0.12+0.11/√n)·D = {k:F4} ≥ critical value {CriticalValue:F4} (D = {d:E3}, n = {draws.Count})");
    }
}
