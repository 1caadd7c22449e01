using HccSim.Core.Distributions;
using MN = MathNet.Numerics.Distributions;

namespace HccSim.Core.Tests.Distributions;

/// <summary>The KS check itself: its critical value, its arithmetic, and that it can fail.</summary>
public sealed class KolmogorovSmirnovTests
{
    [Fact]
    public void TheCriticalValueIsTheUpperOneInAThousandPointOfKolmogorovsLaw()
    {
        double x = KolmogorovSmirnov.CriticalValue;
        Assert.Equal(KolmogorovSmirnov.Alpha, KolmogorovSmirnov.KolmogorovUpperTail(x), 1e-12);
        // Only the first term of the series matters this far out: x = √(ln(2/α)/2).
        Assert.Equal(Math.Sqrt(Math.Log(2 / KolmogorovSmirnov.Alpha) / 2), x, 1e-9);
        Assert.Equal(1.9495, x, 4);
    }

    [Fact]
    public void TheDistanceOfASmallSampleMatchesAHandComputation()
    {
        // Against U(0, 1): steps at 0.1, 0.5, 0.9 give gaps 0.1, 1/3−0.1, 0.5−1/3, 2/3−0.5, 0.9−2/3, 1−0.9.
        double d = KolmogorovSmirnov.Distance([0.9, 0.1, 0.5], t => Math.Clamp(t, 0, 1));
        Assert.Equal(0.9 - 2.0 / 3, d, 15);
        // Never-events at +∞: the finite part steps at 0.2 and 0.7, then the empirical CDF waits at 2/3 for +∞.
        Func<double, double> f = t => Math.Clamp(t, 0, 0.8) * (2.0 / 3) / 0.8; // rises to 2/3; 1/3 never
        Assert.Equal(0.7 / 1.2 - 1.0 / 3, KolmogorovSmirnov.Distance([0.2, 0.7, double.PositiveInfinity], f, 2.0 / 3), 15);
        // Compared with a law with only 10% never, the wait at 1/3 against F's limit 0.9 is the largest gap.
        Assert.Equal(0.9 - 1.0 / 3, KolmogorovSmirnov.Distance([0.5, double.PositiveInfinity, double.PositiveInfinity], t => 0.9 * Math.Clamp(t, 0, 1), 0.9), 15);
    }

    [Fact]
    public void TheCheckRejectsDrawsWhoseScaleIsTenPercentOff()
    {
        double[] draws = KernelSampling.Draw(new Weibull(1.5, 33));
        double d = KolmogorovSmirnov.Distance(draws, t => MN.Weibull.CDF(shape: 1.5, scale: 30, x: t));
        Assert.True(KolmogorovSmirnov.Scaled(d, draws.Length) > KolmogorovSmirnov.CriticalValue);
    }

    [Fact]
    public void TheCheckRejectsAClockForwardSamplerThatForgetsTheElapsedTime()
    {
        // The memoryless shortcut clock + T is right only for the exponential; for an increasing Weibull it is too late.
        var weibull = new Weibull(1.5, 30);
        double clock = 30 * Math.Pow(Math.Log(2), 1 / 1.5);
        double sc = Math.Exp(-Math.Pow(clock / 30, 1.5));
        double[] draws = KernelSampling.Draw(weibull).Select(t => clock + t).ToArray();
        double d = KolmogorovSmirnov.Distance(draws, t => t <= clock ? 0 : 1 - (1 - MN.Weibull.CDF(shape: 1.5, scale: 30, x: t)) / sc);
        Assert.True(KolmogorovSmirnov.Scaled(d, draws.Length) > KolmogorovSmirnov.CriticalValue);
    }

    [Fact]
    public void TheCheckRejectsASamplerThatAppliesTheMultiplierToTimeInsteadOfHazard()
    {
        // Dividing Weibull times by m is a hazard ratio of m^shape, not m.
        const double m = 2.5;
        double[] draws = KernelSampling.Draw(new Weibull(1.5, 30)).Select(t => t / m).ToArray();
        double d = KolmogorovSmirnov.Distance(draws, t => 1 - Math.Pow(1 - MN.Weibull.CDF(shape: 1.5, scale: 30, x: t), m));
        Assert.True(KolmogorovSmirnov.Scaled(d, draws.Length) > KolmogorovSmirnov.CriticalValue);
    }

    [Fact]
    public void TheCheckRejectsDrawsComparedWithALawThatMissesTheirCureFraction()
    {
        var c = DistributionCases.Get("GompertzCure");
        double[] draws = KernelSampling.Draw(c.Distribution);
        double d = KolmogorovSmirnov.Distance(draws, t => 1 - c.OracleSurvival(t), cdfLimit: 1);
        Assert.True(KolmogorovSmirnov.Scaled(d, draws.Length) > KolmogorovSmirnov.CriticalValue);
    }
}
