using HccSim.Analysis.Survival;

namespace HccSim.Analysis.Tests;

public class SurvivalStatisticsTests
{
    /// <summary>
    /// Freireich et al. (1963), the 6-MP remission data (Gehan 1965; R: MASS::gehan): weeks in remission, + censored.
    /// Group 1 = placebo, group 0 = 6-MP.
    /// </summary>
    private static SurvivalData Gehan()
    {
        double[] sixMp = { 6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35 };
        bool[] sixMpEvent = { true, true, true, false, true, false, true, false, false, true, true, false, false, false, true, true, false, false, false, false, false };
        double[] placebo = { 1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23 };
        return new SurvivalData(sixMp.Concat(placebo).ToArray(), sixMpEvent.Concat(placebo.Select(_ => true)).ToArray(),
            sixMp.Select(_ => 0).Concat(placebo.Select(_ => 1)).ToArray());
    }

    [Fact]
    public void KaplanMeierOfTheSixMpArmMatchesTheHandProduct()
    {
        var km = new KaplanMeier(Gehan().Group(0));
        // S = 18/21, ×16/17, ×14/15, ×11/12, ×10/11, ×6/7, ×5/6 at 6, 7, 10, 13, 16, 22, 23.
        double[] factors = { 18.0 / 21, 16.0 / 17, 14.0 / 15, 11.0 / 12, 10.0 / 11, 6.0 / 7, 5.0 / 6 };
        double[] greenwood = { 3.0 / (21 * 18), 1.0 / (17 * 16), 1.0 / (15 * 14), 1.0 / (12 * 11), 1.0 / (11 * 10), 1.0 / (7 * 6), 1.0 / (6 * 5) };
        Assert.Equal(new[] { 6.0, 7, 10, 13, 16, 22, 23 }, km.Steps.Select(s => s.Time));
        Assert.Equal(new[] { 21, 17, 15, 12, 11, 7, 6 }, km.Steps.Select(s => s.AtRisk));
        double s = 1, v = 0;
        for (int k = 0; k < factors.Length; k++)
        {
            s *= factors[k];
            v += greenwood[k];
            Assert.Equal(s, km.Steps[k].Survival, 12);
            Assert.Equal(s * Math.Sqrt(v), km.Steps[k].StandardError, 12);
            // log-log 95%: S^exp(±1.96·√v / |log S|).
            double w = 1.959963984540054 * Math.Sqrt(v) / Math.Abs(Math.Log(s));
            Assert.Equal(Math.Pow(s, Math.Exp(w)), km.Steps[k].Lower, 12);
            Assert.Equal(Math.Pow(s, Math.Exp(-w)), km.Steps[k].Upper, 12);
        }
        // Printed in R (survfit, 3 decimals): 0.857 0.807 0.753 0.690 0.627 0.538 0.448; std.err 0.0764 at 6 weeks.
        Assert.Equal(new[] { 0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448 }, km.Steps.Select(x => Math.Round(x.Survival, 3)));
        Assert.Equal(0.0764, Math.Round(km.Steps[0].StandardError, 4));
        Assert.Equal(23, km.Median().Median);
    }

    [Fact]
    public void LogRankOnTheGehanDataMatchesThePublishedTable()
    {
        // R survdiff: 6-MP observed 9, expected 19.25; placebo 21 and 10.75; chi-square 16.8 on 1 df.
        var r = LogRank.Test(Gehan());
        Assert.Equal(21, r.Observed1);
        Assert.Equal(10.75, Math.Round(r.Expected1, 2));
        Assert.Equal(9, r.Observed0);
        Assert.Equal(19.25, Math.Round(r.Expected0, 2));
        Assert.Equal(16.8, Math.Round(r.ChiSquare, 1));
        Assert.True(r.PValue < 1e-4 && r.PValue > 1e-5);
    }

