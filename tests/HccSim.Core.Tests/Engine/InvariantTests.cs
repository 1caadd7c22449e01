using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;
using HccSim.Core.Model;

namespace HccSim.Core.Tests.Engine;

/// <summary>Properties every run must have, checked on the model that exercises every engine path.</summary>
public class InvariantTests
{
    private static readonly Core.Outcomes.SimulationResult Rich = TestModels.Run(RichModel.Build(), 20_000, trajectories: 2000);

    [Fact]
    public void TheExponentialLoopAndTheGeneralOneGiveTheSameTalliesToTheBit()
    {
        // The reference chain (every exit exponential, nothing else) takes the engine's exponential loop; following
        // trajectories or recording endpoints sends the same patients through the general loop instead. Discounted,
        // with a chance node and tags, both ways: every count and exact sum must agree.
        var chain = Examples.ReferenceChain.Model(discounting: Discounting.Both(0.035));
        var tagged = new ChanceAndOutcomeTests().ExponentialConversionForLoops();
        foreach (var model in new[] { chain, tagged })
        {
            var compiled = ModelCompiler.Compile(model);
            Assert.All(compiled.Strategies, st => Assert.True(st.ExponentialOnly && !compiled.HasBackground, $"{st.Name} takes the general loop: the test compares nothing"));
            var plain = Simulator.Run(compiled, new SimulationOptions { Patients = 30_000, Seed = 5, Threads = 2 });
            var traced = Simulator.Run(compiled, new SimulationOptions { Patients = 30_000, Seed = 5, Threads = 2, TrajectoryPatients = 100 });
            var recorded = Simulator.Run(compiled, new SimulationOptions { Patients = 30_000, Seed = 5, Threads = 1, RecordEndpoints = true });
            for (int s = 0; s < plain.Tallies.Count; s++)
            {
                Assert.True(plain.Tallies[s].ContentEquals(traced.Tallies[s]), $"{model.Strategies[s].Name}: trajectories changed the tally");
                Assert.True(plain.Tallies[s].ContentEquals(recorded.Tallies[s]), $"{model.Strategies[s].Name}: endpoints changed the tally");
            }
        }
    }

    [Fact]
    public void OccupancySumsToOneForEveryStrategyAtEveryPoint()
    {
        foreach (var r in Rich.Strategies)
            for (int g = 0; g < r.Times.Count; g++)
            {
                double sum = 0;
                for (int s = 0; s < r.States.Count; s++)
                {
                    Assert.InRange(r.Occupancy[s, g], 0, 1);
                    sum += r.Occupancy[s, g];
                }
                Assert.Equal(1.0, sum, 12);
            }
    }

    [Fact]
    public void SurvivalCurvesNeverRiseAndPfsNeverExceedsOs()
    {
        foreach (var r in Rich.Strategies)
        {
            var os = r.OverallSurvival.Survival;
            var pfs = r.ProgressionFreeSurvival.Survival;
            // S(0) = P(T > 0): only surgical deaths at the start (curative pathway, and tiered patients routed to it) lower it.
            double deathsAtZero = r.Tag("surgical_death").Ever.Mean;
            Assert.Equal(1.0 - deathsAtZero, os[0], 12);
            Assert.Equal(r.Strategy != "conversion", deathsAtZero > 0);
            for (int g = 1; g < os.Count; g++)
            {
                Assert.True(os[g] <= os[g - 1] && pfs[g] <= pfs[g - 1], $"{r.Strategy} rises at {r.Times[g]}");
                Assert.True(pfs[g] <= os[g], $"{r.Strategy}: PFS above OS at {r.Times[g]}");
            }
            Assert.True(r.OverallSurvival.Median.Lower <= r.OverallSurvival.Median.Value && r.OverallSurvival.Median.Value <= r.OverallSurvival.Median.Upper);
        }
    }

    [Fact]
    public void EachPatientsSojournsFollowOnWithoutGapsFromZeroToDeathOrTheHorizon()
    {
        var table = Rich.Trajectories!;
        Assert.Equal(2000, table.PatientCount);
        foreach (var lives in table.Sojourns.GroupBy(s => (s.Patient, s.Strategy)))
        {
            var stays = lives.ToArray();
            Assert.Equal(0.0, stays[0].Entry);
            for (int i = 1; i < stays.Length; i++) Assert.Equal(stays[i - 1].Exit, stays[i].Entry);
            Assert.All(stays[..^1], s => Assert.False(s.Censored));
            Assert.Equal(120.0, stays[^1].Exit);
            var names = Rich.Model.StateNames(lives.Key.Strategy);
            Assert.All(stays[..^1], s => Assert.False(names[s.State].EndsWith("dead"), "only the last stay can be death"));
            // Censored marks a patient alive at the horizon; a death is an event, never a censoring.
            Assert.Equal(!names[stays[^1].State].EndsWith("dead"), stays[^1].Censored);
        }
    }

    [Fact]
    public void DiscountedValuesNeverExceedUndiscountedOnes()
    {
        foreach (var r in Rich.Strategies)
        {
            Assert.True(r.DiscountedCosts.Mean <= r.Costs.Mean);
            Assert.True(r.DiscountedLifeYears.Mean <= r.LifeYears.Mean);
            Assert.Equal(r.OverallSurvival.RestrictedMean.Mean / 12, r.LifeYears.Mean, 10);
        }
    }

    [Fact]
    public void ALoopOfInstantTransitionsStopsWithAClearError()
    {
        // Validation refuses the loops it can see (NearInstantLoopRule); a continuous hazard ratio it does not count
        // (10^100 here) still makes one, and the engine's own limit stops it with a clear error rather than running on.
        var model = new CohortModel(120, new Strategy[]
        {
            new PathwayStrategy("loop", "a", new[] { TestModels.Alive("a"), TestModels.Alive("b") },
                new[]
                {
                    new Transition("a", "b", new Exponential(1)) { HazardRatios = new HazardRatio[] { new ContinuousHazardRatio("size", 10, 0) } },
                    new Transition("b", "a", new Exponential(1)) { HazardRatios = new HazardRatio[] { new ContinuousHazardRatio("size", 10, 0) } },
                }),
        })
        { Attributes = new PatientAttribute[] { new ContinuousAttribute("size", new ConstantAttribute(100), 0, 200) } };
        var e = Assert.Throws<InvalidOperationException>(() => TestModels.Run(model, 10, threads: 1));
        Assert.StartsWith("strategy 'loop': patient 0 made", e.Message);
    }

    [Fact]
    public void ImpossibleOptionsAreRefusedBeforeAnythingRuns()
    {
        var compiled = ModelCompiler.Compile(TestModels.OneExit(new Exponential(0.1), 12));
        var e = Assert.Throws<ArgumentException>(() => Simulator.Run(compiled, new SimulationOptions { Patients = 0, Threads = 0 }));
        Assert.Contains("patients must be at least 1 (got 0)", e.Message);
        Assert.Contains("threads must be between 1 and 1024 (got 0)", e.Message);
        Assert.Throws<ArgumentException>(() => Simulator.Run(compiled, new SimulationOptions { Grid = new Core.Outcomes.TimeGrid(100, 3) }));
    }
}
