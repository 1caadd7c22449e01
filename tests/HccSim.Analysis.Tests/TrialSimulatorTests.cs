using HccSim.Analysis.Trials;
using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Model;

namespace HccSim.Analysis.Tests;

public class TrialSimulatorTests
{
    private static CompiledModel TwoArms(double controlRate, double experimentalRate) => ModelCompiler.Compile(new CohortModel(600, new Strategy[]
    {
        Arm("control", controlRate), Arm("experimental", experimentalRate),
    })
    {
        Attributes = new[] { new CategoricalAttribute("burden", new[] { new AttributeLevel("low", 0.4), new AttributeLevel("high", 0.6) }) },
    });

    private static PathwayStrategy Arm(string name, double rate) => new(name, "alive",
        new[] { new State("alive", StateFlags.ProgressionFree), new State("dead", StateFlags.Dead) },
        new[] { new Transition("alive", "dead", new Exponential(rate)) });

    private static double Phi(double z) => NormalMath.Cdf(z);

    [Fact]
    public void SimulatedPowerAgreesWithSchoenfeldsFormula()
    {
        // Exponential arms, HR 0.7, 1:1, no drop-out, analysed at 200 events: power ≈ Φ(√(D/4)·|ln θ| − z₀.₉₇₅).
        const int replicates = 4000, events = 200;
        double theta = 0.7;
        var design = new TrialDesign("control", "experimental", 400) { AccrualMonths = 12, AnalysisEvents = events };
        var result = TrialSimulator.Run(TwoArms(0.05, 0.05 * theta), design, replicates, seed: 17);
        double schoenfeld = Phi(Math.Sqrt(events / 4.0) * Math.Abs(Math.Log(theta)) - 1.959963984540054);
        double se = Math.Sqrt(schoenfeld * (1 - schoenfeld) / replicates);
        Assert.True(Math.Abs(result.Power - schoenfeld) <= 4 * se, $"power {result.Power} vs Schoenfeld {schoenfeld} (4 SE = {4 * se})");
        Assert.All(result.Replicates, r => Assert.Equal(events, r.Events));
        // The log hazard ratio is unbiased: its mean within 4 SE of ln θ.
        var logs = result.Replicates.Select(r => r.LogHazardRatio).ToArray();
        double mean = logs.Average(), sd = Math.Sqrt(logs.Sum(x => (x - mean) * (x - mean)) / (logs.Length - 1));
        Assert.True(Math.Abs(mean - Math.Log(theta)) <= 4 * sd / Math.Sqrt(logs.Length), $"mean log HR {mean} vs {Math.Log(theta)}");
        // The mean model-based SE agrees with the spread of the estimates (both ≈ √(4/D)), within 4 relative SEs of a
        // sample SD, 1/√(2(n − 1)) (the mean of the model SEs varies far less).
        double ratio = result.Replicates.Average(r => r.HazardRatioStandardError) / sd, band = 4 / Math.Sqrt(2.0 * (logs.Length - 1));
        Assert.True(Math.Abs(ratio - 1) <= band, $"model SE / empirical SD = {ratio} (band ±{band})");
    }

    [Fact]
    public void IdenticalArmsRejectAtTheSignificanceLevel()
    {
        const int replicates = 4000;
        var design = new TrialDesign("control", "experimental", 200) { AccrualMonths = 12, AnalysisMonths = 36, StrataAttribute = "burden" };
        var done = new List<int>();
        var result = TrialSimulator.Run(TwoArms(0.04, 0.04), design, replicates, seed: 23, threads: 2, progress: new Collect(done));
        // Progress: every replicate counted once, whichever worker analysed it.
        Assert.Equal(Enumerable.Range(1, replicates), done.Order());
        double se = Math.Sqrt(0.05 * 0.95 / replicates);
        Assert.True(Math.Abs(result.Power - 0.05) <= 4 * se, $"type I error {result.Power} (4 SE = {4 * se})");
    }

