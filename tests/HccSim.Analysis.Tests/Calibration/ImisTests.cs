using HccSim.Analysis.Calibration;

namespace HccSim.Analysis.Tests.Calibration;

/// <summary>
/// IMIS against posteriors known in closed form. Each moment is checked within 4 Monte Carlo standard errors, the errors
/// taken from the effective sample size IMIS reports (sd/√ESS for a mean; √((μ₄ − σ⁴)/ESS) for a variance).
/// </summary>
public sealed class ImisTests
{
    private static (double Mean, double Var, double M4) Moments(ImisResult r, int j)
    {
        double mean = 0;
        for (int i = 0; i < r.Count; i++) mean += r.Weights[i] * r.Point(i)[j];
        double v = 0, m4 = 0;
        for (int i = 0; i < r.Count; i++)
        {
            double z = r.Point(i)[j] - mean;
            v += r.Weights[i] * z * z;
            m4 += r.Weights[i] * z * z * z * z;
        }
        return (mean, v, m4);
    }

    [Fact]
    public void UniformPriorAndBinomialLikelihoodGiveTheBetaPosterior()
    {
        // k = 7 of n = 20 under p ~ U(0, 1): the posterior is Beta(8, 14).
        const int k = 7, n = 20;
        var result = Imis.Run(new[] { 0.0 }, new[] { 1.0 }, p => k * Math.Log(p[0]) + (n - k) * Math.Log(1 - p[0]),
            new ImisOptions(Initial: 1000, PerRound: 100, MaxRounds: 30, Samples: 1000, Seed: 3, Threads: 1));

        Assert.True(result.Converged);
        // Raftery and Bao's stopping rule: a resample of 1,000 expected to hold (1 − 1/e)·1,000 distinct points.
        Assert.True(result.ExpectedUnique >= (1 - 1 / Math.E) * 1000);
        Assert.Equal(Imis.ExpectedUnique(result.Weights, 1000), result.ExpectedUnique);
        double a = k + 1, b = n - k + 1;
        double mean = a / (a + b), variance = a * b / ((a + b) * (a + b) * (a + b + 1));
        var (m, v, m4) = Moments(result, 0);
        Assert.InRange(m, mean - 4 * Math.Sqrt(variance / result.Ess), mean + 4 * Math.Sqrt(variance / result.Ess));
        double varianceError = Math.Sqrt((m4 - v * v) / result.Ess);
        Assert.InRange(v, variance - 4 * varianceError, variance + 4 * varianceError);
        Assert.Equal(1000, result.ResampleCount);
    }

    [Fact]
    public void CorrelatedNormalLikelihoodUnderAWideUniformPriorGivesThatNormal()
    {
        // A bivariate normal likelihood (means 1 and −2, sds 0.5 and 0.3, correlation 0.8) inside U(−10, 10)²: the
        // posterior is the normal itself (the box cuts off nothing measurable).
        double m1 = 1, m2 = -2, s1 = 0.5, s2 = 0.3, rho = 0.8;
        double LogLik(double[] x)
        {
            double z1 = (x[0] - m1) / s1, z2 = (x[1] - m2) / s2;
            return -(z1 * z1 - 2 * rho * z1 * z2 + z2 * z2) / (2 * (1 - rho * rho));
        }
        var result = Imis.Run(new[] { -10.0, -10.0 }, new[] { 10.0, 10.0 }, LogLik,
            new ImisOptions(Initial: 2000, PerRound: 200, MaxRounds: 40, Samples: 1000, Seed: 5, Threads: 1));

        Assert.True(result.Converged, $"ESS {result.Ess} after {result.Rounds} rounds");
        var (mean1, v1, q1) = Moments(result, 0);
        var (mean2, v2, q2) = Moments(result, 1);
        Assert.InRange(mean1, m1 - 4 * s1 / Math.Sqrt(result.Ess), m1 + 4 * s1 / Math.Sqrt(result.Ess));
        Assert.InRange(mean2, m2 - 4 * s2 / Math.Sqrt(result.Ess), m2 + 4 * s2 / Math.Sqrt(result.Ess));
        Assert.InRange(v1, s1 * s1 - 4 * Math.Sqrt((q1 - v1 * v1) / result.Ess), s1 * s1 + 4 * Math.Sqrt((q1 - v1 * v1) / result.Ess));
        Assert.InRange(v2, s2 * s2 - 4 * Math.Sqrt((q2 - v2 * v2) / result.Ess), s2 * s2 + 4 * Math.Sqrt((q2 - v2 * v2) / result.Ess));
        double c = 0;
        for (int i = 0; i < result.Count; i++) c += result.Weights[i] * (result.Point(i)[0] - mean1) * (result.Point(i)[1] - mean2);
        double r = c / Math.Sqrt(v1 * v2);
        // The sample correlation's standard error is about (1 − ρ²)/√n.
        Assert.InRange(r, rho - 4 * (1 - rho * rho) / Math.Sqrt(result.Ess), rho + 4 * (1 - rho * rho) / Math.Sqrt(result.Ess));
    }

