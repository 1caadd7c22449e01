using HccSim.Core.Analytic;
using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;
using HccSim.Core.Examples;
using HccSim.Core.Model;
using HccSim.Core.Tests.Oracles;

namespace HccSim.Core.Tests.Analytic;

public class MarkovSolutionTests
{
    [Fact]
    public void ThePadeExponentialMatchesUniformisation()
    {
        var oracle = new MarkovOracle(ReferenceChain.Rates);
        var q = new double[5, 5];
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
                if (i != j) { q[i, j] = ReferenceChain.Rates[i, j]; q[i, i] -= ReferenceChain.Rates[i, j]; }
        foreach (double t in new[] { 0.5, 6, 12, 24, 36, 60, 600 })
        {
            var scaled = new double[5, 5];
            for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) scaled[i, j] = q[i, j] * t;
            var e = MatrixExponential.Exp(scaled);
            var exact = oracle.Occupancy(0, t);
            for (int j = 0; j < 5; j++) Assert.Equal(exact[j], e[0, j], 12);
        }
    }

    [Fact]
    public void OccupancyAndDiscountedOutcomesMatchTheUniformisationOracle()
    {
        var discounting = new Discounting(0.03, 0.015);
        var result = MarkovSolution.Solve(ModelCompiler.Compile(ReferenceChain.Model(discounting: discounting)), 0.25)[0];
        var oracle = new MarkovOracle(ReferenceChain.Rates);
        foreach (double t in new[] { 6.0, 12, 24, 36, 60, 120 })
        {
            var exact = oracle.Occupancy(0, t);
            int g = (int)Math.Round(t / 0.25);
            for (int s = 0; s < 5; s++) Assert.Equal(exact[s], result.Occupancy[s, g], 12);
            Assert.Equal(exact[0] + exact[1] + exact[2], result.ProgressionFreeSurvival[g], 12);
        }
        var states = ReferenceChain.Pathway().States;
        var months = oracle.DiscountedTime(0, 120, 0);
        var costMonths = oracle.DiscountedTime(0, 120, Math.Log(1.03) / 12);
        var outcomeMonths = oracle.DiscountedTime(0, 120, Math.Log(1.015) / 12);
        Assert.Equal(months.Take(4).Sum() / 12, result.LifeYears.Mean, 10);
        Assert.Equal(Enumerable.Range(0, 4).Sum(s => states[s].Utility * outcomeMonths[s]) / 12, result.DiscountedQalys.Mean, 10);
        Assert.Equal(Enumerable.Range(0, 4).Sum(s => states[s].CostPerMonth * costMonths[s]), result.DiscountedCosts.Mean, 6);
    }

    [Fact]
    public void TheContinuousMicrosimulationAgreesWithTheExactSolutionWithinFourStandardErrors()
    {
        // Chance node with cost and toll, transition cost and toll, a categorical hazard ratio, discounting.
        var model = ModelCompiler.Compile(new CohortModel(60, new Strategy[]
        {
            new PathwayStrategy("s", "systemic",
                new[]
                {
                    new State("systemic", StateFlags.ProgressionFree, new[] { "drug" }, 3000, 0.75),
                    new State("cured", StateFlags.ProgressionFree | StateFlags.CancerFree, CostPerMonth: 200, Utility: 0.85),
                    new State("progressed", StateFlags.None, CostPerMonth: 800, Utility: 0.6),
                    TestModels.Dead(),
                },
                new[]
                {
                    new Transition("systemic", "surgery", new Exponential(0.05)) { HazardRatios = new HazardRatio[] { new CategoricalHazardRatio("burden", new Dictionary<string, double> { ["high"] = 0.5 }) } },
                    new Transition("systemic", "progressed", new Exponential(0.04)),
                    new Transition("cured", "progressed", new Exponential(0.01)) { Cost = 5000, UtilityToll = 0.02 },
                    new Transition("progressed", "dead", new Exponential(0.08)),
                })
            {
                ChanceNodes = new[] { new ChanceNode("surgery", new[] { new ChanceBranch("cured", 0.7), new ChanceBranch("progressed", 0.2), new ChanceBranch("dead", 0.1) }) { Cost = 25_000, UtilityToll = 0.05 } },
            },
        })
        {
            Attributes = new[] { new CategoricalAttribute("burden", new[] { new AttributeLevel("low", 0.4), new AttributeLevel("high", 0.6) }) },
            Discounting = new Discounting(0.03, 0.015),
        });
        var exact = MarkovSolution.Solve(model, 1)[0];
        var sim = Simulator.Run(model, new SimulationOptions { Patients = 200_000, Seed = 5 }).Strategies[0];
        foreach (double t in new[] { 12.0, 24, 48 })
        {
            int g = (int)t;
            int point = sim.Times.ToList().IndexOf(t);
            for (int s = 0; s < exact.States.Count; s++)
                Tolerance.ProportionMatches(exact.Occupancy[s, g], sim.Occupancy[s, point], sim.Patients, $"{exact.States[s]}({t})");
            Tolerance.ProportionMatches(exact.ProgressionFreeSurvival[g], sim.ProgressionFreeSurvival.At(t).Mean, sim.Patients, $"PFS({t})");
        }
        foreach (var (name, e, m) in new[]
                 {
                     ("life-years", exact.LifeYears, sim.LifeYears), ("QALYs", exact.Qalys, sim.Qalys), ("costs", exact.Costs, sim.Costs),
                     ("discounted QALYs", exact.DiscountedQalys, sim.DiscountedQalys), ("discounted costs", exact.DiscountedCosts, sim.DiscountedCosts),
                 })
            Tolerance.WithinStandardErrors(e.Mean, m.Mean, m.StandardError, name);
    }

    [Fact]
    public void AStatesConstantPerCycleProbabilitiesAreSolvedAsTheirJointConstantHazards()
    {
        // 0.3 and 0.3 a monthly cycle: leaving at −ln(0.4) a month, shared equally, so in 'a' at t: 0.4^t, in x: (1 − 0.4^t)/2,
        // between the boundaries too — the continuous-time chain the per-cycle probabilities define.
        var model = ModelCompiler.Compile(new CohortModel(6, new Strategy[]
        {
            new PathwayStrategy("s", "a", new[] { TestModels.Alive("a"), new State("x", StateFlags.None), new State("y", StateFlags.None) },
                new[] { new Transition("a", "x", PerCycle.Constant(1, 0.3)), new Transition("a", "y", PerCycle.Constant(1, 0.3)) }),
        }));
        var r = MarkovSolution.Solve(model, 0.5)[0];
        foreach (double t in new[] { 0.5, 1, 2.5, 6 })
        {
            int g = (int)Math.Round(t / 0.5);
            Assert.Equal(Math.Pow(0.4, t), r.OccupancyOf("a")[g], 12);
            Assert.Equal((1 - Math.Pow(0.4, t)) / 2, r.OccupancyOf("x")[g], 12);
        }
    }

    [Fact]
    public void AModelThatIsNotTimeHomogeneousIsRefusedWithItsReason()
    {
        var e = Assert.Throws<InvalidOperationException>(() => MarkovSolution.Solve(ModelCompiler.Compile(TestModels.OneExit(new Weibull(1.2, 10), 24)), 1));
        Assert.Contains("alive → dead in strategy 's' is a Weibull, whose hazard changes with time", e.Message);
    }
}

