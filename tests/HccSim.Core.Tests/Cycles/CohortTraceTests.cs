using HccSim.Core.Compilation;
using HccSim.Core.Cycles;
using HccSim.Core.Distributions;
using HccSim.Core.Examples;
using HccSim.Core.Model;
using HccSim.Core.Tests.Oracles;

namespace HccSim.Core.Tests.Cycles;

public class CohortTraceTests
{
    /// <summary>
    /// Healthy → sick 0.10, healthy → dead 0.05, sick → dead 0.20 per yearly cycle, 3 cycles. By hand:
    /// H: 1, .85, .7225, .614125; S: 0, .1, .165, .20425; D: 0, .05, .1125, .181625.
    /// </summary>
    private static CompiledModel ThreeStates(WithinCycleCorrection _ = default, double discount = 0) => ModelCompiler.Compile(new CohortModel(36, new Strategy[]
    {
        new PathwayStrategy("s", "healthy",
            new[]
            {
                new State("healthy", StateFlags.ProgressionFree, CostPerMonth: 100, Utility: 1.0),
                new State("sick", StateFlags.None, CostPerMonth: 500, Utility: 0.5),
                new State("dead", StateFlags.Dead),
            },
            new[]
            {
                new Transition("healthy", "sick", PerCycle.Constant(12, 0.10)),
                new Transition("healthy", "dead", PerCycle.Constant(12, 0.05)),
                new Transition("sick", "dead", PerCycle.Constant(12, 0.20)),
            }),
    }) { Discounting = Discounting.Both(discount) });

    private static CycleResult Trace(WithinCycleCorrection correction, double discount = 0)
        => CohortTrace.Run(ThreeStates(correction, discount), new CycleSettings(12, correction))[0];

    [Fact]
    public void AThreeStateTraceMatchesTheHandComputedOccupancy()
    {
        var r = Trace(WithinCycleCorrection.None);
        double[][] expected =
        {
            new[] { 1, 0.85, 0.7225, 0.614125 },
            new[] { 0, 0.10, 0.165, 0.20425 },
            new[] { 0, 0.05, 0.1125, 0.181625 },
        };
        for (int s = 0; s < 3; s++)
            for (int c = 0; c < 4; c++) Assert.Equal(expected[s][c], r.Occupancy[s, c], 14);
        Assert.Equal(new[] { 1, 0.95, 0.8875, 0.818375 }, r.OverallSurvival.Select(x => Math.Round(x, 12)));
        Assert.Equal(new[] { 1, 0.85, 0.7225, 0.614125 }, r.ProgressionFreeSurvival.Select(x => Math.Round(x, 12)));
    }

    [Theory]
    // Alive at the boundaries: 1, .95, .8875, .818375 (one life-year per cycle).
    [InlineData(WithinCycleCorrection.None, 2.8375)]                  // 1 + .95 + .8875
    [InlineData(WithinCycleCorrection.HalfCycle, 2.7466875)]          // the first and last count half: .5 + .95 + .8875 + .4091875
    [InlineData(WithinCycleCorrection.LifeTable, 2.7466875)]          // .5 + .95 + .8875 + .4091875
    [InlineData(WithinCycleCorrection.Simpson, 2.749078125)]          // 3 cycles: 3/8·(1 + 3·.95 + 3·.8875 + .818375)
    public void EachWithinCycleCorrectionMatchesItsWorkedExample(WithinCycleCorrection correction, double lifeYears)
        => Assert.Equal(lifeYears, Trace(correction).LifeYears.Mean, 12);

