using HccSim.Core.Distributions;
using MathNet.Numerics;
using MN = MathNet.Numerics.Distributions;

namespace HccSim.Core.Tests.Distributions;

/// <summary>
/// NormalMath against MathNet.Numerics (Boost-derived erfc / erfc⁻¹, accurate to a few ulps; checked
/// independently against Laplace's continued fraction to ~1e−14 relative while choosing the bounds below).
/// </summary>
public sealed class NormalMathTests
{
    private const double Sqrt2 = 1.4142135623730950488;

    /// <summary>1 − Φ(z) from MathNet, kept in the upper tail (no 1 − Φ cancellation).</summary>
    private static double OracleUpperTail(double z) => 0.5 * SpecialFunctions.Erfc(z / Sqrt2);

    private static IEnumerable<double> Grid(double from, double to, double step)
    {
        int count = (int)Math.Round((to - from) / step);
        for (int i = 0; i <= count; i++) yield return from + i * step;
    }

    [Fact]
    public void CdfAndUpperTailAreWithin1eMinus14AbsoluteOfMathnetFromMinus37To37()
    {
        // West (2005) gives Hart's algorithm 5666 as accurate to 1e−14 absolute; measured here: 2.2e−16.
        double worst = 0;
        foreach (double z in Grid(-37, 37, 1e-3).Append(7.07106781186547).Append(7.0710678118654).Append(-7.07106781186547))
        {
            worst = Math.Max(worst, Math.Abs(NormalMath.Cdf(z) - MN.Normal.CDF(0, 1, z)));
            worst = Math.Max(worst, Math.Abs(NormalMath.UpperTail(z) - OracleUpperTail(z)));
        }
        Assert.True(worst < 1e-14, $"largest absolute error {worst:E3}");
    }

    /// <summary>
    /// Relative error of the upper tail, by band. Hart's coefficients were fitted for absolute accuracy, so
    /// the relative error of the tail grows with z through the rational branch (z &lt; 7.07) and is largest
    /// (8.9e−9, at z ≈ 7.79) where West's continued fraction takes over, cut after four terms; further out
    /// the omitted terms shrink and so does the error. Measured maxima on a 1e−4 grid: 1.6e−14 on [0, 3],
    /// 4.6e−11 on [3, 5], 8.9e−9 on [5, 20], 1.7e−11 on [20, 37]. Each bound is that maximum rounded up to
    /// the next power of ten: a contract on the accuracy this algorithm has, not a statistical tolerance.
    /// MathNet's own error (its argument z/√2 is rounded, worth ≤ z²·2⁻⁵³ ≈ 1.5e−13 at z = 37) is far
    /// inside every band's bound.
    /// </summary>
    [Theory]
    [InlineData(0.0, 3.0, 1e-13)]
    [InlineData(3.0, 5.0, 1e-10)]
    [InlineData(5.0, 20.0, 1e-8)]
    [InlineData(20.0, 37.0, 1e-10)]
    public void TheUpperTailKeepsTheRelativeAccuracyHart5666Supports(double from, double to, double bound)
    {
        double worst = 0, at = 0;
        foreach (double z in Grid(from, to, 1e-4))
        {
            double rel = Math.Abs(NormalMath.UpperTail(z) / OracleUpperTail(z) - 1);
            if (rel > worst) { worst = rel; at = z; }
        }
        Assert.True(worst < bound, $"largest relative error {worst:E3} at z = {at:R}");
    }

    [Fact]
    public void TheUpperTailIsZeroBeyond37AndComplementsTheCdf()
    {
        Assert.Equal(0.0, NormalMath.UpperTail(37.5));
        Assert.Equal(1.0, NormalMath.UpperTail(-37.5));
        Assert.Equal(0.5, NormalMath.UpperTail(0), 15);
        foreach (double z in new[] { -5.0, -1.0, -0.1, 0.1, 1.0, 5.0 })
            Assert.Equal(1.0, NormalMath.Cdf(z) + NormalMath.UpperTail(z), 15);
    }

    private static IEnumerable<double> QuantileProbabilities()
    {
        for (int e = -300; e <= -1; e++)
            for (int k = 1; k <= 9; k++)
                yield return k * Math.Pow(10, e);
        for (int i = 1; i < 1000; i++) yield return i / 1000.0;
        for (int e = 1; e <= 16; e++)
            for (int k = 1; k <= 9; k++)
                if (1 - k * Math.Pow(10, -e) < 1) yield return 1 - k * Math.Pow(10, -e);
        yield return 1 - Math.Pow(2, -53); // the largest double below 1
    }

    [Fact]
    public void TheQuantileIsWithin1eMinus14RelativeOfMathnetFrom1eMinus300ToOneMinus1eMinus16()
    {
        // AS 241 (PPND16) is designed to about 1 part in 10^16; measured here: 7.8e−16.
        double worst = 0, at = 0;
        foreach (double p in QuantileProbabilities())
        {
            double expected = MN.Normal.InvCDF(0, 1, p);
            double got = NormalMath.Quantile(p);
            double err = expected == 0 ? Math.Abs(got) : Math.Abs(got / expected - 1);
            if (err > worst) { worst = err; at = p; }
        }
        Assert.True(worst < 1e-14, $"largest relative error {worst:E3} at p = {at:R}");
    }

    [Fact]
    public void TheQuantileGivenASmallUpperTailUsesItExactly()
    {
        // 1 − 1e−20 rounds to 1, so only the two-argument form can place the point: z ≈ 9.2623.
        double z = NormalMath.Quantile(1.0, 1e-20);
        Assert.Equal(9.2623, z, 4);
        Assert.True(Math.Abs(z / -MN.Normal.InvCDF(0, 1, 1e-20) - 1) < 1e-14, $"Quantile(1, 1e-20) = {z:R}");
        Assert.Equal(double.PositiveInfinity, NormalMath.Quantile(1 - 1e-20));
        Assert.Equal(-z, NormalMath.Quantile(1e-20, 1.0));

        // Where 1 − q is representable but rounded, the small tail still decides, not the rounded p.
        foreach (double q in new[] { 1e-10, 3e-13, 1e-300 })
        {
            double got = NormalMath.Quantile(1 - q, q), expected = -MN.Normal.InvCDF(0, 1, q);
            Assert.True(Math.Abs(got / expected - 1) < 1e-14, $"Quantile(1 − {q:R}, {q:R}) = {got:R}, expected {expected:R}");
        }
    }

    [Fact]
    public void TheQuantileMapsTheEndsToInfinitiesAndOneHalfToZero()
    {
        Assert.Equal(double.NegativeInfinity, NormalMath.Quantile(0));
        Assert.Equal(double.PositiveInfinity, NormalMath.Quantile(1));
        Assert.Equal(0.0, NormalMath.Quantile(0.5));
    }
}