    [Fact]
    public void LogRankOnASmallDataSetMatchesTheHandComputation()
    {
        // Group 0: 1, 3+, 4; group 1: 2, 5. By hand: O₁ = 2, E₁ = .4 + .5 + .5 + 1 = 2.4, V = .24 + .25 + .25 = .74.
        var data = new SurvivalData(new double[] { 1, 3, 4, 2, 5 }, new[] { true, false, true, true, true }, new[] { 0, 0, 0, 1, 1 });
        var r = LogRank.Test(data);
        Assert.Equal(2, r.Observed1);
        Assert.Equal(2.4, r.Expected1, 12);
        Assert.Equal(0.74, r.Variance, 12);
        Assert.Equal(0.16 / 0.74, r.ChiSquare, 12);
    }

    [Fact]
    public void AStratifiedLogRankAddsTheStrataSums()
    {
        var a = new SurvivalData(new double[] { 1, 3, 4, 2, 5 }, new[] { true, false, true, true, true }, new[] { 0, 0, 0, 1, 1 });
        var b = new SurvivalData(new double[] { 2, 6, 1, 3 }, new[] { true, true, true, false }, new[] { 0, 0, 1, 1 });
        var both = new SurvivalData(a.Times.Concat(b.Times).ToArray(), a.Events.Concat(b.Events).ToArray(), a.Groups.Concat(b.Groups).ToArray(),
            a.Times.Select(_ => 0).Concat(b.Times.Select(_ => 1)).ToArray());
        var ra = LogRank.Test(a);
        var rb = LogRank.Test(b);
        var r = LogRank.Test(both);
        Assert.Equal(ra.Observed1 + rb.Observed1, r.Observed1, 12);
        Assert.Equal(ra.Expected1 + rb.Expected1, r.Expected1, 12);
        Assert.Equal(ra.Variance + rb.Variance, r.Variance, 12);
    }

    [Fact]
    public void CoxWithEfronTiesMatchesThePublishedGehanFit()
    {
        // R: coxph(Surv(time, cens) ~ treat, gehan) — coef 1.5721, se(coef) 0.4124, exp(coef) 4.817 (Efron, the default).
        var r = CoxModel.Fit(Gehan());
        Assert.Equal(1.5721, Math.Round(r.Coefficient, 4));
        Assert.Equal(0.4124, Math.Round(r.StandardError, 4));
        Assert.Equal(4.817, Math.Round(r.HazardRatio, 3));
    }

    [Fact]
    public void CoxWithoutTiesMaximisesThePartialLikelihoodComputedIndependently()
    {
        // No ties: the partial likelihood is Π exp(βxᵢ) / Σ_{j at risk} exp(βxⱼ); maximised here by golden-section search.
        double[] t = { 2, 3.5, 4, 5, 7, 8, 9.5, 11, 12, 15 };
        bool[] e = { true, true, false, true, true, true, false, true, true, false };
        int[] g = { 1, 0, 1, 1, 0, 1, 0, 0, 1, 0 };
        double LogPl(double beta)
        {
            double ll = 0;
            for (int i = 0; i < t.Length; i++)
            {
                if (!e[i]) continue;
                double denominator = 0;
                for (int j = 0; j < t.Length; j++) if (t[j] >= t[i]) denominator += Math.Exp(beta * g[j]);
                ll += beta * g[i] - Math.Log(denominator);
            }
            return ll;
        }
        double lo = -10, hi = 10, phi = (Math.Sqrt(5) - 1) / 2;
        for (int k = 0; k < 200; k++)
        {
            double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
            if (LogPl(a) > LogPl(b)) hi = b; else lo = a;
        }
        double best = (lo + hi) / 2;
        var r = CoxModel.Fit(new SurvivalData(t, e, g));
        Assert.Equal(best, r.Coefficient, 6);
        // Information by a central second difference of the same independent likelihood.
        double h = 1e-4, information = -(LogPl(best + h) - 2 * LogPl(best) + LogPl(best - h)) / (h * h);
        Assert.Equal(1 / Math.Sqrt(information), r.StandardError, 5);
    }