public class MethodComparisonTests
{
    [Fact]
    public void TheMicrosimulationSitsWithinFourStandardErrorsOfTheExactSolutionOnEveryOutcome()
    {
        var model = ModelCompiler.Compile(ReferenceChain.Model(discounting: Discounting.Both(0.03)));
        var rows = MethodComparison.Compare(model, new SimulationOptions { Patients = 100_000, Seed = 3 }, new HccSim.Core.Cycles.CycleSettings(0.25));
        Assert.Equal(4 * 6 + 6, rows.Count);                     // OS and 5 states at 4 landmarks, 6 economic outcomes
        Assert.All(rows, r => Assert.NotNull(r.Exact));
        Assert.All(rows.Where(r => r.ZScore is not null), r => Assert.True(Math.Abs(r.ZScore!.Value) <= 4, $"{r.Outcome}: z = {r.ZScore}"));
        Assert.All(rows.Where(r => r.CycleZScore is not null), r => Assert.True(Math.Abs(r.CycleZScore!.Value) <= 4, $"{r.Outcome}: cycle z = {r.CycleZScore}"));
        // (How fast the trace approaches the exact values as the cycle shrinks is tested in CohortTraceTests.)
    }

    [Fact]
    public void AModelWithoutAnExactSolutionIsComparedWithTheTrace()
    {
        var model = ModelCompiler.Compile(TestModels.OneExit(new Weibull(1.3, 20), 36));
        var rows = MethodComparison.Compare(model, new SimulationOptions { Patients = 50_000, Seed = 3 }, new HccSim.Core.Cycles.CycleSettings(0.25));
        Assert.All(rows, r => Assert.Null(r.Exact));
        Assert.All(rows, r => Assert.Null(r.ZScore));                // no exact solution: no z for the continuous engine
        var os = rows.Single(r => r.Outcome == "os_at(24)");
        Assert.Equal(Math.Exp(-Math.Pow(24 / 20.0, 1.3)), os.CohortTrace, 12); // one exit: the cycle conversion is exact
        Assert.True(Math.Abs(os.CycleZScore!.Value) <= 4);
        Assert.True(Math.Abs(os.Microsimulation - os.CohortTrace) <= 4 * os.StandardError);
    }
}
