using HccSim.Core.Cycles;
using HccSim.Core.Engine;

namespace HccSim.Scenarios.Tests;

/// <summary>
/// The DARTH extended Sick-Sicker model (Krijkamp et al. 2018, Appendix B) as shipped in
/// scenarios/examples/sick-sicker-extended.yaml — a carried clock and a utility by time, no tunnel states — against its
/// exact expected values, computed here independently with the tunnel states written out, and against the appendix's
/// printed microsimulation.
/// </summary>
public class SickSickerExtendedTests
{
    private static readonly Scenario Scenario = ScenarioLoader.Load(TempScenario.Repository("scenarios/examples/sick-sicker-extended.yaml"));

    /// <summary>The expected values of Appendix B's MicroSim, by a cohort over explicit tunnel states (H, S1 by dur, S2 by dur, D).</summary>
    private sealed record Exact(double Costs, double Qalys, double LifeYears, double[] Healthy, double[] Sick, double[] Sicker, double[] Dead);

    /// <summary>
    /// Appendix B's model as its R code computes it, per individual, here in expectation: 30 yearly cycles from healthy;
    /// p(H→S1) .15, p(H→D) .005; from S1: .5 to H, .105 to S2, death 1 − exp(−3r(1 + .2·dur)), the rest stay; from S2:
    /// death 1 − exp(−10r(1 + .2·dur)), r = −ln(.995); dur counts the cycles sick or sicker since falling sick, and the
    /// probabilities of a cycle read dur after it is counted (dur = j + 1 in the j-th cycle of the spell, from 0); costs
    /// 2000/4000/15000 (+12000 treated, sick or sicker); utility 1/.75/.5, treated sick .95 − .03·dur at the boundary's
    /// dur (= j). Rewards at boundaries 0 … 30, discounted 1.03^−t, summed at full weight.
    /// </summary>
    private static Exact Compute(bool treated)
    {
        const int cycles = 30;
        double r = -Math.Log(1 - 0.005);
        double healthy = 1, dead = 0;
        var sick = new double[cycles + 2];   // by j, the cycles since falling sick
        var sicker = new double[cycles + 2];
        double costs = 0, qalys = 0, lifeYears = 0;
        var trace = (H: new double[cycles + 1], S1: new double[cycles + 1], S2: new double[cycles + 1], D: new double[cycles + 1]);
        for (int t = 0; t <= cycles; t++)
        {
            double s1 = sick.Sum(), s2 = sicker.Sum();
            trace.H[t] = healthy; trace.S1[t] = s1; trace.S2[t] = s2; trace.D[t] = dead;
            double cost = 2000 * healthy + (4000 + (treated ? 12000 : 0)) * s1 + (15000 + (treated ? 12000 : 0)) * s2;
            double utility = healthy + 0.5 * s2;
            for (int j = 0; j < sick.Length; j++) utility += sick[j] * (treated ? 0.95 - 0.03 * j : 0.75);
            double discount = 1 / Math.Pow(1.03, t);
            costs += cost * discount;
            qalys += utility * discount;
            lifeYears += (healthy + s1 + s2) * discount;
            if (t == cycles) break;

            var nextSick = new double[sick.Length];
            var nextSicker = new double[sicker.Length];
            double nextHealthy = healthy * (1 - 0.15 - 0.005), nextDead = dead + healthy * 0.005;
            nextSick[0] += healthy * 0.15;
            for (int j = 0; j + 1 < sick.Length; j++)
            {
                double dur = j + 1;
                double dieSick = 1 - Math.Exp(-3 * r * (1 + 0.2 * dur)), dieSicker = 1 - Math.Exp(-10 * r * (1 + 0.2 * dur));
                nextHealthy += sick[j] * 0.5;
                nextSicker[j + 1] += sick[j] * 0.105 + sicker[j] * (1 - dieSicker);
                nextDead += sick[j] * dieSick + sicker[j] * dieSicker;
                nextSick[j + 1] += sick[j] * (1 - 0.5 - 0.105 - dieSick);
            }
            healthy = nextHealthy; dead = nextDead; sick = nextSick; sicker = nextSicker;
        }
        return new Exact(costs, qalys, lifeYears, trace.H, trace.S1, trace.S2, trace.D);
    }

    private static readonly Exact NoTreatment = Compute(treated: false), Treatment = Compute(treated: true);