    [Fact]
    public void ATrialsIndividualDataFollowTheDesign()
    {
        var design = new TrialDesign("control", "experimental", 300) { ControlShare = 1, ExperimentalShare = 2, AccrualMonths = 24, AnalysisMonths = 30, DropoutPerMonth = 0.01 };
        var (data, analysis) = TrialSimulator.IndividualData(TwoArms(0.05, 0.03), design, replicate: 3, seed: 5);
        Assert.Equal(30, analysis);
        Assert.Equal(300, data.Count);                                            // everyone enrolled by 24 < 30 months
        Assert.Equal(100, data.Groups.Count(g => g == 0));                        // permuted blocks of 1:2
        Assert.All(data.Times, t => Assert.InRange(t, 0, 30));                    // nobody is followed past the analysis
        Assert.Contains(data.Events, e => !e);
        Assert.Contains(data.Times.Where((t, i) => !data.Events[i]), t => t > 6 && t < 30); // censored at the analysis, by enrolment time
    }

    [Fact]
    public void EachArmsEventsAndFollowUpAreThoseOfItsPatientsAndEstimateItsHazard()
    {
        var design = new TrialDesign("control", "experimental", 600) { AccrualMonths = 12, AnalysisMonths = 36, DropoutPerMonth = 0.01 };
        var model = TwoArms(0.05, 0.03);
        var result = TrialSimulator.Run(model, design, replicates: 5, seed: 41);
        var trial = result.Replicates[3];
        // The same replicate's individual data, summed by arm.
        var (data, _) = TrialSimulator.IndividualData(model, design, replicate: 3, seed: 41);
        for (int arm = 0; arm < 2; arm++)
        {
            int events = Enumerable.Range(0, data.Count).Count(i => data.Groups[i] == arm && data.Events[i]);
            double exposure = Enumerable.Range(0, data.Count).Where(i => data.Groups[i] == arm).Sum(i => data.Times[i]);
            Assert.Equal(events, arm == 0 ? trial.ArmEvents.Control : trial.ArmEvents.Experimental);
            Assert.Equal(exposure, arm == 0 ? trial.ArmExposure.Control : trial.ArmExposure.Experimental, 9);
        }
        // Under constant hazards, events over follow-up is the maximum-likelihood rate, with SE rate/√events.
        foreach (var (d, e, rate) in new[] { (trial.ArmEvents.Control, trial.ArmExposure.Control, 0.05), (trial.ArmEvents.Experimental, trial.ArmExposure.Experimental, 0.03) })
            Assert.True(Math.Abs(d / e - rate) <= 4 * rate / Math.Sqrt(d), $"{d} events over {e} months = {d / e}, not {rate}");
    }

    [Fact]
    public void ADesignThatCannotBeRunSaysWhy()
    {
        var e = Assert.Throws<ArgumentException>(() => TrialSimulator.Run(TwoArms(0.05, 0.03), new TrialDesign("control", "experimentl", 100), 10, 1));
        Assert.Contains("give either an analysis time or a number of events", e.Message);
        Assert.Contains("no strategy 'experimentl' in the model; did you mean 'experimental'?", e.Message);
    }

    [Fact]
    public void TrialsOfDifferentSizesOnOneStrideShareTheirFirstPatients()
    {
        // A calendar-time analysis: each patient's record depends only on that patient, so the 400-patient trial is the
        // first 400 records of the 600-patient one (same arms, enrolment, drop-out and event times).
        var model = TwoArms(0.05, 0.035);
        var small = new TrialDesign("control", "experimental", 400) { AccrualMonths = 12, AnalysisMonths = 30, DropoutPerMonth = 0.01 };
        var (a, _) = TrialSimulator.IndividualData(model, small, replicate: 2, seed: 3, stride: 600);
        var (b, _) = TrialSimulator.IndividualData(model, small with { SampleSize = 600 }, replicate: 2, seed: 3, stride: 600);
        Assert.Equal(a.Times, b.Times.Take(400));
        Assert.Equal(a.Events, b.Events.Take(400));
        Assert.Equal(a.Groups, b.Groups.Take(400));
    }