    [Fact]
    public void QalysCostsAndDiscountingFollowTheWorkedExample()
    {
        var r = Trace(WithinCycleCorrection.None, discount: 0.03);
        // QALYs: (H + .5·S) at 0, 1, 2: 1 + .9 + .805; costs per cycle 1200·H + 6000·S: 1200 + 1620 + 1857.
        Assert.Equal(2.705, r.Qalys.Mean, 12);
        Assert.Equal(4677, r.Costs.Mean, 9);
        // Discounted per cycle at 1.03^−c.
        Assert.Equal(1 + 0.95 / 1.03 + 0.8875 / (1.03 * 1.03), r.DiscountedLifeYears.Mean, 12);
        Assert.Equal(1200 + 1620 / 1.03 + 1857 / (1.03 * 1.03), r.DiscountedCosts.Mean, 9);
    }

    [Fact]
    public void SimpsonsRuleWithAnEvenNumberOfCyclesUsesOneThirdWeights()
    {
        // One exit at 0.5 per cycle, 4 cycles: alive 1, .5, .25, .125, .0625 → (1 + 4·.5 + 2·.25 + 4·.125 + .0625)/3.
        var model = ModelCompiler.Compile(new CohortModel(4, new Strategy[]
        {
            new PathwayStrategy("s", "alive", new[] { TestModels.Alive(), TestModels.Dead() },
                new[] { new Transition("alive", "dead", PerCycle.Constant(1, 0.5)) }),
        }));
        var r = CohortTrace.Run(model, new CycleSettings(1, WithinCycleCorrection.Simpson))[0];
        Assert.Equal(4.0625 / 3 / 12, r.LifeYears.Mean, 14);
    }

    [Fact]
    public void TimeInStateDependenceIsTracedThroughTunnels()
    {
        // Sick-Sicker style: the probability of leaving rises with cycles in the state: .1, .2, .3 then .3 for ever.
        var model = ModelCompiler.Compile(new CohortModel(5, new Strategy[]
        {
            new PathwayStrategy("s", "sick", new[] { TestModels.Alive("sick"), TestModels.Alive("sicker") },
                new[] { new Transition("sick", "sicker", new PerCycle(1, new[] { 0.1, 0.2, 0.3 })) }),
        }));
        var r = CohortTrace.Run(model, new CycleSettings(1, WithinCycleCorrection.None))[0];
        // Still sick: 1, .9, .72, .504, .3528, .24696.
        Assert.Equal(new[] { 1, 0.9, 0.72, 0.504, 0.3528, 0.24696 }, r.OccupancyOf("sick").Select(x => Math.Round(x, 12)));
    }

    [Fact]
    public void AShortCycleTraceOfAHomogeneousChainApproachesTheMatrixExponential()
    {
        // Rates converted per cycle as competing risks ignore several moves within one cycle: an O(Δ) error.
        var oracle = new MarkovOracle(ReferenceChain.Rates);
        var model = ModelCompiler.Compile(ReferenceChain.Model(60));
        double previous = double.PositiveInfinity;
        foreach (double cycle in new[] { 2.0, 1, 0.5, 0.25, 0.125 })
        {
            var r = CohortTrace.Run(model, new CycleSettings(cycle))[0];
            double worst = 0;
            foreach (double t in new[] { 6.0, 12, 24, 36, 60 })
            {
                var exact = oracle.Occupancy(0, t);
                int c = (int)Math.Round(t / cycle);
                for (int s = 0; s < 5; s++) worst = Math.Max(worst, Math.Abs(r.Occupancy[s, c] - exact[s]));
            }
            Assert.True(worst < previous * 0.6, $"cycle {cycle}: error {worst} did not shrink from {previous}");
            previous = worst;
        }
        Assert.True(previous < 2e-3, $"error at an eighth-month cycle {previous}");
    }

    [Fact]
    public void ACohortOfCategoricalKindsIsTheShareWeightedMixture()
    {
        var attributes = new[] { new CategoricalAttribute("risk", new[] { new AttributeLevel("low", 0.7), new AttributeLevel("high", 0.3) }) };
        var model = ModelCompiler.Compile(new CohortModel(24, new Strategy[]
        {
            new PathwayStrategy("s", "alive", new[] { TestModels.Alive(), TestModels.Dead() },
                new[] { new Transition("alive", "dead", new Exponential(0.05)) { HazardRatios = new HazardRatio[] { new CategoricalHazardRatio("risk", new Dictionary<string, double> { ["high"] = 3 }) } } }),
        }) { Attributes = attributes });
        var r = CohortTrace.Run(model, new CycleSettings(1))[0];
        for (int c = 0; c <= 24; c++)
            Assert.Equal(0.7 * Math.Exp(-0.05 * c) + 0.3 * Math.Exp(-0.15 * c), r.OverallSurvival[c], 12);
    }

