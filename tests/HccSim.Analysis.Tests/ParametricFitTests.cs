using HccSim.Analysis.Survival;
using HccSim.Core.Distributions;

namespace HccSim.Analysis.Tests;

public class ParametricFitTests
{
    /// <summary>Draws by inversion with the platform's generator (not the engine's sampler), censored at a fixed time.</summary>
    private static SurvivalData Draw(Func<double, double> inverse, int n, double censorAt, int seed)
    {
        var rng = new System.Random(seed);
        var times = new double[n];
        var events = new bool[n];
        for (int i = 0; i < n; i++)
        {
            double t = inverse(1 - rng.NextDouble()); // u in (0, 1]
            events[i] = t <= censorAt;
            times[i] = Math.Min(t, censorAt);
        }
        return new SurvivalData(times, events);
    }

    [Fact]
    public void TheExponentialRateIsEventsOverTotalTime()
    {
        var data = Draw(u => -Math.Log(u) / 0.05, 2000, 30, 1);
        var fit = ParametricFits.FitAll(data).Single(f => f.Family == "exponential");
        Assert.Equal(data.Events.Count(e => e) / data.Times.Sum(), ((Exponential)fit.Distribution).Rate, 14);
    }

    [Fact]
    public void TheLogNormalFitOfCompleteDataIsTheMeanAndSdOfTheLogs()
    {
        var data = Draw(u => Math.Exp(3 + 0.8 * NormalMath.Quantile(u)), 5000, double.PositiveInfinity, 2);
        var logs = data.Times.Select(t => Math.Log(t)).ToArray();
        double mu = logs.Average(), sigma = Math.Sqrt(logs.Sum(x => (x - mu) * (x - mu)) / logs.Length);
        var fit = (LogNormal)ParametricFits.FitAll(data).Single(f => f.Family == "lognormal").Distribution;
        Assert.Equal(mu, fit.MeanLog, 5);
        Assert.Equal(sigma, fit.SdLog, 5);
    }

    [Fact]
    public void AWeibullFitRecoversItsParametersWithinFourStandardErrors()
    {
        // Complete data: SE(shape) ≈ 0.780·k/√n and SE(scale) ≈ 1.053·λ/(k√n) (the Weibull MLE's asymptotic variances).
        const double k = 1.4, lambda = 20;
        const int n = 20_000;
        var data = Draw(u => lambda * Math.Pow(-Math.Log(u), 1 / k), n, double.PositiveInfinity, 3);
        var fit = (Weibull)ParametricFits.FitAll(data).Single(f => f.Family == "weibull").Distribution;
        Assert.True(Math.Abs(fit.Shape - k) <= 4 * 0.780 * k / Math.Sqrt(n), $"shape {fit.Shape}");
        Assert.True(Math.Abs(fit.Scale - lambda) <= 4 * 1.053 * lambda / (k * Math.Sqrt(n)), $"scale {fit.Scale}");
    }

    [Theory]
    [InlineData("gompertz")]
    [InlineData("loglogistic")]
    [InlineData("weibull")]
    public void EachFitIsAtLeastAsLikelyAsTheTruthAndTheTrueFamilyWinsOnAic(string family)
    {
        // Censored at 40 months; 20,000 subjects: the MLE's likelihood is never below the truth's, and AIC picks the truth.
        TimeToEvent truth = family switch
        {
            "gompertz" => new Gompertz(0.04, 0.01),
            "loglogistic" => new LogLogistic(2.2, 15),
            _ => new Weibull(0.8, 25),
        };
        double Inverse(double u)
        {
            // Solve H(t) = −ln u by bisection on the truth's own cumulative hazard.
            double target = -Math.Log(u), lo = 0, hi = 1;
            while (truth.CumulativeHazard(hi) < target && hi < 1e6) hi *= 2;
            for (int i = 0; i < 200; i++) { double mid = (lo + hi) / 2; if (truth.CumulativeHazard(mid) < target) lo = mid; else hi = mid; }
            return (lo + hi) / 2;
        }
        var data = Draw(Inverse, 20_000, 40, 4);
        var fits = ParametricFits.FitAll(data);
        var own = fits.Single(f => f.Family == family);
        Assert.True(own.LogLikelihood >= ParametricFits.LogLikelihood(truth, data) - 1e-6, $"fit {own.LogLikelihood} below the truth's likelihood");
        Assert.Equal(family, fits[0].Family);
    }

    [Fact]
    public void FitsPrintThemselvesAsScenarioSyntax()
    {
        var fit = new ParametricFit("weibull", new Weibull(1.2, 30.5), -100, 2, 50);
        Assert.Equal("weibull: { shape: 1.2, scale: 30.5 months }", fit.ScenarioSyntax);
        Assert.Equal(2 * 2 + 200, fit.Aic, 12);
        Assert.Equal(2 * Math.Log(50) + 200, fit.Bic, 12);
    }
}