    [Theory]
    // Two-sided α = 0.05, equally spaced looks, O'Brien–Fleming-type Lan–DeMets spending (α/2 a side): the published
    // boundaries (gsDesign sfLDOF, one-sided 0.025; Jennison & Turnbull).
    [InlineData(new[] { 0.5, 1.0 }, new[] { 2.9626, 1.9686 })]
    [InlineData(new[] { 1 / 3.0, 2 / 3.0, 1.0 }, new[] { 3.7103, 2.5114, 1.9930 })]
    [InlineData(new[] { 0.25, 0.5, 0.75, 1.0 }, new[] { 4.3326, 2.9631, 2.3590, 2.0141 })]
    public void LanDeMetsBoundariesMatchThePublishedValues(double[] fractions, double[] expected)
        => Assert.Equal(expected, GroupSequential.Boundaries(fractions, 0.05).Select(c => Math.Round(c, 4)));

    [Fact]
    public void AnInterimLookKeepsTheOverallTypeIErrorAtAlpha()
    {
        const int replicates = 4000;
        var design = new TrialDesign("control", "experimental", 300) { AccrualMonths = 12, AnalysisEvents = 150, InterimFractions = new[] { 0.5 } };
        var result = TrialSimulator.Run(TwoArms(0.04, 0.04), design, replicates, seed: 31);
        double se = Math.Sqrt(0.05 * 0.95 / replicates);
        Assert.True(Math.Abs(result.Power - 0.05) <= 4 * se, $"type I error {result.Power} (4 SE = {4 * se})");
    }

    [Fact]
    public void ATrialWithARealEffectCanStopAtTheInterimLook()
    {
        var design = new TrialDesign("control", "experimental", 400) { AccrualMonths = 12, AnalysisEvents = 200, InterimFractions = new[] { 0.5 } };
        var result = TrialSimulator.Run(TwoArms(0.05, 0.025), design, 500, seed: 37);
        var early = result.Replicates.Where(r => r.Look == 1).ToArray();
        Assert.NotEmpty(early);
        Assert.All(early, r => { Assert.True(r.Significant); Assert.Equal(100, r.Events); Assert.True(Math.Sqrt(r.ChiSquare) >= 2.9626); });
        Assert.True(result.MeanEvents < 200);
        // Its individual data, seen at the look where it stopped, are what that look analysed.
        var stopped = early[0];
        var (data, at) = TrialSimulator.IndividualData(TwoArms(0.05, 0.025), design, stopped.Index, seed: 37, result.Stride, stopped.Look);
        Assert.Equal(stopped.AnalysisMonths, at);
        Assert.Equal(stopped.Events, data.Events.Count(e => e));
        Assert.Equal(stopped.ChiSquare, HccSim.Analysis.Survival.LogRank.Test(data).ChiSquare, 12);
        Assert.Contains("interim analyses need an event-driven design", string.Join(";",
            new TrialDesign("control", "experimental", 10) { AnalysisMonths = 12, InterimFractions = new[] { 0.5 } }.Problems()));
    }

    [Fact]
    public void ALandmarkEndpointComparesTheArmsEventFreeProportions()
    {
        // Identical arms: the landmark test rejects at alpha; different arms: the proportions are the exponentials' at L.
        var design = new TrialDesign("control", "experimental", 400) { AccrualMonths = 12, AnalysisMonths = 48, LandmarkMonths = 24 };
        var nullResult = TrialSimulator.Run(TwoArms(0.04, 0.04), design, 4000, seed: 41);
        double se = Math.Sqrt(0.05 * 0.95 / 4000);
        Assert.True(Math.Abs(nullResult.Power - 0.05) <= 4 * se, $"landmark type I error {nullResult.Power}");
        var effect = TrialSimulator.Run(TwoArms(0.04, 0.02), design, 400, seed: 43);
        double meanControl = effect.Replicates.Average(r => r.LandmarkControl), meanExperimental = effect.Replicates.Average(r => r.LandmarkExperimental);
        // Everyone is followed past 24 months (accrual 12, analysis 48), so each arm's estimate is a plain proportion of
        // exactly 200 patients (permuted blocks): over 400 independent trials its mean has SE √(S(1 − S)/80,000).
        Assert.True(Math.Abs(meanControl - Math.Exp(-0.04 * 24)) <= 4 * Math.Sqrt(Math.Exp(-0.96) * (1 - Math.Exp(-0.96)) / 80_000), $"control {meanControl}");
        Assert.True(Math.Abs(meanExperimental - Math.Exp(-0.02 * 24)) <= 4 * Math.Sqrt(Math.Exp(-0.48) * (1 - Math.Exp(-0.48)) / 80_000), $"experimental {meanExperimental}");
    }