    [Fact]
    public void TheResultIsBitIdenticalOnOneAndTwoThreads()
    {
        static double LogLik(double[] x) => -0.5 * ((x[0] - 0.3) * (x[0] - 0.3) / 0.0004 + (x[1] - 2) * (x[1] - 2) / 0.01);
        var one = Imis.Run(new[] { 0.0, 0.0 }, new[] { 1.0, 5.0 }, LogLik, new ImisOptions(500, 50, 20, 300, 9, Threads: 1));
        var two = Imis.Run(new[] { 0.0, 0.0 }, new[] { 1.0, 5.0 }, LogLik, new ImisOptions(500, 50, 20, 300, 9, Threads: 2));
        Assert.Equal(one.Points, two.Points);
        Assert.Equal(one.Weights, two.Weights);
        Assert.Equal(one.Resample, two.Resample);
        Assert.Equal(one.Ess, two.Ess);
    }

    [Fact]
    public void RefusedPointsGetWeightZeroAndAreCounted()
    {
        // The model refuses p above 0.5 (NaN): those points weigh nothing; the posterior is the likelihood's below 0.5.
        var result = Imis.Run(new[] { 0.0 }, new[] { 1.0 }, p => p[0] > 0.5 ? double.NaN : -0.5 * (p[0] - 0.3) * (p[0] - 0.3) / 0.0025,
            new ImisOptions(400, 50, 20, 200, 1, 1));
        Assert.True(result.Refused > 0);
        for (int i = 0; i < result.Count; i++)
            if (result.Point(i)[0] > 0.5) Assert.Equal(0, result.Weights[i]);
    }

    [Fact]
    public void TooFewRoundsLeaveItUnconverged()
    {
        var result = Imis.Run(new[] { 0.0 }, new[] { 1.0 }, p => -0.5 * (p[0] - 0.3) * (p[0] - 0.3) / 1e-6,
            new ImisOptions(100, 20, MaxRounds: 1, Samples: 1000, Seed: 1, Threads: 1));
        Assert.False(result.Converged);
        Assert.Equal(1, result.Rounds);
        Assert.True(result.ExpectedUnique < (1 - 1 / Math.E) * 1000);
    }

    [Fact]
    public void ExpectedDistinctPointsAreThoseOfDrawingWithReplacement()
    {
        // J equal weights, J draws: J·(1 − (1 − 1/J)^J), which tends to (1 − 1/e)·J — the goal is what equal weights give.
        var equal = Enumerable.Repeat(1 / 1000.0, 1000).ToArray();
        Assert.Equal(1000 * (1 - Math.Pow(1 - 1 / 1000.0, 1000)), Imis.ExpectedUnique(equal, 1000), 9);
        Assert.InRange(Imis.ExpectedUnique(equal, 1000), (1 - 1 / Math.E) * 1000, (1 - 1 / Math.E) * 1000 + 0.2);
        // All the weight on one point: one distinct point however many draws; zero weights count for nothing.
        Assert.Equal(1, Imis.ExpectedUnique(new[] { 0.0, 1.0, 0.0 }, 500), 12);
        // Two points, 0.9 and 0.1, three draws: 1 − 0.1³ + 1 − 0.9³.
        Assert.Equal(2 - Math.Pow(0.1, 3) - Math.Pow(0.9, 3), Imis.ExpectedUnique(new[] { 0.9, 0.1 }, 3), 12);
        // The rule asks for more than the effective sample size reaching the same number: here ESS = 1,000 at the goal's J.
        Assert.Equal(1000, Imis.Ess(equal), 9);
    }
}
