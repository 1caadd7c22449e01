using HccSim.Analysis.Calibration;
using HccSim.Scenarios;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Tests;

namespace HccSim.Analysis.Tests.Calibration;

/// <summary>IMIS on a scenario: the likelihood each target kind gives, the exact solution where the model allows it, and what it refuses.</summary>
public sealed class BayesianCalibrationTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    // One exponential exit: the overall-survival median is the written median m, and the exact solution gives it.
    private static string Exponential(string target) => $$"""
        scenario: exp
        horizon: 120 months
        cohort: { patients: 1000, seed: 11 }
        strategies:
          s:
            start: alive
            states: { alive: { progression_free: true }, dead: { dead: true } }
            transitions: [ { from: alive, to: dead, median: 9 months } ]
        targets:
          - { strategy: s, outcome: os_median, value: 10, {{target}}source: test }
        calibration:
          free:
            - { path: "strategies.s.transitions[alive->dead].median", bounds: [1, 30] }
        """;

    [Fact]
    public void AMedianWithItsIntervalGivesTheLogNormalPosteriorOfTheExactSolution()
    {
        // Prior m ~ U(1, 30); likelihood ln 10 ~ N(ln m, σ), σ = (ln 12.5 − ln 8)/3.92: the posterior mean and variance by quadrature.
        var definition = ScenarioLoader.Define(_temp.Write("exp.yaml", Exponential("lower: 8, upper: 12.5, ")));
        var fit = BayesianCalibration.Run(definition, new BayesianCalibrationOptions(1000, new ImisOptions(500, 100, 30, 1000, 7, 1)));
        Assert.True(fit.Exact);
        Assert.Equal(LikelihoodKind.LogNormal, Assert.Single(fit.Likelihoods).Kind);
        Assert.True(fit.Imis.Converged);

        double sigma = (Math.Log(12.5) - Math.Log(8)) / (2 * TargetLikelihood.Z975);
        double z = 0, m1 = 0, m2 = 0;
        for (int i = 0; i < 290_000; i++)
        {
            double m = 1 + (i + 0.5) * 1e-4;
            double d = Math.Log(10) - Math.Log(m);
            double w = Math.Exp(-0.5 * d * d / (sigma * sigma));
            z += w; m1 += w * m; m2 += w * m * m;
        }
        double mean = m1 / z, variance = m2 / z - mean * mean;
        var post = fit.Summary.Marginals[0];
        double error = Math.Sqrt(variance / fit.Imis.Ess);
        Assert.InRange(post.Mean, mean - 4 * error, mean + 4 * error);
        // The variance's Monte Carlo error for a near-normal posterior: σ²·√(2/ESS).
        Assert.InRange(post.Sd * post.Sd, variance * (1 - 4 * Math.Sqrt(2 / fit.Imis.Ess)), variance * (1 + 4 * Math.Sqrt(2 / fit.Imis.Ess)));
    }

    [Fact]
    public void AWeightedTargetWithoutAnIntervalIsRefusedByNameAndLine()
    {
        var definition = ScenarioLoader.Define(_temp.Write("exp.yaml", Exponential("")));
        var e = Assert.Throws<ScenarioException>(() => BayesianCalibration.Run(definition, new BayesianCalibrationOptions(1000, new ImisOptions(50, 10, 2, 10, 7, 1))));
        var error = Assert.Single(e.Errors);
        Assert.Equal(10, error.Line);
        Assert.StartsWith("target s os_median has weight 1 but no interval", error.Message);
    }

    [Theory]
    [InlineData("os_median", LikelihoodKind.LogNormal)]
    [InlineData("pfs_median", LikelihoodKind.LogNormal)]
    [InlineData("os_hr(tace)", LikelihoodKind.LogNormal)]
    [InlineData("pfs_rmst", LikelihoodKind.LogNormal)]
    [InlineData("cfdf_months", LikelihoodKind.LogNormal)]
    [InlineData("response_ever", LikelihoodKind.Normal)]
    [InlineData("os_at(60)", LikelihoodKind.Normal)]
    [InlineData("tagged_ever(conversion)", LikelihoodKind.Normal)]
    public void EachTargetKindTakesItsLikelihood(string outcome, LikelihoodKind kind) => Assert.Equal(kind, TargetLikelihood.KindOf(outcome));

    [Fact]
    public void TheLikelihoodsSpreadIsTheIntervalsOnItsScale()
    {
        var ratio = Assert.Single(TargetLikelihood.Of("f", new[] { new Target("a", "os_hr(b)", 0.71, 0.55, 0.92, "s") }));
        Assert.Equal((Math.Log(0.92) - Math.Log(0.55)) / 3.919927969080108, ratio.Sigma, 12);
        var share = Assert.Single(TargetLikelihood.Of("f", new[] { new Target("a", "response_ever", 0.49, 0.415, 0.565, "s") }));
        Assert.Equal(0.15 / 3.919927969080108, share.Sigma, 12);
    }
}