    [Fact]
    public void ACohortTraceOfTheExtendedSickSickerMatchesTheIndependentTunnelCalculation()
    {
        var traces = CohortTrace.Run(Scenario.RequireSimulated(), Scenario.Cycle!);
        foreach (var (result, exact) in new[] { (traces[0], NoTreatment), (traces[1], Treatment) })
        {
            // The file writes each probability to 12 decimals: the values agree to far better than the 1e-6 asked, in absolute terms.
            Assert.True(Math.Abs(result.DiscountedCosts.Mean - exact.Costs) < 1e-6, $"{result.Strategy} costs {result.DiscountedCosts.Mean:R} vs {exact.Costs:R}");
            Assert.True(Math.Abs(result.DiscountedQalys.Mean - exact.Qalys) < 1e-9, $"{result.Strategy} QALYs {result.DiscountedQalys.Mean:R} vs {exact.Qalys:R}");
            Assert.True(Math.Abs(result.DiscountedLifeYears.Mean - exact.LifeYears) < 1e-9, $"{result.Strategy} life-years {result.DiscountedLifeYears.Mean:R} vs {exact.LifeYears:R}");
            for (int t = 0; t <= 30; t++)
            {
                Assert.Equal(exact.Healthy[t], result.OccupancyOf("healthy")[t], 1e-10);
                Assert.Equal(exact.Sick[t], result.OccupancyOf("sick")[t], 1e-10);
                Assert.Equal(exact.Sicker[t], result.OccupancyOf("sicker")[t], 1e-10);
                Assert.Equal(exact.Dead[t], result.OccupancyOf("dead")[t], 1e-10);
            }
        }
        // Treatment buys the treated sick their utility, declining with the years sick: it is not the untreated model's.
        Assert.True(Treatment.Qalys - NoTreatment.Qalys > 0.5);
    }

    [Fact]
    public void TheCycleMicrosimulationOfTheExtendedSickSickerIsWithinFourMonteCarloErrorsOfTheExactValues()
    {
        var results = CycleSimulator.Run(Scenario.RequireSimulated(), Scenario.Cycle!, new SimulationOptions { Patients = Scenario.Patients, Seed = 2018 });
        foreach (var (result, exact) in new[] { (results[0], NoTreatment), (results[1], Treatment) })
        {
            Assert.True(Math.Abs(result.DiscountedCosts.Mean - exact.Costs) <= 4 * result.DiscountedCosts.StandardError,
                $"{result.Strategy}: costs {result.DiscountedCosts.Mean} ± {result.DiscountedCosts.StandardError} vs {exact.Costs}");
            Assert.True(Math.Abs(result.DiscountedQalys.Mean - exact.Qalys) <= 4 * result.DiscountedQalys.StandardError,
                $"{result.Strategy}: QALYs {result.DiscountedQalys.Mean} ± {result.DiscountedQalys.StandardError} vs {exact.Qalys}");
        }
    }

    [Theory]
    // Appendix B's printed table (100,000 individuals): costs, QALYs and the increments, each with its MCSE, rounded
    // to whole currency units and to 3 decimals. A microsimulation's estimate lies within a few MCSEs of the expectation.
    [InlineData("costs of no treatment", 62667, 120, 0.5)]
    [InlineData("costs of treatment", 117455, 231, 0.5)]
    [InlineData("QALYs of no treatment", 15.279, 0.017, 0.0005)]
    [InlineData("QALYs of treatment", 15.786, 0.017, 0.0005)]
    [InlineData("incremental costs", 54787, 117, 0.5)]
    [InlineData("incremental QALYs", 0.508, 0.001, 0.0005)]
    public void TheAppendixPrintedMicrosimulationLiesWithinItsMonteCarloErrorOfTheExactValue(string what, double printed, double mcse, double rounding)
    {
        double exact = what switch
        {
            "costs of no treatment" => NoTreatment.Costs,
            "costs of treatment" => Treatment.Costs,
            "QALYs of no treatment" => NoTreatment.Qalys,
            "QALYs of treatment" => Treatment.Qalys,
            "incremental costs" => Treatment.Costs - NoTreatment.Costs,
            _ => Treatment.Qalys - NoTreatment.Qalys,
        };
        Assert.True(Math.Abs(printed - exact) <= 3 * mcse + rounding, $"{what}: printed {printed} (MCSE {mcse}), exact {exact}");
    }
}
