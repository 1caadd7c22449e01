using HccSim.Scenarios;
using HccSim.Analysis.Uncertainty;

using HccSim.Scenarios.Tests;

namespace HccSim.Analysis.Tests.Uncertainty;

/// <summary>Probabilistic analysis end to end: value of information against a closed form, determinism, common random numbers.</summary>
public sealed class PsaTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    // Two identical pathways (the same chance node first, so they draw the same numbers); 'b' adds a one-off cost c ~ Normal(1000, 1000) at the start. On the same patients the
    // net benefit of b minus a is exactly −c, so EVPI = E[max(0, −c)] = σφ(μ/σ) − μΦ(−μ/σ) = 1000·(φ(1) − Φ(−1)).
    private const string TwoArms = """
        scenario: voi
        horizon: 60 months
        cohort: { patients: 100, seed: 3 }
        economics: { currency: USD, willingness_to_pay: 100000/QALY, discount: 3%/year }
        strategies:
          a:
            start: pay
            states: { alive: { utility: 0.8, cost: 100/month }, dead: { dead: true } }
            chance: { pay: { cost: 0, to: { alive: 1 } } }
            transitions: [ { from: alive, to: dead, median: 24 months } ]
          b:
            start: pay
            states: { alive: { utility: 0.8, cost: 100/month }, dead: { dead: true } }
            chance: { pay: { cost: 1000, to: { alive: 1 } } }
            transitions: [ { from: alive, to: dead, median: 24 months } ]
        uncertainty:
          parameters:
            - { path: "strategies.b.chance.pay.cost", normal: { mean: 1000, sd: 1000 } }
        """;

    [Fact]
    public void EvpiOfAnUncertainCostMatchesItsClosedForm()
    {
        string path = _temp.Write("voi.yaml", TwoArms);
        const int K = 4000;
        var psa = PsaRunner.Run(ScenarioLoader.Define(path), new PsaOptions(K, 100, 3, 2) { WillingnessToPay = 100_000 });
        double phi1 = Math.Exp(-0.5) / Math.Sqrt(2 * Math.PI), cdfMinus1 = 0.15865525393145707;
        double expected = 1000 * (phi1 - cdfMinus1);
        // The draws' max(0, −c) has standard deviation sd; EVPI's Monte Carlo error is sd/√K.
        var gains = Enumerable.Range(0, K).Select(k => Math.Max(0, -psa.Parameters[k, 0])).ToArray();
        double mean = gains.Average(), sd = Math.Sqrt(gains.Sum(g => (g - mean) * (g - mean)) / (K - 1));
        double evpi = psa.Analysis.Evpi(100_000);
        Assert.InRange(evpi, expected - 4 * sd / Math.Sqrt(K), expected + 4 * sd / Math.Sqrt(K));
        // Common random numbers: b minus a is the drawn cost in every draw, to the money tallies' 2⁻¹⁶ resolution.
        for (int k = 0; k < K; k += 97)
            Assert.True(Math.Abs(psa.Parameters[k, 0] - (psa.Analysis[k, 1].Cost - psa.Analysis[k, 0].Cost)) <= 2 * Math.Pow(2, -16), $"draw {k}");
        Assert.Equal(0, psa.Analysis.IncrementalNetBenefitError(0, 1, 100_000).Inner, 3);
        // All the uncertainty is in that cost: its EVPPI is the EVPI when every draw is its own cell.
        Assert.Equal(evpi, psa.Analysis.Evppi(psa.Parameters, new[] { 0 }, 100_000, bins: K), 6);
    }

    [Fact]
    public void ThePsaIsTheSameOnOneOrTwoThreads()
    {
        string path = _temp.Write("voi.yaml", TwoArms);
        var one = PsaRunner.Run(ScenarioLoader.Define(path), new PsaOptions(40, 300, 9, 1) { WillingnessToPay = 100_000 });
        var two = PsaRunner.Run(ScenarioLoader.Define(path), new PsaOptions(40, 300, 9, 2) { WillingnessToPay = 100_000 });
        for (int k = 0; k < 40; k++)
            for (int s = 0; s < 2; s++) Assert.Equal(one.Analysis[k, s], two.Analysis[k, s]);
        Assert.Equal(one.BaseCase, two.BaseCase);
    }

    [Fact]
    public void UntilSeStopsOnceTheStandardErrorIsReached()
    {
        string path = _temp.Write("voi.yaml", TwoArms);
        var psa = PsaRunner.Run(ScenarioLoader.Define(path), new PsaOptions(5000, 100, 3, 2) { WillingnessToPay = 100_000, UntilSe = 60, Batch = 50 });
        Assert.True(psa.StoppedBySe);
        Assert.True(psa.Analysis.Draws < 5000);
        // The error reached is the stopping rule's: sd(c)/√K ≤ 60 needs about (1000/60)² ≈ 278 draws.
        Assert.True(psa.Analysis.IncrementalNetBenefitError(0, 1, 100_000).Total <= 60);
        Assert.InRange(psa.Analysis.Draws, 250, 400);
    }

    [Fact]
    public void AScenarioWithoutUncertaintyIsRefusedWithItsReason()
    {
        string path = _temp.Write("none.yaml", TempScenario.Valid);
        var e = Assert.Throws<Scenarios.Diagnostics.ScenarioException>(() => PsaRunner.Run(ScenarioLoader.Define(path), new PsaOptions(10, 100, 1, 1)));
        Assert.Contains("has no 'uncertainty' section", e.Errors[0].Message);
    }

    [Fact]
    public void WhereUntilSeStopsDoesNotDependOnTheThreads()
    {
        string path = _temp.Write("voi.yaml", TwoArms);
        var one = PsaRunner.Run(ScenarioLoader.Define(path), new PsaOptions(2000, 100, 3, 1) { WillingnessToPay = 100_000, UntilSe = 80, Batch = 20 });
        var three = PsaRunner.Run(ScenarioLoader.Define(path), new PsaOptions(2000, 100, 3, 3) { WillingnessToPay = 100_000, UntilSe = 80, Batch = 20 });
        Assert.True(one.StoppedBySe);
        Assert.Equal(one.Analysis.Draws, three.Analysis.Draws);
        Assert.Equal(0, one.Analysis.Draws % 20);
    }

    [Fact]
    public void AnUncertainNumberTheScenarioOverridesIsFoundToHaveNoEffect()
    {
        _temp.Write("base.yaml", "scenario: base\nhorizon: 24\nstrategies:\n  a:\n    start: pf\n    states: { pf: { cost: 100/month, utility: 0.8 }, dead: { dead: true } }\n    transitions: [ { from: pf, to: dead, median: 12 } ]\n");
        string path = _temp.Write("child.yaml", "scenario: child\nhorizon: 24\ncohort: { patients: 200, seed: 2 }\nstrategies:\n  a:\n    extends: base.yaml#a\n    states: { pf: { cost: 300/month } }\n" +
            "uncertainty:\n  parameters:\n    - { path: \"base.yaml#strategies.a.states.pf.cost\", gamma: { mean: 100, se: 20 } }\n" +
            "    - { path: \"base.yaml#strategies.a.states.pf.utility\", beta: { mean: 0.8, se: 0.05 } }\n");
        Assert.Equal(new[] { "base.yaml#strategies.a.states.pf.cost" }, UncertaintyCheck.WithoutEffect(ScenarioLoader.Define(path), 200));
    }
}