    [Fact]
    public void CoxRefusesAnArmWithNoEvents()
    {
        var data = new SurvivalData(new double[] { 1, 2, 3, 4 }, new[] { true, true, false, false }, new[] { 0, 0, 1, 1 });
        var e = Assert.Throws<InvalidOperationException>(() => CoxModel.Fit(data));
        Assert.Equal("the Cox hazard ratio cannot be estimated: group 1 has no events (the estimate would be infinite)", e.Message);
    }

    [Fact]
    public void CoxConvergesOnHeavilyTiedAndCensoredData()
    {
        // Every event at one of three times, 70% censored: Newton with step halving still converges.
        var rng = new System.Random(5);
        int n = 400;
        var times = Enumerable.Range(0, n).Select(_ => (double)rng.Next(1, 4)).ToArray();
        var events = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.3).ToArray();
        var groups = Enumerable.Range(0, n).Select(i => i % 2).ToArray();
        var r = CoxModel.Fit(new SurvivalData(times, events, groups));
        Assert.True(r.Iterations < 50);
        Assert.True(r.Converged);
        Assert.True(double.IsFinite(r.Coefficient) && r.StandardError > 0);
        // At the estimate a further Newton step, U/I, is below 1e-10: β is found to that accuracy.
        var (_, score, information) = CoxModel.Evaluate(new SurvivalData(times, events, groups), r.Coefficient);
        Assert.True(Math.Abs(score / information) < 1e-10, $"Newton step at the estimate {score / information}");
    }

    [Fact]
    public void TheMedianAndRestrictedMeanFollowTheHandComputedCurve()
    {
        // 1, 2, 3+, 4, 5: S = .8 at 1, .6 at 2, .3 at 4 (2 at risk), 0 at 5. Median 4; RMST to 5 = 1 + .8 + .6·2 + .3 = 3.3.
        var km = new KaplanMeier(new SurvivalData(new double[] { 1, 2, 3, 4, 5 }, new[] { true, true, false, true, true }));
        Assert.Equal(new[] { 0.8, 0.6, 0.3, 0.0 }, km.Steps.Select(s => Math.Round(s.Survival, 12)));
        Assert.Equal(4, km.Median().Median);
        Assert.Equal(3.3, km.RestrictedMean(5).Rmst, 12);
        // A curve that is exactly 0.5 over an interval: the median is the interval's midpoint (R's rule).
        var flat = new KaplanMeier(new SurvivalData(new double[] { 1, 2, 3, 4 }, new[] { true, true, true, true }));
        Assert.Equal(2.5, flat.Median().Median);
    }

    [Fact]
    public void TheRestrictedMeansVarianceMatchesItsClosedForm()
    {
        // Σ A_k² d_k / (n_k (n_k − d_k)) over event times before τ = 4, with A_k = ∫_{t_k}^{4} S.
        var km = new KaplanMeier(new SurvivalData(new double[] { 1, 2, 3, 5, 6 }, new[] { true, true, true, true, false }));
        // S: .8 at 1, .6 at 2, .4 at 3; A₁ = .8 + .6 + .4 = 1.8, A₂ = .6 + .4 = 1.0, A₃ = .4.
        double expected = 1.8 * 1.8 / (5 * 4) + 1.0 * 1.0 / (4 * 3) + 0.4 * 0.4 / (3 * 2);
        Assert.Equal(Math.Sqrt(expected), km.RestrictedMean(4).StandardError, 12);
        Assert.Equal(1 + 0.8 + 0.6 + 0.4, km.RestrictedMean(4).Rmst, 12);
    }

    [Fact]
    public void TheOnePassSummaryAgreesWithTheFullKaplanMeier()
    {
        var rng = new System.Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = rng.Next(2, 40);
            var times = Enumerable.Range(0, n).Select(_ => (double)rng.Next(1, 15)).ToArray();   // many ties
            var events = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.7).ToArray();
            var groups = Enumerable.Range(0, n).Select(_ => rng.Next(2)).ToArray();
            var data = new SurvivalData(times, events, groups);
            var w = SurvivalWorkspace.From(data);
            for (int g = 0; g <= 1; g++)
            {
                var km = new KaplanMeier(data.Group(g));
                double tau = 10;
                var (median, rmst) = KaplanMeierSummary.Of(w, g, tau);
                Assert.Equal(km.Median().Median, median);
                Assert.Equal(km.RestrictedMean(tau).Rmst, rmst, 12);
            }
        }
        // The exact-half rule through the fast path: 1, 2, 3, 4 all events: S = ½ from 2 to 3, median 2.5.
        var flat = SurvivalWorkspace.From(new SurvivalData(new double[] { 1, 2, 3, 4 }, new[] { true, true, true, true }));
        Assert.Equal(2.5, KaplanMeierSummary.Of(flat, 0, 4).Median);
    }

    [Fact]
    public void CoxFlagsAMonotoneLikelihoodInsteadOfReportingWhereItsSearchStopped()
    {
        // Group 0's events at 1, 2, 3 while group 1 is at risk; group 1's events at 4, 5 when it alone is at risk: the
        // partial likelihood rises without bound as β → −∞ (R: "coefficient may be infinite").
        var data = new SurvivalData(new double[] { 1, 2, 3, 4, 5, 6 }, new[] { true, true, true, true, true, false }, new[] { 0, 0, 0, 1, 1, 1 });
        var r = CoxModel.Fit(data);
        Assert.False(r.Converged);
        Assert.True(r.Coefficient < -5, $"the search ran towards −∞ (stopped at {r.Coefficient})");
        // Separated with censoring, where Newton's score rounds to exactly 0 around β = 38 and the step looks converged.
        var censored = new SurvivalData(new[] { 0.976255, 0.858468, 0.144255, 0.308482, 0.180726, 1.638913, 1.547744, 1.059601, 1.680400, 1.314147 },
            new[] { true, true, true, false, true, true, true, true, true, true }, new[] { 1, 1, 1, 1, 1, 0, 0, 0, 0, 0 });
        Assert.False(CoxModel.Fit(censored).Converged);
        // Overlapping groups, even with a single crossing, have a finite maximum.
        var overlapping = new SurvivalData(new double[] { 1, 2, 3, 4 }, new[] { true, true, true, true }, new[] { 1, 0, 1, 0 });
        Assert.True(CoxModel.Fit(overlapping).Converged);
    }

    [Fact]
    public void EventsAtASingleTimeGetOnlyTheExponentialFit()
    {
        // Two-parameter curves collapse onto one event time with an unbounded likelihood: none of them is a fit.
        var fits = ParametricFits.FitAll(new SurvivalData(new double[] { 1, 1, 1, 2 }, new[] { true, true, true, false }));
        var only = Assert.Single(fits);
        Assert.Equal("exponential", only.Family);
        Assert.Equal(3.0 / 5, ((HccSim.Core.Distributions.Exponential)only.Distribution).Rate, 12);
    }

    [Fact]
    public void StratifiedCoxOnTwoCopiesOfADataSetIsTheSingleFitWithTwiceTheInformation()
    {
        // The stratified partial likelihood is the sum over strata: two identical strata double it, so β̂ is unchanged
        // and its SE shrinks by √2. Pooled into one stratum the copies tie with each other and Efron's β̂ moves.
        var g = Gehan();
        var twice = new SurvivalData(g.Times.Concat(g.Times).ToArray(), g.Events.Concat(g.Events).ToArray(),
            g.Groups.Concat(g.Groups).ToArray(), Enumerable.Repeat(0, g.Count).Concat(Enumerable.Repeat(1, g.Count)).ToArray());
        var single = CoxModel.Fit(g);
        var stratified = CoxModel.Fit(twice);
        Assert.Equal(single.Coefficient, stratified.Coefficient, 10);
        Assert.Equal(single.StandardError / Math.Sqrt(2), stratified.StandardError, 10);
        var pooled = CoxModel.Fit(new SurvivalData(twice.Times, twice.Events, twice.Groups));
        Assert.True(Math.Abs(pooled.Coefficient - single.Coefficient) > 1e-3, $"pooled {pooled.Coefficient} vs {single.Coefficient}");
    }
}
