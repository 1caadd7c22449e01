using HccSim.Analysis.Survival;

namespace HccSim.Analysis.Tests;

/// <summary>
/// The survival statistics against R survival's own regression tests on the Therneau–Grambsch data set 1 (Modeling
/// Survival Data, 2000, appendix E), where the book derives the Cox fit in closed form and R asserts its output equals it:
/// github.com/therneau/survival tests/book1.R, book2.R (with .Rout.save at commit aeb13fc463185ce68bcf9b0adb0df13dc153edc8)
/// and tests/quantile.R (commit 7fffdfdafaa6980865c7d769c9ca9fd6437a5bc0).
/// </summary>
public class SurvivalReferenceTests
{
    /// <summary>Data set 1 without its subject of unknown status (coxph and survfit drop it): x = 1 is group 1.</summary>
    private static SurvivalData BookData(bool withCensoringAt10 = false)
    {
        var time = new List<double> { 9, 1, 1, 6, 6, 8 };
        var status = new List<bool> { true, true, false, true, true, false };
        var x = new List<int> { 0, 1, 1, 1, 0, 0 };
        if (withCensoringAt10) { time.Add(10); status.Add(false); x.Add(0); } // quantile.R's extra subject
        return new SurvivalData(time, status, x);
    }

    [Fact]
    public void EfronCoxOnTheBookDataIsTheRootOfItsClosedFormScore()
    {
        // book2.R: with r = e^β, the Efron log partial likelihood is 2β − log(3r + 3) − log((r + 5)/2) − log(r + 3), whose
        // score (30 + 23r − r³)/((r + 1)(r + 3)(r + 5)) vanishes at the cubic's root below; the information is
        // Σ m(1 − m) over m = r/(r + 1), r/(r + 5), r/(r + 3).
        static double LogLik(double b) { double r = Math.Exp(b); return 2 * b - Math.Log(3 * r + 3) - Math.Log((r + 5) / 2) - Math.Log(r + 3); }
        double beta = Math.Log(2 * Math.Sqrt(23.0 / 3) * Math.Cos(Math.Acos(45.0 / 23 * Math.Sqrt(3.0 / 23)) / 3));
        double rb = Math.Exp(beta);
        double information = new[] { rb / (rb + 1), rb / (rb + 5), rb / (rb + 3) }.Sum(m => m - m * m);
        var fit = CoxModel.Fit(BookData(), CoxTies.Efron);
        Assert.True(fit.Converged);
        Assert.Equal(beta, fit.Coefficient, 12);
        Assert.Equal(1 / Math.Sqrt(information), fit.StandardError, 12);
        Assert.Equal(LogLik(beta), fit.LogLikelihood, 12);
        Assert.Equal(-Math.Log(72), fit.NullLogLikelihood, 12); // β = 0: −log 6 − log 3 − log 4
        // R prints round(coef, 6) = 1.676857, and predict(fit, type = "lp", se.fit = TRUE) at x − x̄ = ½: 0.8384287 ± 0.6388078.
        Assert.Equal(1.676857, Math.Round(fit.Coefficient, 6));
        Assert.Equal(0.8384287, Math.Round(fit.Coefficient / 2, 7));
        Assert.Equal(0.6388078, Math.Round(fit.StandardError / 2, 7));
    }

    [Fact]
    public void BreslowCoxOnTheBookDataIsItsClosedFormRoot()
    {
        // book1.R: the Breslow log partial likelihood is 2β − log(3r + 3) − 2·log(r + 3), maximised at r = 3/2 + √33/2, with
        // information r/(r + 1)² + 6r/(r + 3)².
        static double LogLik(double b) { double r = Math.Exp(b); return 2 * b - Math.Log(3 * r + 3) - 2 * Math.Log(r + 3); }
        double rb = 1.5 + Math.Sqrt(33) / 2, beta = Math.Log(rb);
        double information = rb / ((rb + 1) * (rb + 1)) + 6 * rb / ((rb + 3) * (rb + 3));
        var fit = CoxModel.Fit(BookData(), CoxTies.Breslow);
        Assert.True(fit.Converged);
        Assert.Equal(CoxTies.Breslow, fit.Ties);
        Assert.Equal(beta, fit.Coefficient, 12);
        Assert.Equal(1 / Math.Sqrt(information), fit.StandardError, 12);
        Assert.Equal(LogLik(beta), fit.LogLikelihood, 12);
        Assert.Equal(LogLik(0), fit.NullLogLikelihood, 12);
        // R prints predict(fit, type = "lp", se.fit = TRUE): 0.7376425 ± 0.6278672 at x − x̄ = ½.
        Assert.Equal(0.7376425, Math.Round(fit.Coefficient / 2, 7));
        Assert.Equal(0.6278672, Math.Round(fit.StandardError / 2, 7));
    }