    [Fact]
    public void ContinuousAttributesAreRefusedByTheTraceWithAClearReason()
    {
        var e = Assert.Throws<InvalidOperationException>(() => CohortTrace.Run(ModelCompiler.Compile(RichModel.Build()), new CycleSettings(1)));
        Assert.Contains("'age' is continuous", e.Message);
    }

    [Fact]
    public void HalfCycleDiscountsAtTheBoundariesAndLifeTableAtEachCyclesMidpoint()
    {
        // Alive 1, .95, .8875, .818375 at 0, 1, 2, 3 years; 3% a year.
        double[] alive = { 1, 0.95, 0.8875, 0.818375 };
        double half = 0.5 * alive[0] + alive[1] / 1.03 + alive[2] / Math.Pow(1.03, 2) + 0.5 * alive[3] / Math.Pow(1.03, 3);
        double lifeTable = 0;
        for (int c = 0; c < 3; c++) lifeTable += 0.5 * (alive[c] + alive[c + 1]) / Math.Pow(1.03, c + 0.5);
        Assert.Equal(half, Trace(WithinCycleCorrection.HalfCycle, 0.03).DiscountedLifeYears.Mean, 12);
        Assert.Equal(lifeTable, Trace(WithinCycleCorrection.LifeTable, 0.03).DiscountedLifeYears.Mean, 12);
    }

    [Fact]
    public void ADelayFallingDueLetsCompetingRisksTakeTheirShareFirst()
    {
        // A 3-month delay against death at 0.2 a month: dead by 3 months = 1 − e^{−0.6}, whatever the cycle.
        var model = ModelCompiler.Compile(new CohortModel(6, new Strategy[]
        {
            new PathwayStrategy("s", "waiting", new[] { TestModels.Alive("waiting"), TestModels.Alive("treated"), TestModels.Dead() },
                new[]
                {
                    new Transition("waiting", "treated", new FixedDelay(3)),
                    new Transition("waiting", "dead", new Exponential(0.2)),
                    new Transition("treated", "dead", new Exponential(0.01)),
                }),
        }));
        foreach (double cycle in new[] { 1.0, 3 })
        {
            var r = CohortTrace.Run(model, new CycleSettings(cycle))[0];
            int at3 = (int)Math.Round(3 / cycle);
            Assert.Equal(1 - Math.Exp(-0.6), r.OccupancyOf("dead")[at3], 12);
            Assert.Equal(Math.Exp(-0.6), r.OccupancyOf("treated")[at3], 12);
        }
    }

    [Fact]
    public void OfTwoDelaysDueInOneCycleTheEarlierTakesWhoeverIsLeft()
    {
        // Delays of 2.8 (listed first) and 2.2 months and death at 0.2 a month, in one 3-month cycle.
        var model = ModelCompiler.Compile(new CohortModel(3, new Strategy[]
        {
            new PathwayStrategy("s", "a", new[] { TestModels.Alive("a"), TestModels.Alive("late"), TestModels.Alive("early"), TestModels.Dead() },
                new[]
                {
                    new Transition("a", "late", new FixedDelay(2.8)),
                    new Transition("a", "early", new FixedDelay(2.2)),
                    new Transition("a", "dead", new Exponential(0.2)),
                }),
        }));
        var r = CohortTrace.Run(model, new CycleSettings(3))[0];
        Assert.Equal(Math.Exp(-0.44), r.OccupancyOf("early")[1], 12);
        Assert.Equal(1 - Math.Exp(-0.44), r.OccupancyOf("dead")[1], 12);
        Assert.Equal(0.0, r.OccupancyOf("late")[1]);
    }

