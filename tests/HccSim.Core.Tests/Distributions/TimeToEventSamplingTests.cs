using HccSim.Core.Distributions;
using MN = MathNet.Numerics.Distributions;

namespace HccSim.Core.Tests.Distributions;

/// <summary>
/// The compiled kernels' clock-forward sampler against independent oracles: KS tests at level
/// <see cref="KolmogorovSmirnov.Alpha"/> and binomial or mean checks within 4 Monte Carlo standard errors.
/// </summary>
public sealed class TimeToEventSamplingTests
{
    private const int N = KernelSampling.Draws;

    /// <summary>
    /// Draws given the clock reads <paramref name="clock"/>, under multiplier <paramref name="m"/>, must follow
    /// P(T ≤ t | T &gt; c) = 1 − (S(t)/S(c))^m for t ≥ c, with mass (S(∞)/S(c))^m at +∞.
    /// </summary>
    private static void AssertFollowsConditionalLaw(DistributionCase c, double clock, double m)
    {
        double sc = c.OracleSurvival(clock);
        double[] draws = KernelSampling.Draw(c.Distribution, clock, m);
        Assert.True(draws.Min() >= clock, $"{c.Name}: a draw {draws.Min():R} lies before the clock {clock:R}");
        KolmogorovSmirnov.AssertFollows(
            draws,
            t => t <= clock ? 0 : 1 - Math.Pow(c.OracleSurvival(t) / sc, m),
            1 - Math.Pow(c.CureFraction / sc, m),
            $"{c.Name} given clock {clock:G6} under multiplier {m}");
    }

    [Theory]
    [MemberData(nameof(DistributionCases.AllKinds), MemberType = typeof(DistributionCases))]
    public void DrawsFromAClockAtZeroFollowTheDistributionFunction(string kind)
        => AssertFollowsConditionalLaw(DistributionCases.Get(kind), clock: 0, m: 1);

    [Theory]
    [MemberData(nameof(DistributionCases.HazardKinds), MemberType = typeof(DistributionCases))]
    public void DrawsGivenTheClockHasReachedTheMedianFollowTheConditionalDistribution(string kind)
    {
        var c = DistributionCases.Get(kind);
        AssertFollowsConditionalLaw(c, c.MedianClock, m: 1);
    }

    [Fact]
    public void PiecewiseDrawsGivenAClockInsideAZeroHazardGapAllLandAfterTheGap()
    {
        var c = DistributionCases.Get("Piecewise");
        double[] draws = KernelSampling.Draw(c.Distribution, clock: 15);
        Assert.True(draws.Min() >= 24, $"a draw at {draws.Min():R} falls inside the zero-hazard gap [12, 24)");
        AssertFollowsConditionalLaw(c, clock: 15, m: 1);
    }

    [Theory]
    [InlineData("Exponential", 2.5)]
    [InlineData("WeibullIncreasing", 2.5)]
    [InlineData("WeibullIncreasing", 0.4)]
    [InlineData("WeibullDecreasing", 2.5)]
    [InlineData("Gompertz", 2.5)]
    [InlineData("GompertzCure", 2.5)]
    [InlineData("GompertzCure", 0.4)]
    [InlineData("LogLogistic", 0.4)]
    [InlineData("LogNormal", 2.5)]
    [InlineData("LogNormal", 0.4)]
    [InlineData("Piecewise", 2.5)]
    [InlineData("Piecewise", 0.4)]
    [InlineData("PiecewiseCure", 2.5)]
    public void DrawsUnderAHazardMultiplierFollowSurvivalRaisedToThatPower(string kind, double multiplier)
        => AssertFollowsConditionalLaw(DistributionCases.Get(kind), clock: 0, multiplier);

    [Theory]
    [InlineData("WeibullIncreasing", 2.5)]
    [InlineData("GompertzCure", 0.4)]
    [InlineData("LogLogistic", 2.5)]
    [InlineData("LogNormal", 2.5)]
    [InlineData("Piecewise", 0.4)]
    public void DrawsUnderAMultiplierGivenTheClockHasReachedTheMedianFollowTheConditionalLaw(string kind, double multiplier)
    {
        var c = DistributionCases.Get(kind);
        AssertFollowsConditionalLaw(c, c.MedianClock, multiplier);
    }