    [Fact]
    public void WithoutTiedEventsEfronAndBreslowAreTheSameFit()
    {
        var data = new SurvivalData(new double[] { 2, 3.5, 4, 5, 7, 8, 9.5, 11, 12, 15 },
            new[] { true, true, false, true, true, true, false, true, true, false }, new[] { 1, 0, 1, 1, 0, 1, 0, 0, 1, 0 });
        var efron = CoxModel.Fit(data, CoxTies.Efron);
        var breslow = CoxModel.Fit(data, CoxTies.Breslow);
        Assert.Equal(efron.Coefficient, breslow.Coefficient, 12);
        Assert.Equal(efron.StandardError, breslow.StandardError, 12);
        Assert.Equal(efron.LogLikelihood, breslow.LogLikelihood, 12);
    }

    public static TheoryData<string, double[], double?[], double?[]> QuantileCases => new()
    {
        // quantile(survfit(Surv(time, status) ~ x, test1), 1 − qq) and the same without x, with R's default log intervals:
        // the estimates, then the lower limits; every upper limit is NA (the upper curve never leaves 1 far enough).
        { "all", new double[] { 1, 3.5, 6, 9, 9.5, double.NaN }, new double?[] { 1, 1, 1, 6, 6, 9 }, new double?[6] },
        { "x=0", new double[] { 6, 6, 9, 9, double.NaN, double.NaN }, new double?[] { 6, 6, 6, 6, 9, 9 }, new double?[6] },
        { "x=1", new double[] { 1, 1, 3.5, 6, 6, 6 }, new double?[] { 1, 1, 1, 1, null, null }, new double?[6] },
    };

    [Theory]
    [MemberData(nameof(QuantileCases))]
    public void QuantilesAreRsQuantileSurvfitOnTheBookData(string curve, double[] estimates, double?[] lowers, double?[] uppers)
    {
        // qq = 13/14, 6/7, 2/3, 1/2, 9/35, 1/10 are survival levels chosen to fall before the first step, exactly on the flats
        // 6/7 (from 1 to 6) and 2/3 (x = 1, from 1 to 6), and exactly on the last level 9/35, which lasts from the last event
        // at 9 to the last censoring at 10: the midpoint rule gives 3.5, 3.5 and 9.5 there.
        double[] levels = { 13.0 / 14, 6.0 / 7, 2.0 / 3, 0.5, 9.0 / 35, 0.1 };
        var data = BookData(withCensoringAt10: true);
        var km = new KaplanMeier(curve == "all" ? data : data.Group(curve == "x=0" ? 0 : 1), ConfidenceType.Log);
        for (int i = 0; i < levels.Length; i++)
        {
            var (estimate, lower, upper) = km.Quantile(1 - levels[i]);
            Assert.Equal(estimates[i], estimate);
            Assert.Equal(lowers[i] ?? double.NaN, lower);
            Assert.Equal(uppers[i] ?? double.NaN, upper);
        }
    }

    [Fact]
    public void ACurveEndingExactlyAtOneHalfHasItsMedianMidwayToTheLastObservedTime()
    {
        // 1 (event), 2+: S = ½ from 1 until follow-up ends at 2. R's quantile.survfit: (1 + 2)/2 = 1.5 (not 1).
        var data = new SurvivalData(new double[] { 1, 2 }, new[] { true, false });
        Assert.Equal(1.5, new KaplanMeier(data).Median().Median);
        Assert.Equal(1.5, KaplanMeierSummary.Of(SurvivalWorkspace.From(data), 0, 2).Median);
        // When the last time seen is the event that brings S to ½ there is nothing after it: the median is that time.
        var ends = new SurvivalData(new double[] { 2, 2 }, new[] { true, false });
        Assert.Equal(2, new KaplanMeier(ends).Median().Median);
        Assert.Equal(2, KaplanMeierSummary.Of(SurvivalWorkspace.From(ends), 0, 2).Median);
    }

    [Theory]
    [InlineData(ConfidenceType.LogLog)]
    [InlineData(ConfidenceType.Log)]
    [InlineData(ConfidenceType.Plain)]
    public void WhereTheCurveReachesZeroItHasNoInterval(ConfidenceType confidence)
    {
        // Greenwood's variance is infinite where every subject at risk has the event: R's survfit gives NA limits there
        // (std.err Inf; log and log-log take log 0, plain 0·∞), and quantile.survfit ignores those points.
        var km = new KaplanMeier(new SurvivalData(new double[] { 1, 2, 3 }, new[] { true, false, true }), confidence);
        var last = km.Steps[^1];
        Assert.Equal(0, last.Survival);
        Assert.True(double.IsNaN(last.Lower) && double.IsNaN(last.Upper), $"{last.Lower}–{last.Upper}");
        // The upper limit stays above ½ until then (near 1 at S = ⅔ with 3 at risk), so the median's upper limit is not reached.
        Assert.Equal(3, km.Median().Median);
        Assert.True(double.IsNaN(km.Median().Upper), $"upper limit {km.Median().Upper}");
    }
}
