using HccSim.Core.Analytic;
using HccSim.Core.Compilation;
using HccSim.Core.Cycles;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;
using HccSim.Core.Model;
using HccSim.Core.Tests.Oracles;

namespace HccSim.Core.Tests.Cycles;

/// <summary>The cohort trace and the cycle microsimulation with rewards by cycle in a state and with a carried clock, against hand calculations.</summary>
public class CarriedClockTraceTests
{
    private static readonly double[] Death = { 0.01, 0.02, 0.05, 0.1 };

    /// <summary>sick → sicker 0.3 a cycle; death from both by cycle since onset (a clock over both): 0.01, 0.02, 0.05, then 0.1.</summary>
    private static CompiledModel Onset() => ModelCompiler.Compile(new CohortModel(12, new Strategy[]
    {
        new PathwayStrategy("s", "sick", new[] { TestModels.Alive("sick"), TestModels.Alive("sicker"), TestModels.Dead() },
            new[]
            {
                new Transition("sick", "sicker", PerCycle.Constant(1, 0.3)),
                new Transition("sick", "dead", new PerCycle(1, Death)) { Clock = Clock.Named, ClockName = "onset" },
                new Transition("sicker", "dead", new PerCycle(1, Death)) { Clock = Clock.Named, ClockName = "onset" },
            })
        { Clocks = new[] { new NamedClock("onset", new[] { "sick", "sicker" }) } },
    }));

    private static double DeathIn(int cycle) => Death[Math.Min(cycle, Death.Length - 1)];

    [Fact]
    public void ATraceCarriesTheClockFromSickIntoSicker()
    {
        // Death depends on the cycle since onset only, in either state: alive at k = Π_{j<k} (1 − p_j). Still sick at k:
        // Π (1 − 0.3 − p_j) — the state's two per-cycle exits are read together, whatever clock the one that changes is on.
        var r = CohortTrace.Run(Onset(), new CycleSettings(1, WithinCycleCorrection.None))[0];
        double alive = 1, sick = 1;
        for (int k = 0; k <= 12; k++)
        {
            Assert.Equal(alive, r.OverallSurvival[k], 12);
            Assert.Equal(sick, r.OccupancyOf("sick")[k], 12);
            alive *= 1 - DeathIn(k);
            sick *= 1 - 0.3 - DeathIn(k);
        }
    }

    [Fact]
    public void TheCycleMicrosimulationCarriesTheClockAsTheTraceDoes()
    {
        var model = Onset();
        const int patients = 100_000;
        var r = CycleSimulator.Run(model, new CycleSettings(1, WithinCycleCorrection.None), new SimulationOptions { Patients = patients, Seed = 11 })[0];
        double alive = 1;
        for (int k = 0; k <= 12; k++)
        {
            Tolerance.ProportionMatches(alive, r.OverallSurvival[k], patients, $"alive at {k}");
            alive *= 1 - DeathIn(k);
        }
    }

    /// <summary>a → dead 0.5 a yearly cycle; utility by cycle in a: 1, 0.5, then 0.25; cost 100, then 300 a month from 1 year.</summary>
    private static CompiledModel Declining(double discount = 0) => ModelCompiler.Compile(new CohortModel(48, new Strategy[]
    {
        new PathwayStrategy("s", "a",
            new[]
            {
                new State("a", StateFlags.ProgressionFree)
                {
                    UtilityByTime = TimeProfile.ByCycle(12, new[] { 1, 0.5, 0.25 }),
                    CostByTime = new TimeProfile(new[] { 0.0, 12 }, new[] { 100.0, 300 }),
                },
                TestModels.Dead(),
            },
            new[] { new Transition("a", "dead", PerCycle.Constant(12, 0.5)) }),
    }) { Discounting = Discounting.Both(discount) });