    // alive → cancer-free drug-free (rate a) → recurrence (rate r); death at rate m from each.
    private static PathwayStrategy Converting(string name, double a) => new(name, "alive",
        new[] { new State("alive", StateFlags.ProgressionFree), new State("cfdf", StateFlags.CancerFree), new State("recurred"), new State("dead", StateFlags.Dead) },
        new[]
        {
            new Transition("alive", "cfdf", new Exponential(a)), new Transition("alive", "dead", new Exponential(0.01)),
            new Transition("cfdf", "recurred", new Exponential(0.015)), new Transition("cfdf", "dead", new Exponential(0.01)),
            new Transition("recurred", "dead", new Exponential(0.01)),
        });

    [Fact]
    public void ACancerFreeDrugFreeEndpointHasTheExactBinomialPowerOfItsProportions()
    {
        const int replicates = 4000;
        const double landmark = 24, dropout = 0.005;
        var model = ModelCompiler.Compile(new CohortModel(120, new Strategy[] { Converting("control", 0.02), Converting("experimental", 0.04) }));
        // Everyone is assessable (accrual 12, landmark 24, analysis 36) and blocks of 2 give exactly 150 a side.
        var design = new TrialDesign("control", "experimental", 300)
        {
            AccrualMonths = 12, AnalysisMonths = 36, LandmarkMonths = landmark, DropoutPerMonth = dropout, Endpoint = TrialEndpoint.CancerFreeDrugFree,
        };
        var result = TrialSimulator.Run(model, design, replicates, seed: 61);
        // Cancer-free drug-free at L (closed form), and not lost to drop-out before it (intention to treat).
        static double Share(double a) => a * Math.Exp(-0.025 * landmark) * (1 - Math.Exp(-(a - 0.015) * landmark)) / (a - 0.015) * Math.Exp(-dropout * landmark);
        double p0 = Share(0.02), p1 = Share(0.04);
        // The exact power of the pooled two-proportion z-test with 150 a side, summed over every pair of counts.
        double exact = 0;
        for (int x0 = 0; x0 <= 150; x0++)
            for (int x1 = 0; x1 <= 150; x1++)
            {
                double pooled = (x0 + x1) / 300.0, v = pooled * (1 - pooled) * (2.0 / 150);
                if (v > 0 && Math.Abs((x1 - x0) / 150.0) / Math.Sqrt(v) > 1.959963984540054)
                    exact += MathNet.Numerics.Distributions.Binomial.PMF(p0, 150, x0) * MathNet.Numerics.Distributions.Binomial.PMF(p1, 150, x1);
            }
        double se = Math.Sqrt(exact * (1 - exact) / replicates);
        Assert.True(Math.Abs(result.Power - exact) <= 4 * se, $"power {result.Power} vs exact {exact} (4 SE = {4 * se})");
        double mean0 = result.Replicates.Average(r => r.LandmarkControl), mean1 = result.Replicates.Average(r => r.LandmarkExperimental);
        Assert.True(Math.Abs(mean0 - p0) <= 4 * Math.Sqrt(p0 * (1 - p0) / (150.0 * replicates)), $"control share {mean0} vs {p0}");
        Assert.True(Math.Abs(mean1 - p1) <= 4 * Math.Sqrt(p1 * (1 - p1) / (150.0 * replicates)), $"experimental share {mean1} vs {p1}");
    }