    [Fact]
    public void PerCycleProbabilitiesWithOtherRisksAgreeWithTheContinuousEngine()
    {
        // Two exits at 0.3 a cycle plus background mortality (0.1 a month). Both engines read the per-cycle row jointly
        // as competing hazards: a total of −ln(0.4) a month shared equally, against 0.1 for background death. In one
        // cycle the trace makes at most one move, so the comparison is of that move: who is still in 'a', and who has
        // left by each exit (tagged), by the end of each month — by hand, the same closed form for both.
        var cohort = new CohortModel(12, new Strategy[]
        {
            new PathwayStrategy("s", "a", new[] { TestModels.Alive("a"), new State("x", StateFlags.None), new State("y", StateFlags.None), TestModels.Dead() },
                new[]
                {
                    new Transition("a", "x", PerCycle.Constant(1, 0.3)) { Tags = new[] { "to_x" } },
                    new Transition("a", "y", PerCycle.Constant(1, 0.3)),
                    new Transition("x", "dead", new Exponential(0.5)),
                    new Transition("y", "dead", new Exponential(0.5)),
                }),
        })
        {
            Attributes = new[] { new ContinuousAttribute("age", new ConstantAttribute(80), 0, 100) },
            AgeAttribute = "age",
            BackgroundMortality = new LifeTable(new[] { 0.0 }, new[] { 1.2 }),
        };
        var model = ModelCompiler.Compile(cohort);
        double each = -Math.Log(0.4) / 2, total = 2 * each + 0.1;
        var trace = CohortTrace.Run(model, new CycleSettings(1))[0];
        var sim = Core.Engine.Simulator.Run(model, new Core.Engine.SimulationOptions { Patients = 200_000, Seed = 9 }).Strategies[0];
        foreach (int month in new[] { 1, 2, 3 })
        {
            double stay = Math.Exp(-total * month), toX = each / total * (1 - stay);
            Assert.Equal(stay, trace.OccupancyOf("a")[month], 12);
            Assert.Equal(stay, trace.ProgressionFreeSurvival[month], 12);
            Tolerance.ProportionMatches(stay, sim.OccupancyOf("a")[sim.Times.ToList().IndexOf(month)], sim.Patients, $"a({month})");
            Tolerance.ProportionMatches(toX, sim.Tag("to_x").CumulativeIncidence[sim.Times.ToList().IndexOf(month)], sim.Patients, $"to x by {month}");
        }
        Assert.Equal(each / total * (1 - Math.Exp(-total)), trace.OccupancyOf("x")[1], 12); // entered x in cycle 0
        // Without other risks the probabilities come back exactly as given.
        var alone = CohortTrace.Run(ModelCompiler.Compile(cohort with { BackgroundMortality = null, AgeAttribute = null, Attributes = Array.Empty<PatientAttribute>() }), new CycleSettings(1))[0];
        Assert.Equal(0.3, alone.OccupancyOf("x")[1], 12);
        Assert.Equal(0.4, alone.OccupancyOf("a")[1], 12);
    }

    [Fact]
    public void PerCycleProbabilitiesThatLeaveNoOneBehindAreRefused()
    {
        var e = Assert.Throws<ModelValidationException>(() => ModelCompiler.Compile(new CohortModel(12, new Strategy[]
        {
            new PathwayStrategy("s", "a", new[] { TestModels.Alive("a"), TestModels.Alive("x"), TestModels.Alive("y") },
                new[] { new Transition("a", "x", new PerCycle(1, new[] { 0.3, 0.6 })), new Transition("a", "y", PerCycle.Constant(1, 0.5)) }),
        })));
        Assert.Equal("per-cycle probabilities of leaving sum to 1.1 in cycle 2 in the state (expected less than 1)", Assert.Single(e.Errors).Message);
    }
}