    [Fact]
    public void ATraceCountsARewardByCycleInTheStateAtEachBoundary()
    {
        // In a at the boundaries 0 … 3: 1, .5, .25, .125, at cycle-in-state 0 … 3; correction none counts 0 … 3.
        var r = CohortTrace.Run(Declining(0.03), new CycleSettings(12, WithinCycleCorrection.None))[0];
        double[] mass = { 1, 0.5, 0.25, 0.125 }, utility = { 1, 0.5, 0.25, 0.25 }, cost = { 1200, 3600, 3600, 3600 };
        double qalys = 0, dQalys = 0, costs = 0, dCosts = 0;
        for (int c = 0; c < 4; c++)
        {
            qalys += mass[c] * utility[c]; dQalys += mass[c] * utility[c] / Math.Pow(1.03, c);
            costs += mass[c] * cost[c]; dCosts += mass[c] * cost[c] / Math.Pow(1.03, c);
        }
        Assert.Equal(qalys, r.Qalys.Mean, 12);
        Assert.Equal(dQalys, r.DiscountedQalys.Mean, 12);
        Assert.Equal(costs, r.Costs.Mean, 9);
        Assert.Equal(dCosts, r.DiscountedCosts.Mean, 9);
    }

    [Fact]
    public void AChangePointInsideACycleSharesThatCycleBetweenTheValuesEitherSide()
    {
        // 5000 a month for the first 3 months in the state, then 1000; yearly cycles, nobody leaves, 2 cycles counted at
        // their start: the first year costs 3·5000 + 9·1000, the second 12·1000 — as in continuous time.
        var model = ModelCompiler.Compile(new CohortModel(24, new Strategy[]
        {
            new PathwayStrategy("s", "a",
                new[] { new State("a") { CostByTime = new TimeProfile(new[] { 0.0, 3 }, new[] { 5000.0, 1000 }) }, TestModels.Dead() },
                new[] { new Transition("a", "dead", PerCycle.Constant(12, 0.0)) }),
        }));
        Assert.Equal(3 * 5000 + 9 * 1000 + 12 * 1000, CohortTrace.Run(model, new CycleSettings(12, WithinCycleCorrection.None))[0].Costs.Mean, 9);
    }

    [Theory]
    [InlineData(WithinCycleCorrection.None)]
    [InlineData(WithinCycleCorrection.LifeTable)]
    public void TheCycleMicrosimulationBooksRewardsByCycleAsTheTraceCountsThem(WithinCycleCorrection correction)
    {
        var model = Declining(0.03);
        var settings = new CycleSettings(12, correction);
        var exact = CohortTrace.Run(model, settings)[0];
        var r = CycleSimulator.Run(model, settings, new SimulationOptions { Patients = 100_000, Seed = 5 })[0];
        Tolerance.WithinStandardErrors(exact.Qalys.Mean, r.Qalys.Mean, r.Qalys.StandardError, "QALYs");
        Tolerance.WithinStandardErrors(exact.DiscountedQalys.Mean, r.DiscountedQalys.Mean, r.DiscountedQalys.StandardError, "discounted QALYs");
        Tolerance.WithinStandardErrors(exact.Costs.Mean, r.Costs.Mean, r.Costs.StandardError, "costs");
        Tolerance.WithinStandardErrors(exact.DiscountedCosts.Mean, r.DiscountedCosts.Mean, r.DiscountedCosts.StandardError, "discounted costs");
    }

    [Fact]
    public void TheMatrixExponentialRefusesARewardThatChangesWithTime()
    {
        var model = ModelCompiler.Compile(new CohortModel(24, new Strategy[]
        {
            new PathwayStrategy("s", "a",
                new[] { new State("a") { UtilityByTime = new TimeProfile(new[] { 0.0, 6 }, new[] { 0.8, 0.6 }) }, TestModels.Dead() },
                new[] { new Transition("a", "dead", new Exponential(0.1)) }),
        }));
        var e = Assert.Throws<InvalidOperationException>(() => MarkovSolution.Solve(model, 1));
        Assert.Equal("the matrix exponential needs a time-homogeneous model, but state a in strategy 's' has a utility that changes with time (use the cohort trace or a microsimulation)", e.Message);
    }
}
