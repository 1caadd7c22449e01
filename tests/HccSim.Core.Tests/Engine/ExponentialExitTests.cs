using HccSim.Core.Distributions;
using HccSim.Core.Tests.Oracles;

namespace HccSim.Core.Tests.Engine;

public class ExponentialExitTests
{
    private const double Rate = 0.1;
    private const int Patients = 200_000;

    [Fact]
    public void MedianSurvivalIsLn2OverRate()
    {
        var os = TestModels.Run(TestModels.OneExit(new Exponential(Rate), 600), Patients).Strategies[0].OverallSurvival;
        // SE of a sample median: 1 / (2 f(m) √n), f(m) = rate/2 at the median, so SE = 1 / (rate √n).
        // The fine grid (0.01 month) adds at most half a bin of interpolation error: far below 1 SE (0.022).
        double se = 1 / (Rate * Math.Sqrt(Patients));
        Tolerance.WithinStandardErrors(Math.Log(2) / Rate, os.Median.Value, se, "median OS");
        Assert.True(os.Median.Lower < Math.Log(2) / Rate && Math.Log(2) / Rate < os.Median.Upper,
            $"95% interval [{os.Median.Lower}, {os.Median.Upper}] should contain ln2/rate");
    }

    [Fact]
    public void MeanSurvivalIsOneOverRate()
    {
        // Horizon 600 months: P(T > 600) = e^{-60}, so the restricted mean is the mean to 1e-24.
        var os = TestModels.Run(TestModels.OneExit(new Exponential(Rate), 600), Patients).Strategies[0].OverallSurvival;
        double se = (1 / Rate) / Math.Sqrt(Patients); // sd of an exponential is its mean
        Tolerance.WithinStandardErrors(1 / Rate, os.RestrictedMean.Mean, se, "mean OS");
        Assert.InRange(os.RestrictedMean.StandardError, 0.97 * se, 1.03 * se);
    }

    [Fact]
    public void LandmarkSurvivalIsExpMinusRateTimesT()
    {
        var os = TestModels.Run(TestModels.OneExit(new Exponential(Rate), 120), Patients).Strategies[0].OverallSurvival;
        Assert.Equal(new[] { 12.0, 24, 36, 60 }, os.Landmarks.Select(l => l.Months));
        foreach (var (months, s) in os.Landmarks)
            Tolerance.ProportionMatches(Math.Exp(-Rate * months), s.Mean, Patients, $"S({months})");
    }

    [Fact]
    public void RestrictedMeanWithinAShortHorizonIsTheIntegralOfSurvival()
    {
        const double horizon = 12;
        var os = TestModels.Run(TestModels.OneExit(new Exponential(Rate), horizon), Patients).Strategies[0].OverallSurvival;
        double expected = (1 - Math.Exp(-Rate * horizon)) / Rate;
        // Var(min(T, h)) for an exponential: E[min²] − E[min]², E[min²] = 2/r² (1 − e^{−rh}(1 + rh)).
        double second = 2 / (Rate * Rate) * (1 - Math.Exp(-Rate * horizon) * (1 + Rate * horizon));
        double se = Math.Sqrt((second - expected * expected) / Patients);
        Tolerance.WithinStandardErrors(expected, os.RestrictedMean.Mean, se, "RMST(12)");
    }
}
