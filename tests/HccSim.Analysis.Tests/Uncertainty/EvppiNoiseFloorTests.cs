using HccSim.Analysis.Summaries;
using HccSim.Analysis.Uncertainty;
using HccSim.Scenarios;
using HccSim.Scenarios.Tests;

namespace HccSim.Analysis.Tests.Uncertainty;

/// <summary>
/// EVPPI and its noise floor against a model whose answers are known in closed form. Two strategies keep every patient
/// in one state for the whole 120-month horizon (no discounting, no death): a costs 1 a month, b costs c a month with
/// c ~ Normal(1.1, 0.2); their QALYs are equal. So b's net benefit over a is D = 120·(1 − c) in every draw, exactly, and a
/// is optimal. All the decision uncertainty is in c: EVPPI(c) = EVPI = E[max(0, D)]. The second uncertain number is the
/// cost of a state nobody reaches within the horizon: it has no effect, and its EVPPI must sit at the noise floor.
/// The floor is what the estimator gives a group shuffled across draws: with cells of m draws taken at random, a cell's
/// mean of D is (nearly) Normal(mean D, sd²(D)/m · (K − m)/(K − 1)) and the floor's mean is E[max(0, that mean)].
/// </summary>
public sealed class EvppiNoiseFloorTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    private const double Horizon = 120, CostA = 1, MeanB = 1.1, SdB = 0.2, Wtp = 1000;

    private const string Text = """
        scenario: evppi-floor
        horizon: 120 months
        cohort: { patients: 20, seed: 5 }
        economics: { currency: USD, willingness_to_pay: 1000/QALY, discount: 0%/year }
        strategies:
          a:
            start: on
            states:
              on: { cost: 1/month, utility: 0.5 }
              later: { cost: 5/month, utility: 0.5, absorbing: true }
            transitions:
              - { from: on, to: later, delay: 1000 months }
          b:
            start: on
            states:
              on: { cost: 1.1/month, utility: 0.5 }
              later: { cost: 5/month, utility: 0.5, absorbing: true }
            transitions:
              - { from: on, to: later, delay: 1000 months }
        uncertainty:
          parameters:
            - { path: "strategies.b.states.on.cost", normal: { mean: 1.1, sd: 0.2 } }
            - { path: "strategies.a.states.later.cost", gamma: { mean: 5, se: 1 } }
        """;

    private const int K = 2000;

    private static double Phi(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);

    /// <summary>The standard normal CDF by its Taylor series Φ(z) = ½ + φ(z)·Σ z^(2n+1)/(1·3·…·(2n+1)): to double precision for |z| ≤ 8.</summary>
    private static double Cdf(double z)
    {
        double term = z, sum = z;
        for (int n = 1; n < 200; n++) { term *= z * z / (2 * n + 1); sum += term; }
        return 0.5 + Phi(z) * sum;
    }

    /// <summary>E[max(0, Y)] for Y ~ Normal(m, s²): s·φ(m/s) + m·Φ(m/s).</summary>
    private static double PositivePart(double m, double s) => s * Phi(m / s) + m * Cdf(m / s);

    private PsaResult Run()
    {
        var definition = ScenarioLoader.Define(_temp.Write("floor.yaml", Text));
        return PsaRunner.Run(definition, new PsaOptions(K, 20, 17, 2) { WillingnessToPay = Wtp });
    }

    [Fact]
    public void TheEvppiOfTheDecidingCostIsItsClosedFormAndANumberWithoutEffectSitsAtTheFloor()
    {
        var psa = Run();
        // The model is what the closed form assumes: b's net benefit over a is 120·(1 − c) in every draw.
        for (int k = 0; k < K; k += 101)
            Assert.Equal(Horizon * (CostA - psa.Parameters[k, 0]), psa.Analysis[k, 0].Cost - psa.Analysis[k, 1].Cost, 3);
        double truth = Horizon * PositivePart(CostA - MeanB, SdB);
        // Its Monte Carlo error over K draws: sd of 120·max(0, 1 − c) over √K, with E[max(0, Y)²] = (m² + s²)Φ(m/s) + m·s·φ(m/s).
        double m = CostA - MeanB, second = (m * m + SdB * SdB) * Cdf(m / SdB) + m * SdB * Phi(m / SdB);
        double se = Horizon * Math.Sqrt(second - PositivePart(m, SdB) * PositivePart(m, SdB)) / Math.Sqrt(K);

        int bins = ProbabilisticAnalysis.DefaultBins(K, 1);
        var tables = new PsaTables(psa, Wtp, new[] { Wtp }, new[] { ("c", new[] { 0 }), ("idle", new[] { 1 }) }, bins, null);
        var (cost, idle) = (tables.Evppi[0], tables.Evppi[1]);
        Assert.InRange(tables.Evpi, truth - 4 * se, truth + 4 * se);
        // The partition can only lose to coarse cells, never gain on the EVPI; at 50 draws a cell it loses little.
        Assert.InRange(cost.Evppi, truth - 4 * se, tables.Evpi);
        Assert.False(cost.AtFloor);
        Assert.True(cost.Evppi > cost.NoiseFloor + 4 * cost.NoiseFloorSd, $"EVPPI {cost.Evppi} vs floor {cost.NoiseFloor} ± {cost.NoiseFloorSd}");
        // The number without effect: at or below its floor.
        Assert.True(idle.Evppi <= idle.NoiseFloor + 4 * idle.NoiseFloorSd, $"EVPPI {idle.Evppi} vs floor {idle.NoiseFloor} ± {idle.NoiseFloorSd}");
        Assert.True(idle.AtFloor);
    }

    [Theory]
    [InlineData(400)] // 5 draws a cell: the floor is well above 0
    [InlineData(100)] // 20 draws a cell
    public void TheNoiseFloorIsWhatCellsOfRandomDrawsGiveInClosedForm(int bins)
    {
        var psa = Run();
        // The draws' own gains of b over a, D_k, and a random cell's mean of them (sampling without replacement).
        var d = Enumerable.Range(0, K).Select(k => Wtp * (psa.Analysis[k, 1].Qalys - psa.Analysis[k, 0].Qalys) - (psa.Analysis[k, 1].Cost - psa.Analysis[k, 0].Cost)).ToArray();
        double mean = d.Average(), sd = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (K - 1));
        int cell = K / bins;
        double expected = PositivePart(mean, sd * Math.Sqrt((double)(K - cell) / (cell * (K - 1))));
        foreach (int group in new[] { 0, 1 })
        {
            var (floor, floorSd) = psa.Analysis.EvppiNoiseFloor(psa.Parameters, new[] { group }, Wtp, bins);
            Assert.True(floor > 0 && floorSd > 0, $"{bins} bins: floor {floor} ± {floorSd}");
            // The mean of 20 shuffles has standard error sd/√20; four of those either way.
            Assert.InRange(expected, floor - 4 * floorSd / Math.Sqrt(20), floor + 4 * floorSd / Math.Sqrt(20));
        }
        // The number without effect is one such shuffle, in effect: at or below its floor.
        var idle = new PsaTables(psa, Wtp, new[] { Wtp }, new[] { ("idle", new[] { 1 }) }, bins, null).Evppi[0];
        Assert.True(idle.Evppi <= idle.NoiseFloor + 4 * idle.NoiseFloorSd, $"{bins} bins: EVPPI {idle.Evppi} vs floor {idle.NoiseFloor} ± {idle.NoiseFloorSd}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void AClearDecisionGivesAnEvppiEvpiAndFloorOfExactlyZeroNotARoundingResidue(int seed)
    {
        // Strategy A beats B by 30,000 or more in every draw; net benefits of about a million with all their digits, so
        // E[max] − max E taken as a difference of two large means leaves residues of 1e-10 as often as not, not 0.
        var rng = new System.Random(seed);
        const int draws = 300;
        var theta = new double[draws, 1];
        var o = new DrawOutcome[draws, 2];
        for (int k = 0; k < draws; k++)
        {
            theta[k, 0] = rng.NextDouble();
            double cost = 600_000 + 200_000 * rng.NextDouble(), qalys = 3 + rng.NextDouble();
            o[k, 0] = new DrawOutcome(cost, qalys, qalys);
            o[k, 1] = new DrawOutcome(cost + 40_000 + 20_000 * theta[k, 0], qalys - 0.01 * rng.NextDouble(), qalys);
        }
        var psa = new ProbabilisticAnalysis(new[] { "A", "B" }, o);
        Assert.Equal(0.0, psa.Evpi(100_000));
        foreach (int bins in new[] { 2, 6, 30 })
        {
            Assert.Equal(0.0, psa.Evppi(theta, new[] { 0 }, 100_000, bins));
            Assert.Equal((0.0, 0.0), psa.EvppiNoiseFloor(theta, new[] { 0 }, 100_000, bins));
        }
    }
}
