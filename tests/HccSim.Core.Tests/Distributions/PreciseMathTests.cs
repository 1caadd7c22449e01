using HccSim.Core.Distributions;

namespace HccSim.Core.Tests.Distributions;

/// <summary>
/// PreciseMath against Taylor series near 0 and the plain formulas where they do not cancel. Bound: Kahan's
/// corrected formulas are good to a few ulps given a correctly rounded exp/log (Goldberg 1991, Theorem 4:
/// relative error ≤ 5ε for log1p, ε = 2⁻⁵³ ≈ 1.1e−16); allowing the oracle its own couple of roundings gives
/// 1e−15 ≈ 9ε. Measured here: 2.2e−16 (one ulp) for both.
/// </summary>
public sealed class PreciseMathTests
{
    private const double Bound = 1e-15;

    /// <summary>±k·10^e for 1 ≤ k ≤ 9 and 10^−300 ≤ |x| ≤ 0.09.</summary>
    private static IEnumerable<double> NearZero()
    {
        for (int e = -300; e <= -2; e++)
            for (int k = 1; k <= 9; k++)
            {
                yield return k * Math.Pow(10, e);
                yield return -k * Math.Pow(10, e);
            }
    }

    /// <summary>Σ xⁿ/n! for n ≥ 1, summed smallest term first; for |x| &lt; 0.1 thirty terms exceed double precision.</summary>
    private static double ExpM1Series(double x)
    {
        var terms = new double[30];
        double t = 1;
        for (int n = 1; n <= terms.Length; n++) terms[n - 1] = t *= x / n;
        double sum = 0;
        for (int n = terms.Length - 1; n >= 0; n--) sum += terms[n];
        return sum;
    }

    /// <summary>Σ (−1)^{n+1} xⁿ/n, summed smallest term first; for |x| &lt; 0.1 thirty terms exceed double precision.</summary>
    private static double Log1PSeries(double x)
    {
        var terms = new double[30];
        double power = 1;
        for (int n = 1; n <= terms.Length; n++)
        {
            power *= x;
            terms[n - 1] = (n % 2 == 1 ? power : -power) / n;
        }
        double sum = 0;
        for (int n = terms.Length - 1; n >= 0; n--) sum += terms[n];
        return sum;
    }

    private static void AssertRelative(Func<double, double> f, Func<double, double> oracle, IEnumerable<double> xs, string name)
    {
        double worst = 0, at = 0;
        foreach (double x in xs)
        {
            double err = Math.Abs(f(x) / oracle(x) - 1);
            if (err > worst) { worst = err; at = x; }
        }
        Assert.True(worst < Bound, $"{name}: largest relative error {worst:E3} at x = {at:R}");
    }

    [Fact]
    public void ExpM1NearZeroMatchesItsTaylorSeries()
    {
        Assert.True(Math.Abs(PreciseMath.ExpM1(1e-10) / (1e-10 + 0.5e-20 + 1e-30 / 6) - 1) < Bound);
        AssertRelative(PreciseMath.ExpM1, ExpM1Series, NearZero(), "ExpM1");
    }

    [Fact]
    public void Log1PNearZeroMatchesItsTaylorSeries()
    {
        Assert.True(Math.Abs(PreciseMath.Log1P(1e-10) / (1e-10 - 0.5e-20 + 1e-30 / 3) - 1) < Bound);
        AssertRelative(PreciseMath.Log1P, Log1PSeries, NearZero(), "Log1P");
    }

    [Fact]
    public void ExpM1AtOrdinaryValuesEqualsExpMinusOne()
    {
        // For |x| ≥ 0.5, exp(x) − 1 loses at most a factor e^0.5/(e^0.5 − 1) ≈ 2.5 to cancellation.
        double[] xs = [-700, -50, -20, -5, -2, -1, -0.5, 0.5, 1, 2, 5, 20, 50, 300, 700, 705, 709, 709.78];
        AssertRelative(PreciseMath.ExpM1, x => Math.Exp(x) - 1, xs, "ExpM1");
    }

    [Fact]
    public void Log1PAtOrdinaryValuesEqualsLogOfOnePlusX()
    {
        // 1 + x is exact for these x, or (for the huge ones) its rounding is negligible after the log.
        double[] xs = [-0.9375, -0.75, -0.5, 0.5, 1, 2, 10, 1e3, 1e10, 1e100, 1e300, 1e307, double.MaxValue];
        AssertRelative(PreciseMath.Log1P, x => Math.Log(1 + x), xs, "Log1P");
    }

    [Fact]
    public void ExpM1AndLog1PReachTheirLimits()
    {
        Assert.Equal(0.0, PreciseMath.ExpM1(0));
        Assert.Equal(-1.0, PreciseMath.ExpM1(-50));
        Assert.Equal(-1.0, PreciseMath.ExpM1(double.NegativeInfinity));
        Assert.Equal(double.PositiveInfinity, PreciseMath.ExpM1(710));
        Assert.Equal(double.PositiveInfinity, PreciseMath.ExpM1(double.PositiveInfinity));
        Assert.Equal(0.0, PreciseMath.Log1P(0));
        Assert.Equal(double.NegativeInfinity, PreciseMath.Log1P(-1));
        Assert.Equal(double.PositiveInfinity, PreciseMath.Log1P(double.PositiveInfinity));
        Assert.True(double.IsNaN(PreciseMath.Log1P(-2)));
    }
}