    [Fact]
    public void ACancerFreeDrugFreeEndpointNeedsALandmarkAndACalendarAnalysis()
    {
        var problems = new TrialDesign("control", "experimental", 300) { AnalysisEvents = 100, Endpoint = TrialEndpoint.CancerFreeDrugFree }.Problems().ToList();
        Assert.Contains("a cancer-free drug-free endpoint is a proportion at a landmark: give the landmark", problems);
        Assert.Contains("a cancer-free drug-free endpoint has no events to wait for: give an analysis time", problems);
        var e = Assert.Throws<ArgumentException>(() => TrialSimulator.Run(TwoArms(0.05, 0.03), new TrialDesign("control", "experimental", 100) { AnalysisMonths = 36, LandmarkMonths = 700 }, 10, 1));
        Assert.Contains("landmark 700 months is past the model's horizon of 600 months", e.Message);
        var none = Assert.Throws<ArgumentException>(() => TrialSimulator.Run(TwoArms(0.05, 0.03),
            new TrialDesign("control", "experimental", 100) { AnalysisMonths = 36, LandmarkMonths = 12, Endpoint = TrialEndpoint.CancerFreeDrugFree }, 10, 1));
        Assert.Contains("needs a cancer-free state with no therapy in at least one arm", none.Message);
    }

    [Fact]
    public void DesignsThatWouldAnalyseSomethingElseAreRefused()
    {
        var model = ModelCompiler.Compile(new CohortModel(600, new Strategy[] { Arm("control", 0.05), Arm("experimental", 0.03) })
        {
            Attributes = new PatientAttribute[] { new ContinuousAttribute("age", new NormalAttribute(70, 8), 18, 100) },
        });
        var e = Assert.Throws<ArgumentException>(() => TrialSimulator.Run(model, new TrialDesign("control", "experimental", 200) { AnalysisMonths = 36, StrataAttribute = "age" }, 10, 1));
        Assert.Contains("attribute 'age' is continuous: stratify by a categorical attribute", e.Message);
        Assert.Contains("10 patients do not fill one allocation block of 1:100", new TrialDesign("control", "experimental", 10) { ExperimentalShare = 100, AnalysisMonths = 36 }.Problems().Single());
        Assert.Contains("landmark 24 months is not before the analysis at 12 months", new TrialDesign("control", "experimental", 200) { AnalysisMonths = 12, LandmarkMonths = 24 }.Problems().Single());
    }

    [Fact]
    public void ALandmarkPastAnArmsFollowUpIsNotTestedAndAnUnreachedEventTargetIsCounted()
    {
        // Analysed at the 20th event of 200 (a few months in): nobody has been followed to 300 months.
        var early = TrialSimulator.Run(TwoArms(0.05, 0.03), new TrialDesign("control", "experimental", 200) { AnalysisEvents = 20, LandmarkMonths = 300 }, 50, seed: 3);
        Assert.All(early.Replicates, r => Assert.True(double.IsNaN(r.LandmarkPValue) && !r.Significant));
        Assert.Equal(0, early.ShortOfEvents);
        // Drop-out at 0.2/month against death at 0.05/month: about a fifth of deaths are seen, so 150 of 200 never are.
        var starved = TrialSimulator.Run(TwoArms(0.05, 0.03), new TrialDesign("control", "experimental", 200) { AnalysisEvents = 150, DropoutPerMonth = 0.2 }, 50, seed: 3);
        Assert.Equal(50, starved.ShortOfEvents);
        Assert.All(starved.Replicates, r => Assert.True(r.Events < 150));
    }

    [Fact]
    public void TheLandmarkSurvivalAndItsVarianceMatchTheFullKaplanMeier()
    {
        var data = new HccSim.Analysis.Survival.SurvivalData(new double[] { 1, 2, 3, 4, 5, 6 }, new[] { true, false, true, true, false, true }, new[] { 0, 0, 0, 1, 1, 1 });
        var w = HccSim.Analysis.Survival.SurvivalWorkspace.From(data);
        var km = new HccSim.Analysis.Survival.KaplanMeier(data.Group(0));
        // Before the last event (where S reaches 0 and Greenwood's variance is undefined): S = 2/3, Var = (2/3)²·1/(3·2).
        var (s, v) = HccSim.Analysis.Survival.KaplanMeierSummary.At(w, 0, 2.5);
        Assert.Equal(km.At(2.5), s, 12);
        Assert.Equal(km.Steps.Last(x => x.Time <= 2.5).StandardError, Math.Sqrt(v), 12);
        Assert.Equal(4.0 / 9 / 6, v, 12);
    }

    private sealed class Collect(List<int> into) : IProgress<int>
    {
        public void Report(int value) { lock (into) into.Add(value); }
    }
}
