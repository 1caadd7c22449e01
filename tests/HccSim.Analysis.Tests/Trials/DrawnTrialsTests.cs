using HccSim.Analysis.Trials;
using HccSim.Analysis.Uncertainty;
using HccSim.Core.Distributions;
using HccSim.Scenarios;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Parameters;
using HccSim.Scenarios.Tests;

namespace HccSim.Analysis.Tests.Trials;

/// <summary>
/// Trials simulated under parameter draws, and assurance: against the closed form for a normal prior on the log hazard
/// ratio (O'Hagan, Stevens &amp; Campbell 2005, with Schoenfeld's variance 4/D), and the invariants that tie the draws to
/// the PSA and the trials to <see cref="TrialSimulator"/>.
/// </summary>
public sealed class DrawnTrialsTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    private const double ControlRate = 0.05, Z975 = 1.959963984540054;

    /// <summary>Exponential overall survival in both arms; the experimental arm's rate is λ₀·HR, HR lognormal: log HR ~ N(μ, σ²).</summary>
    /// <param name="bystander">A third strategy, first in the file, that no trial compares: simulated or not, the arms' records must be the same.</param>
    private string TwoArms(double mu, double sigma, bool bystander = false) => _temp.Write("assurance.yaml", $$"""
        scenario: assurance
        horizon: 1200 months
        cohort: { patients: 100, seed: 3 }
        economics: { currency: USD, willingness_to_pay: 100000/QALY, discount: 3%/year }
        strategies:
        {{(bystander ? "  bystander:\n    start: alive\n    states: { alive: {}, dead: { dead: true } }\n    transitions: [ { from: alive, to: dead, rate: 0.02/month } ]\n  " : "  ")}}control:
            start: alive
            states: { alive: { utility: 0.8, cost: 100/month }, dead: { dead: true } }
            transitions: [ { from: alive, to: dead, rate: {{ControlRate}}/month } ]
          experimental:
            start: alive
            states: { alive: { utility: 0.8, cost: 200/month }, dead: { dead: true } }
            transitions: [ { from: alive, to: dead, rate: {{R(ControlRate * Math.Exp(mu))}}/month } ]
        uncertainty:
          parameters:
            - { path: "strategies.experimental.transitions[alive->dead].rate", lognormal: { meanlog: {{R(Math.Log(ControlRate) + mu)}}, sdlog: {{R(sigma)}} } }
        """);

    private static string R(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static (ParameterisedModel Model, ParameterSampler Sampler) Load(string path)
    {
        var definition = ScenarioLoader.Define(path);
        var uncertainty = new UncertaintyModel(definition.Scenario.Uncertainty!);
        return (uncertainty.Parameterise(definition), uncertainty.Sampler());
    }

    /// <summary>A prior with all its mass at one value: every draw is the base case.</summary>
    private sealed record PointMass(double Value) : ParameterDistribution
    {
        public override string Family => "point";
        public override double Mean => Value;
        public override double Quantile(double p) => Value;
        public override string Describe() => $"point({Value})";
    }

    /// <summary>
    /// Success probability when θ̂ ~ N(μ, σ² + 4/D) and success is the two-sided test rejecting in the experimental arm's
    /// favour, θ̂ ≤ −z·√(4/D) (O'Hagan, Stevens and Campbell 2005: success is the result the trial hopes for; a significant
    /// harm is a failure).
    /// </summary>
    private static double ClosedForm(double mu, double sigma, int events)
    {
        double s = Math.Sqrt(4.0 / events), total = Math.Sqrt(sigma * sigma + s * s);
        return NormalMath.Cdf((-Z975 * s - mu) / total);
    }

    [Fact]
    public void TheClosedFormWithoutPriorSpreadIsSchoenfeldsPower()
    {
        // σ → 0: the assurance formula is Schoenfeld's power in the favourable direction, Φ(−√(D/4)·μ − z).
        double mu = Math.Log(0.7);
        const int events = 200;
        double power = NormalMath.Cdf(-Math.Sqrt(events / 4.0) * mu - Z975);
        Assert.Equal(power, ClosedForm(mu, 0, events), 12);
        Assert.Equal(power, ClosedForm(mu, 1e-9, events), 9);
    }

    [Fact]
    public void AssuranceUnderANormalPriorOnTheLogHazardRatioMatchesItsClosedForm()
    {
        // Event-driven 1:1 at D = 200 events of 400 patients; prior log HR ~ N(ln 0.65, 0.2²). The base case's power is about
        // 0.86, the assurance about 0.73: the test tells them apart by ~12 MCSE.
        double mu = Math.Log(0.65), sigma = 0.2;
        const int draws = 2000, events = 200;
        var (model, sampler) = Load(TwoArms(mu, sigma));
        var design = new TrialDesign("control", "experimental", 400) { AccrualMonths = 12, AnalysisEvents = events };
        var result = DrawnTrials.Run(model, sampler, design, new[] { 400 }, draws, 1, seed: 11, threads: 2);
        var assurance = result.Assurance(0);
        double expected = ClosedForm(mu, sigma, events);
        Assert.True(Math.Abs(assurance.Mean - expected) <= 4 * assurance.StandardError,
            $"assurance {assurance.Mean} ± {assurance.StandardError} vs closed form {expected}");
        Assert.True(Math.Abs(ClosedForm(mu, 0, events) - expected) > 8 * assurance.StandardError); // the oracle can fail a power passed off as assurance
        // One trial per draw: the error is the binomial one, √(A(1 − A)/K) of the assurance itself (to 0.1%).
        Assert.Equal(Math.Sqrt(assurance.Mean * (1 - assurance.Mean) / draws) * Math.Sqrt(draws / (draws - 1.0)), assurance.StandardError, 1e-3 * assurance.StandardError);
        // The drawn log hazard ratios: each draw's truth is its parameter, ln(rate / λ₀) ~ N(μ, σ²); the estimates centre on μ.
        var truths = Enumerable.Range(0, draws).Select(k => Math.Log(result.Parameters[k, 0] / ControlRate)).ToArray();
        Assert.InRange(truths.Average(), mu - 4 * sigma / Math.Sqrt(draws), mu + 4 * sigma / Math.Sqrt(draws));
        var estimates = Enumerable.Range(0, draws).Select(k => result[0, k, 0].LogHazardRatio).ToArray();
        double spread = Math.Sqrt(sigma * sigma + 4.0 / events);
        Assert.InRange(estimates.Average(), mu - 4 * spread / Math.Sqrt(draws), mu + 4 * spread / Math.Sqrt(draws));
        Assert.All(Enumerable.Range(0, draws), k => Assert.Equal(events, result[0, k, 0].Events));
    }

    [Fact]
    public void ASignificantHarmIsNoSuccessWhereTheEffectIsAsLikelyEitherWay()
    {
        // Prior log HR ~ N(0, 0.25²), D = 200: half the significant trials favour control. The favourable-direction closed form
        // is Φ(−z·√(4/D)/√(σ² + 4/D)) ≈ 0.126; counting any significant result would give about 0.25, some 15 MCSE away.
        double mu = 0, sigma = 0.25;
        const int draws = 2000, events = 200;
        var (model, sampler) = Load(TwoArms(mu, sigma));
        var design = new TrialDesign("control", "experimental", 400) { AccrualMonths = 12, AnalysisEvents = events };
        var result = DrawnTrials.Run(model, sampler, design, new[] { 400 }, draws, 1, seed: 13, threads: 2);
        var assurance = result.Assurance(0);
        double expected = ClosedForm(mu, sigma, events), total = Math.Sqrt(sigma * sigma + 4.0 / events);
        double eitherWay = 2 * NormalMath.Cdf(-Z975 * Math.Sqrt(4.0 / events) / total);
        Assert.True(Math.Abs(assurance.Mean - expected) <= 4 * assurance.StandardError, $"assurance {assurance.Mean} ± {assurance.StandardError} vs closed form {expected}");
        Assert.True(eitherWay - expected > 8 * assurance.StandardError);
        int significant = Enumerable.Range(0, draws).Count(k => result[0, k, 0].Significant);
        Assert.True(Math.Abs(significant / (double)draws - eitherWay) <= 4 * Math.Sqrt(eitherWay * (1 - eitherWay) / draws), $"{significant} significant of {draws}, expected share {eitherWay}");
    }

    [Fact]
    public void AssuranceUnderADegeneratePriorIsTheBaseCasePower()
    {
        // Every draw is the written model, and draw k's trial j is replicate 2k + j: the very trials of the base-case run.
        double mu = Math.Log(0.75);
        var (model, _) = Load(TwoArms(mu, 0.2));
        var sampler = new ParameterSampler(new ParameterDistribution[] { new PointMass(model.BaseValues()[0]) });
        var design = new TrialDesign("control", "experimental", 300) { AccrualMonths = 12, AnalysisEvents = 150 };
        var drawn = DrawnTrials.Run(model, sampler, design, new[] { 300 }, draws: 150, trialsPerDraw: 2, seed: 5, threads: 2);
        var baseCase = TrialSimulator.Run(model.Base.RequireSimulated(), design, 300, seed: 5, threads: 2);
        for (int k = 0; k < 150; k++)
            for (int j = 0; j < 2; j++) Assert.Equal(baseCase.Replicates[2 * k + j], drawn[0, k, j]);
        Assert.Equal(baseCase.PowerInFavour, drawn.Assurance(0).Mean, 12);
    }

    [Fact]
    public void EachDrawsTrialsAreTheSimulatorsReplicatesOnTheDrawsModelAtEverySize()
    {
        // Sizes 200 and 400 from one engine run per draw: stride 400, the 200-patient trial the first half of the block,
        // at half the events (events per patient kept).
        // A bystander strategy the trial does not compare: the draws simulate the two arms alone, the reference the whole model.
        var (model, sampler) = Load(TwoArms(Math.Log(0.7), 0.2, bystander: true));
        Assert.Equal(3, model.Build(new[] { 0.035 }).StrategyNames.Count);
        var design = new TrialDesign("control", "experimental", 400) { AccrualMonths = 12, AnalysisEvents = 200, DropoutPerMonth = 0.01 };
        const int draws = 3, m = 2;
        var drawn = DrawnTrials.Run(model, sampler, design, new[] { 200, 400 }, draws, m, seed: 9, threads: 1);
        Assert.Equal(new[] { 200, 400 }, drawn.SampleSizes);
        Assert.Equal(100, drawn.Designs[0].AnalysisEvents);
        Assert.Equal(400, drawn.Stride);
        var values = new double[1];
        for (int k = 0; k < draws; k++)
        {
            sampler.Draw(9, k, values);
            var compiled = model.Build(values);
            for (int s = 0; s < 2; s++)
            {
                var alone = TrialSimulator.Run(compiled, drawn.Designs[s], draws * m, seed: 9, threads: 1, stride: 400, firstReplicate: k * m, count: m);
                for (int j = 0; j < m; j++) Assert.Equal(alone.Replicates[j], drawn[s, k, j]);
            }
        }
        // Trials of different draws are different patients: no two draws' trials coincide.
        Assert.Equal(draws * m, Enumerable.Range(0, draws).SelectMany(k => Enumerable.Range(0, m).Select(j => drawn[1, k, j].LogHazardRatio)).Distinct().Count());
    }

    [Fact]
    public void SkippedReplicatesMoveEveryDrawsTrialsPastThePatientsOfTheSkippedBlocks()
    {
        // EVSI skips past the PSA's patients: draw k's trial is replicate skip + k, on patients (skip + k)·stride …, so none
        // of a draw's trial patients are the 0 … skip·stride − 1 its net benefits came from.
        var (model, sampler) = Load(TwoArms(Math.Log(0.7), 0.2));
        var design = new TrialDesign("control", "experimental", 200) { AccrualMonths = 12, AnalysisEvents = 100 };
        const int draws = 3, skip = 4;
        var drawn = DrawnTrials.Run(model, sampler, design, new[] { 200 }, draws, 1, seed: 6, threads: 2, firstReplicate: skip);
        var plain = DrawnTrials.Run(model, sampler, design, new[] { 200 }, draws, 1, seed: 6, threads: 2);
        Assert.Equal(skip, drawn.FirstReplicate);
        var values = new double[1];
        for (int k = 0; k < draws; k++)
        {
            sampler.Draw(6, k, values);
            var alone = TrialSimulator.Run(model.Build(values), design, skip + draws, seed: 6, threads: 1, stride: 200, firstReplicate: skip + k, count: 1);
            Assert.Equal(alone.Replicates[0], drawn[0, k, 0]);
            Assert.NotEqual(plain[0, k, 0].LogHazardRatio, drawn[0, k, 0].LogHazardRatio);
        }
    }

    [Fact]
    public void TheDrawsAreThePsasDraws()
    {
        string path = TwoArms(Math.Log(0.7), 0.2);
        var (model, sampler) = Load(path);
        var psa = PsaRunner.Run(ScenarioLoader.Define(path), new PsaOptions(6, 10, 21, 1) { WillingnessToPay = 100_000 });
        var drawn = DrawnTrials.Run(model, sampler, new TrialDesign("control", "experimental", 100) { AnalysisMonths = 36 }, new[] { 100 }, 6, 1, seed: 21, threads: 2);
        Assert.Equal(psa.ParameterNames, drawn.ParameterNames);
        for (int k = 0; k < 6; k++) Assert.Equal(psa.Parameters[k, 0], drawn.Parameters[k, 0]);
    }

    [Fact]
    public void DrawnTrialsAreTheSameOnOneOrTwoThreads()
    {
        var (model, sampler) = Load(TwoArms(Math.Log(0.7), 0.3));
        var design = new TrialDesign("control", "experimental", 300) { AccrualMonths = 18, AnalysisEvents = 120, DropoutPerMonth = 0.01 };
        var done = new List<int>();
        var one = DrawnTrials.Run(model, sampler, design, new[] { 150, 300 }, 40, 2, seed: 4, threads: 1);
        var two = DrawnTrials.Run(model, sampler, design, new[] { 150, 300 }, 40, 2, seed: 4, threads: 2, progress: new Collect(done));
        for (int s = 0; s < 2; s++)
            for (int k = 0; k < 40; k++)
                for (int j = 0; j < 2; j++) Assert.Equal(one[s, k, j], two[s, k, j]);
        Assert.Equal(one.Parameters, two.Parameters);
        Assert.Equal(one.Assurance(1), two.Assurance(1));
        Assert.Equal(Enumerable.Range(1, 40), done.Order()); // every draw told once
    }

    [Fact]
    public void ADrawTheModelRefusesIsAnErrorNamingTheDraw()
    {
        var (model, _) = Load(TwoArms(Math.Log(0.7), 0.2));
        var sampler = new ParameterSampler(new ParameterDistribution[] { new PointMass(-0.01) });
        var e = Assert.Throws<ScenarioException>(() => DrawnTrials.Run(model, sampler, new TrialDesign("control", "experimental", 100) { AnalysisMonths = 36 }, new[] { 100 }, 3, 1, seed: 1, threads: 1));
        Assert.Contains("parameter draw 0:", e.Message);
    }

    [Fact]
    public void AnImpossibleDesignSaysWhyAtEachSize()
    {
        var (model, sampler) = Load(TwoArms(Math.Log(0.7), 0.2));
        var e = Assert.Throws<ArgumentException>(() => DrawnTrials.Run(model, sampler, new TrialDesign("control", "experimentl", 100) { AnalysisMonths = 36 }, new[] { 100 }, 3, 1, seed: 1, threads: 1));
        Assert.Contains("no strategy 'experimentl' in the model", e.Message);
        e = Assert.Throws<ArgumentException>(() => DrawnTrials.Run(model, sampler, new TrialDesign("control", "experimental", 100) { AnalysisMonths = 36 }, Array.Empty<int>(), 3, 1, seed: 1, threads: 1));
        Assert.Contains("no sample size", e.Message);
    }

    private sealed class Collect(List<int> seen) : IProgress<int>
    {
        public void Report(int value) { lock (seen) seen.Add(value); }
    }
}
