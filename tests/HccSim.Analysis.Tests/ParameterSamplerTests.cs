using HccSim.Scenarios;
using HccSim.Scenarios.Distributions;
using HccSim.Analysis.Uncertainty;

namespace HccSim.Analysis.Tests;

public sealed class ParameterSamplerTests
{
    private const int N = 20_000;

    private static double[][] Draws(ParameterSampler sampler, int n = N, ulong seed = 5)
    {
        var all = new double[n][];
        for (int k = 0; k < n; k++) { all[k] = new double[sampler.Width]; sampler.Draw(seed, k, all[k]); }
        return all;
    }

    public static TheoryData<ParameterDistribution> Families() => new()
    {
        new BetaParameter(20.9, 6.6),
        new GammaParameter(4, 2.5),
        new LogNormalParameter(Math.Log(0.59), 0.19),
        new NormalParameter(0.76, 0.08),
        new NormalParameter(0.76, 0.2, 0, 1),
        new UniformParameter(5, 30),
        new TriangularParameter(10, 15, 25),
    };

    [Theory]
    [MemberData(nameof(Families))]
    public void DrawsHaveTheFamilysMeanAndMedian(ParameterDistribution d)
    {
        var x = Draws(new ParameterSampler(new[] { d })).Select(v => v[0]).ToArray();
        double mean = x.Average(), sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (N - 1));
        Assert.InRange(mean, d.Mean - 4 * sd / Math.Sqrt(N), d.Mean + 4 * sd / Math.Sqrt(N));
        // The share below the quantile at 0.5 is binomial(N, 0.5).
        double below = x.Count(v => v < d.Quantile(0.5)) / (double)N;
        Assert.InRange(below, 0.5 - 4 * Math.Sqrt(0.25 / N), 0.5 + 4 * Math.Sqrt(0.25 / N));
    }

    [Fact]
    public void MethodOfMomentsAndIntervalsGiveTheTextbookParameters()
    {
        // Beta: α + β = m(1 − m)/se² − 1; gamma: shape m²/se², scale se²/m; log-normal interval symmetric on the log scale.
        var beta = BetaSpec.FromMoments(0.76, 0.08, out _)!;
        Assert.Equal(0.76 * (0.76 * 0.24 / 0.0064 - 1), beta.Alpha, 10);
        Assert.Equal(0.24 * (0.76 * 0.24 / 0.0064 - 1), beta.Beta, 10);
        var gamma = GammaSpec.FromMoments(6828, 1000, out _)!;
        Assert.Equal(6828.0 * 6828 / 1e6, gamma.Shape, 10);
        Assert.Equal(1e6 / 6828, gamma.Scale, 10);
        var hr = (LogNormalParameter)UncertaintyModel.Distribution(LogNormalSpec.FromInterval(0.59, 0.41, 0.87, out _)!);
        Assert.Equal(Math.Log(0.59), hr.MeanLog, 12);
        Assert.Equal(0.41, hr.Quantile(0.025), 2);
        Assert.Equal((Math.Log(0.87) - Math.Log(0.41)) / 3.919927969080108, hr.SdLog, 12);
        var ln = UncertaintyModel.Distribution(LogNormalSpec.FromMoments(10, 2, out _)!);
        Assert.Equal(10, ln.Mean, 10);
    }

    [Theory]
    [InlineData(1.2, 0.1, "a beta mean must lie strictly between 0 and 1")]
    [InlineData(0.5, 0.6, "needs a standard error below 0.5")]
    [InlineData(0.5, -0.1, "a standard error must be > 0")]
    public void AnImpossibleBetaIsRefused(double mean, double se, string message)
    {
        Assert.Null(BetaSpec.FromMoments(mean, se, out var error));
        Assert.Contains(message, error);
    }

    [Fact]
    public void AGammaWithoutPositiveVarianceIsRefused()
    {
        Assert.Null(GammaSpec.FromMoments(10, -1, out var error));
        Assert.Contains("positive variance", error);
    }

    [Fact]
    public void ACorrelatedGroupHasItsCorrelationOnTheNormalScale()
    {
        // Log-normal margins: the logs are the normal scores, so their correlation is the group's 0.6.
        var a = new LogNormalParameter(0, 0.3);
        var b = new LogNormalParameter(1, 0.5);
        var sampler = new ParameterSampler(new ParameterDistribution[] { a, new UniformParameter(0, 1), b },
            groups: new[] { new CorrelationGroup(new[] { 0, 2 }, new[,] { { 1, 0.6 }, { 0.6, 1 } }) });
        var draws = Draws(sampler);
        double r = Pearson(draws.Select(d => Math.Log(d[0])).ToArray(), draws.Select(d => Math.Log(d[2])).ToArray());
        // Fisher's z has standard error 1/√(N − 3).
        Assert.InRange(Math.Atanh(r), Math.Atanh(0.6) - 4 / Math.Sqrt(N - 3), Math.Atanh(0.6) + 4 / Math.Sqrt(N - 3));
        double independent = Pearson(draws.Select(d => d[1]).ToArray(), draws.Select(d => Math.Log(d[2])).ToArray());
        Assert.InRange(Math.Atanh(independent), -4 / Math.Sqrt(N - 3), 4 / Math.Sqrt(N - 3));
        // Each margin keeps its own distribution.
        Assert.InRange(draws.Average(d => Math.Log(d[2])), 1 - 4 * 0.5 / Math.Sqrt(N), 1 + 4 * 0.5 / Math.Sqrt(N));
    }

    [Fact]
    public void DirichletSharesSumToOneAndHaveTheirMeans()
    {
        var d = new DirichletParameter(new[] { 30.0, 10, 5 });
        var draws = Draws(new ParameterSampler(Array.Empty<ParameterDistribution>(), new[] { d }));
        Assert.All(draws, x => Assert.Equal(1.0, x.Sum(), 12));
        for (int i = 0; i < 3; i++)
        {
            double m = d.Mean(i), a0 = 45, se = Math.Sqrt(m * (1 - m) / (a0 + 1) / N);
            Assert.InRange(draws.Average(x => x[i]), m - 4 * se, m + 4 * se);
        }
    }

    [Fact]
    public void ADrawDependsOnlyOnTheSeedAndItsIndex()
    {
        var sampler = new ParameterSampler(new ParameterDistribution[] { new GammaParameter(2, 3), new BetaParameter(2, 5) }, new[] { new DirichletParameter(new[] { 1.0, 2 }) });
        var a = new double[sampler.Width];
        var b = new double[sampler.Width];
        sampler.Draw(11, 417, a);
        for (int k = 0; k < 10; k++) sampler.Draw(11, k, b);
        sampler.Draw(11, 417, b);
        Assert.Equal(a, b);
        sampler.Draw(12, 417, b);
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData(new[] { 1.0, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1 }, "not positive definite")]
    [InlineData(new[] { 1.0, 0.5, 0.4, 1 }, "symmetric")]
    [InlineData(new[] { 1.0, 1.5, 1.5, 1 }, "between -1 and 1")]
    [InlineData(new[] { 2.0, 0.5, 0.5, 1 }, "1 on its diagonal")]
    public void AnImpossibleCorrelationMatrixIsRefused(double[] flat, string message)
    {
        int n = (int)Math.Sqrt(flat.Length);
        var m = new double[n, n];
        for (int i = 0; i < flat.Length; i++) m[i / n, i % n] = flat[i];
        Assert.Contains(message, CorrelationSpec.Problem(m));
    }

    private static double Pearson(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); }
        return sxy / Math.Sqrt(sxx * syy);
    }
}
