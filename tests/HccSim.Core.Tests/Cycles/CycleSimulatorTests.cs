using HccSim.Core.Compilation;
using HccSim.Core.Cycles;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;
using HccSim.Core.Model;
using HccSim.Core.Outcomes;
using HccSim.Core.Tests.Oracles;

namespace HccSim.Core.Tests.Cycles;

public class CycleSimulatorTests
{
    /// <summary>Tunnels (Weibull in state), a direct per-cycle probability, a delay, a chance node with cost and toll,
    /// a categorical hazard ratio and background mortality at a constant age: everything the trace handles.</summary>
    private static CompiledModel Model() => ModelCompiler.Compile(new CohortModel(60, new Strategy[]
    {
        new PathwayStrategy("s", "treated",
            new[]
            {
                new State("treated", StateFlags.ProgressionFree, new[] { "drug" }, 2000, 0.8),
                new State("responding", StateFlags.ProgressionFree | StateFlags.Response, new[] { "drug" }, 2000, 0.85),
                new State("cured", StateFlags.ProgressionFree | StateFlags.CancerFree, CostPerMonth: 100, Utility: 0.9),
                new State("progressed", StateFlags.None, CostPerMonth: 500, Utility: 0.6),
                TestModels.Dead(),
            },
            new[]
            {
                new Transition("treated", "responding", new Weibull(1.4, 10)) { HazardRatios = new HazardRatio[] { new CategoricalHazardRatio("burden", new Dictionary<string, double> { ["high"] = 0.6 }) } },
                new Transition("treated", "progressed", PerCycle.Constant(1, 0.04)),
                new Transition("responding", "surgery", new FixedDelay(3)),
                new Transition("cured", "progressed", new Exponential(0.01)),
                new Transition("progressed", "dead", new Exponential(0.07)) { Cost = 3000 },
            })
        {
            ChanceNodes = new[] { new ChanceNode("surgery", new[] { new ChanceBranch("cured", 0.8), new ChanceBranch("progressed", 0.2) }) { Cost = 20_000, UtilityToll = 0.05 } },
        },
    })
    {
        Attributes = new PatientAttribute[]
        {
            new CategoricalAttribute("burden", new[] { new AttributeLevel("low", 0.5), new AttributeLevel("high", 0.5) }),
            new ContinuousAttribute("age", new ConstantAttribute(70), 40, 90),
        },
        AgeAttribute = "age",
        BackgroundMortality = new LifeTable(new[] { 40.0, 72 }, new[] { 0.03, 0.08 }),
        Discounting = new Discounting(0.03, 0.015),
    });

    private static CycleResult Simulate(int patients, int threads = 2, int block = 4096)
        => CycleSimulator.Run(Model(), new CycleSettings(1, WithinCycleCorrection.LifeTable),
            new SimulationOptions { Patients = patients, Seed = 11, Threads = threads, BlockSize = block })[0];

    [Fact]
    public void MicrosimulationMeansAgreeWithTheCohortTraceWithinFourStandardErrors()
    {
        var trace = CohortTrace.Run(Model(), new CycleSettings(1, WithinCycleCorrection.LifeTable))[0];
        var sim = Simulate(100_000);
        foreach (int c in new[] { 3, 6, 12, 24, 36, 60 })
            for (int s = 0; s < trace.States.Count; s++)
                Tolerance.ProportionMatches(trace.Occupancy[s, c], sim.Occupancy[s, c], sim.Patients, $"{trace.States[s]} at cycle {c}");
        foreach (int c in new[] { 12, 36 })
        {
            Tolerance.ProportionMatches(trace.OverallSurvival[c], sim.OverallSurvival[c], sim.Patients, $"OS({c})");
            Tolerance.ProportionMatches(trace.ProgressionFreeSurvival[c], sim.ProgressionFreeSurvival[c], sim.Patients, $"PFS({c})");
        }
        foreach (var (name, t, m) in new[]
                 {
                     ("life-years", trace.LifeYears, sim.LifeYears), ("QALYs", trace.Qalys, sim.Qalys), ("costs", trace.Costs, sim.Costs),
                     ("discounted life-years", trace.DiscountedLifeYears, sim.DiscountedLifeYears),
                     ("discounted QALYs", trace.DiscountedQalys, sim.DiscountedQalys), ("discounted costs", trace.DiscountedCosts, sim.DiscountedCosts),
                 })
            Tolerance.WithinStandardErrors(t.Mean, m.Mean, m.StandardError, name);
    }

    [Fact]
    public void TheErrorAgainstTheTraceShrinksAsOneOverRootN()
    {
        // Root-mean-square error of mean costs over 16 seeds, at N and 16 N: expected ratio 1/4. Each mean square is
        // σ²/N·χ²₁₆/16, so the ratio of the two RMS errors is ¼·√F(16, 16); F's 0.01% and 99.99% points (≈ 0.19 and
        // 5.2) bound it to [0.11, 0.57], which excludes an error that does not shrink (ratio 1).
        double exact = CohortTrace.Run(Model(), new CycleSettings(1, WithinCycleCorrection.LifeTable))[0].Costs.Mean;
        double Rms(int patients)
        {
            double sum = 0;
            for (ulong seed = 1; seed <= 16; seed++)
            {
                double mean = CycleSimulator.Run(Model(), new CycleSettings(1, WithinCycleCorrection.LifeTable),
                    new SimulationOptions { Patients = patients, Seed = seed, Threads = 2 })[0].Costs.Mean;
                sum += (mean - exact) * (mean - exact);
            }
            return Math.Sqrt(sum / 16);
        }
        double ratio = Rms(64_000) / Rms(4_000);
        Assert.InRange(ratio, 0.11, 0.57);
    }

    [Fact]
    public void ResultsAreIdenticalOnAnyThreadCountAndBlockSize()
    {
        var a = Simulate(20_000, threads: 1);
        var b = Simulate(20_000, threads: 2, block: 333);
        Assert.Equal(a.Costs, b.Costs);
        Assert.Equal(a.DiscountedQalys, b.DiscountedQalys);
        Assert.Equal(a.OverallSurvival, b.OverallSurvival);
        Assert.Equal(a.Occupancy.Cast<double>(), b.Occupancy.Cast<double>());
    }

    [Fact]
    public void OccupancySumsToOneAndSurvivalNeverRises()
    {
        var r = Simulate(20_000);
        for (int c = 0; c < r.Times.Count; c++)
        {
            double sum = 0;
            for (int s = 0; s < r.States.Count; s++) sum += r.Occupancy[s, c];
            Assert.Equal(1.0, sum, 12);
            if (c > 0) Assert.True(r.OverallSurvival[c] <= r.OverallSurvival[c - 1]);
            Assert.True(r.ProgressionFreeSurvival[c] <= r.OverallSurvival[c] + 1e-12);
        }
    }
}