    [Theory]
    [InlineData("GompertzCure", false, 1.0)]
    [InlineData("GompertzCure", true, 1.0)]
    [InlineData("GompertzCure", false, 2.5)]
    [InlineData("PiecewiseCure", false, 1.0)]
    [InlineData("PiecewiseCure", true, 1.0)]
    public void TheShareOfDrawsThatNeverHappenMatchesTheCureFractionWithinFourStandardErrors(string kind, bool fromMedianClock, double multiplier)
    {
        var c = DistributionCases.Get(kind);
        double clock = fromMedianClock ? c.MedianClock : 0;
        // Never, given T > c under multiplier m: (S(∞) / S(c))^m; for Gompertz S(∞) = exp(rate / shape).
        double p = Math.Pow(c.CureFraction / c.OracleSurvival(clock), multiplier);
        double share = KernelSampling.Draw(c.Distribution, clock, multiplier).Count(double.IsPositiveInfinity) / (double)N;
        double se = Math.Sqrt(p * (1 - p) / N);
        Assert.True(Math.Abs(share - p) < 4 * se, $"{kind}: share never {share:F4}, expected {p:F4} ± 4 × {se:E2}");
    }

    [Fact]
    public void AFixedDelayFiresExactlyAtItsValueFromAnyEarlierClockUnderAnyMultiplier()
    {
        var delay = new FixedDelay(12);
        foreach (double clock in new[] { 0, 5, 11.999999, 12 })
            foreach (double m in new[] { 1, 0.4, 2.5 })
                Assert.All(KernelSampling.Draw(delay, clock, m, n: 100), x => Assert.Equal(12.0, x));
    }

    [Theory]
    [InlineData(12.000001)]
    [InlineData(30)]
    public void AFixedDelayWhoseTimeHasPassedNeverFires(double clock)
        => Assert.All(KernelSampling.Draw(new FixedDelay(12), clock, n: 100), x => Assert.Equal(double.PositiveInfinity, x));

    [Theory]
    [InlineData(0)]   // before the window: uniform on the whole window [3, 9]
    [InlineData(3)]
    [InlineData(6)]   // the median
    [InlineData(8.5)]
    public void AUniformDelayGivenItsClockIsUniformOnWhatRemainsOfItsWindow(double clock)
    {
        double lower = Math.Max(3, clock);
        double[] draws = KernelSampling.Draw(new UniformDelay(3, 9), clock);
        Assert.True(draws.Min() >= lower && draws.Max() < 9, $"draws span [{draws.Min():R}, {draws.Max():R}], outside [{lower}, 9)");
        KolmogorovSmirnov.AssertFollows(draws, t => MN.ContinuousUniform.CDF(lower: lower, upper: 9, x: t), 1,
            $"uniform delay [3, 9] given clock {clock}");
    }

    [Theory]
    [InlineData(9.000001)]
    [InlineData(20)]
    public void AUniformDelayWhoseWindowHasPassedNeverFires(double clock)
        => Assert.All(KernelSampling.Draw(new UniformDelay(3, 9), clock, n: 100), x => Assert.Equal(double.PositiveInfinity, x));

    [Fact]
    public void AUniformDelayWhoseClockReadsTheEndOfItsWindowFiresAtOnce()
        => Assert.All(KernelSampling.Draw(new UniformDelay(3, 9), 9, n: 100), x => Assert.Equal(9.0, x));

    [Fact]
    public void DelaysIgnoreTheHazardMultiplier()
    {
        // Delays have no hazard, so hazard ratios do not apply (TimeToEvent.IsDelay): same stream, same draws.
        var delay = new UniformDelay(3, 9);
        Assert.True(delay.IsDelay);
        Assert.Equal(KernelSampling.Draw(delay, clock: 4, multiplier: 1, n: 1000), KernelSampling.Draw(delay, clock: 4, multiplier: 3, n: 1000));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(10, 1)]
    [InlineData(0, 2.5)]
    public void ExponentialWaitingTimesHaveMeanOneOverRateWithinFourStandardErrors(double clock, double multiplier)
    {
        const double rate = 0.05;
        double[] draws = KernelSampling.Draw(new Exponential(rate), clock, multiplier);
        // Memoryless: the wait after any clock is Exp(rate·m), whose sd equals its mean, so SE = mean/√n.
        double expected = 1 / (rate * multiplier);
        double mean = draws.Average(x => x - clock);
        double se = expected / Math.Sqrt(N);
        Assert.True(Math.Abs(mean - expected) < 4 * se, $"mean wait {mean:F4}, expected {expected:F4} ± 4 × {se:F4}");
    }
}
