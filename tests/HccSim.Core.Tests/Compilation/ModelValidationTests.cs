using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Model;

namespace HccSim.Core.Tests.Compilation;

public class ModelValidationTests
{
    private static PathwayStrategy Pathway(IReadOnlyList<Transition> transitions, IReadOnlyList<State>? states = null,
        IReadOnlyList<ChanceNode>? chance = null, string start = "alive")
        => new("s", start, states ?? new[] { TestModels.Alive(), TestModels.Dead() }, transitions) { ChanceNodes = chance ?? Array.Empty<ChanceNode>() };

    private static ModelValidationException Fails(CohortModel model)
        => Assert.Throws<ModelValidationException>(() => ModelCompiler.Compile(model));

    private static CohortModel With(PathwayStrategy p) => new(120, new Strategy[] { p });

    [Fact]
    public void ANegativeRateIsRefusedNamingTheTransition()
    {
        var e = Fails(With(Pathway(new[] { new Transition("alive", "dead", new Exponential(-0.1)) })));
        var error = Assert.Single(e.Errors);
        Assert.Equal("strategy 's', transition 1 (alive → dead)", error.Element);
        Assert.Equal("rate must be a finite number > 0 (got -0.1)", error.Message);
    }

    [Fact]
    public void AWeibullShapeOfZeroIsRefused()
    {
        var e = Fails(With(Pathway(new[] { new Transition("alive", "dead", new Weibull(0, 12)) })));
        Assert.Contains(e.Errors, x => x.Message == "Weibull shape must be a finite number > 0 (got 0)");
    }

    [Fact]
    public void AChanceProbabilityOutsideZeroOneIsRefused()
    {
        var chance = new ChanceNode("split", new[] { new ChanceBranch("alive", 1.2), new ChanceBranch("dead", -0.2) });
        var e = Fails(With(Pathway(new[] { new Transition("alive", "dead", new Exponential(0.1)) }, chance: new[] { chance }, start: "split")));
        Assert.Contains(e.Errors, x => x.Element == "strategy 's', chance node 'split', branch to 'alive'" && x.Message == "probability must be in [0, 1] (got 1.2)");
        Assert.Contains(e.Errors, x => x.Message == "probability must be in [0, 1] (got -0.2)");
    }

    [Fact]
    public void ChanceSplitsThatDoNotSumToOneAreRefused()
    {
        var chance = new ChanceNode("split", new[] { new ChanceBranch("alive", 0.5), new ChanceBranch("dead", 0.4) });
        var e = Fails(With(Pathway(new[] { new Transition("alive", "dead", new Exponential(0.1)) }, chance: new[] { chance }, start: "split")));
        var error = Assert.Single(e.Errors);
        Assert.Equal("strategy 's', chance node 'split'", error.Element);
        Assert.Equal("branch probabilities must sum to 1 (got 0.9)", error.Message);
    }

    [Fact]
    public void SplitsWithinOneInABillionOfOneAreAccepted()
    {
        var chance = new ChanceNode("split", new[] { new ChanceBranch("alive", 0.1), new ChanceBranch("alive", 0.2), new ChanceBranch("dead", 0.7 + 5e-10) });
        ModelCompiler.Compile(With(Pathway(new[] { new Transition("alive", "dead", new Exponential(0.1)) }, chance: new[] { chance }, start: "split")));
    }

    [Fact]
    public void ATransitionFromTheDeadStateIsRefused()
    {
        var e = Fails(With(Pathway(new[]
        {
            new Transition("alive", "dead", new Exponential(0.1)),
            new Transition("dead", "alive", new Exponential(0.1)),
        })));
        Assert.Contains(e.Errors, x => x.Element == "strategy 's', transition 2 (dead → alive)" && x.Message.StartsWith("leaves the dead state 'dead'"));
    }

    [Fact]
    public void AnUndefinedStateIsRefusedWithASuggestion()
    {
        var e = Fails(With(Pathway(new[] { new Transition("alive", "daed", new Exponential(0.1)) })));
        Assert.Contains(e.Errors, x => x.Message == "to 'daed' is not a state or chance node of this strategy; did you mean 'dead'?");
    }

    [Fact]
    public void AnUnreachableStateIsRefused()
    {
        var states = new[] { TestModels.Alive(), TestModels.Alive("orphan"), TestModels.Dead() };
        var e = Fails(With(Pathway(new[] { new Transition("alive", "dead", new Exponential(0.1)), new Transition("orphan", "dead", new Exponential(0.1)) }, states)));
        var error = Assert.Single(e.Errors);
        Assert.Equal("strategy 's', state 'orphan'", error.Element);
        Assert.StartsWith("is unreachable from the start state 'alive'", error.Message);
    }

    [Fact]
    public void EveryProblemIsReportedNotJustTheFirst()
    {
        var model = new CohortModel(-1, new Strategy[]
        {
            Pathway(new[]
            {
                new Transition("alive", "dead", new Exponential(-1)),
                new Transition("alive", "dead", new Weibull(-2, 5)),
                new Transition("dead", "alive", new LogNormal(1, 0)),
            }),
        });
        var e = Fails(model);
        Assert.True(e.Errors.Count >= 5, string.Join("\n", e.Errors));
        Assert.Contains("horizon", e.Message);
        Assert.Equal(e.Errors.Count + 1, e.Message.Split('\n').Length);
    }

    [Fact]
    public void AttributeSharesMustSumToOneAndHazardRatiosMustNameRealLevels()
    {
        var model = new CohortModel(60, new Strategy[]
        {
            Pathway(new[] { new Transition("alive", "dead", new Exponential(0.1)) { HazardRatios = new HazardRatio[] { new CategoricalHazardRatio("burden", new Dictionary<string, double> { ["beyound"] = 1.5 }) } } }),
        })
        { Attributes = new[] { new CategoricalAttribute("burden", new[] { new AttributeLevel("within", 0.4), new AttributeLevel("beyond", 0.5) }) } };
        var e = Fails(model);
        Assert.Contains(e.Errors, x => x.Element == "attribute 'burden'" && x.Message == "level shares must sum to 1 (got 0.9)");
        Assert.Contains(e.Errors, x => x.Message.Contains("level 'beyound'") && x.Message.EndsWith("did you mean 'beyond'?"));
    }

    [Fact]
    public void HazardRatiosOnADelayAreRefused()
    {
        var model = new CohortModel(60, new Strategy[]
        {
            Pathway(new[] { new Transition("alive", "dead", new FixedDelay(3)) { HazardRatios = new HazardRatio[] { new ContinuousHazardRatio("age", 1.1, 70) } } }),
        })
        { Attributes = new[] { new ContinuousAttribute("age", new NormalAttribute(70, 5), 40, 90) } };
        Assert.Contains(Fails(model).Errors, x => x.Message.StartsWith("has hazard ratios but its time is a delay"));
    }

    [Fact]
    public void TieredRulesThatLeavePatientsUnassignedAreRefused()
    {
        var model = new CohortModel(60, new Strategy[]
        {
            Pathway(new[] { new Transition("alive", "dead", new Exponential(0.1)) }),
            new TieredStrategy("tiered", new[] { new RoutingRule(new AttributeCondition[] { new LevelCondition("burden", new[] { "within" }) }, "s") }),
        })
        { Attributes = new[] { new CategoricalAttribute("burden", new[] { new AttributeLevel("within", 0.4), new AttributeLevel("beyond", 0.6) }) } };
        var error = Assert.Single(Fails(model).Errors);
        Assert.Equal("strategy 'tiered'", error.Element);
        Assert.StartsWith("routing rules leave patients with burden = beyond unassigned", error.Message);
    }

    [Fact]
    public void BackgroundMortalityNeedsAnAgeAttributeAndATableCoveringIt()
    {
        var model = new CohortModel(60, new Strategy[] { Pathway(new[] { new Transition("alive", "dead", new Exponential(0.1)) }) })
        {
            Attributes = new[] { new ContinuousAttribute("age", new NormalAttribute(70, 8), 30, 90) },
            AgeAttribute = "age",
            BackgroundMortality = new LifeTable(new[] { 40.0, 60 }, new[] { 0.01, -0.02 }),
        };
        var e = Fails(model);
        Assert.Contains(e.Errors, x => x.Message.StartsWith("life table starts at age 40 but attribute 'age' can be as low as 30"));
        Assert.Contains(e.Errors, x => x.Message.StartsWith("life table hazard at age 60 must be a rate ≥ 0 per year (got -0.02)"));
    }

    [Fact]
    public void AValidModelCompilesWithNoErrors()
    {
        Assert.Empty(ModelCompiler.Validate(RichModel.Build()));
        var compiled = ModelCompiler.Compile(RichModel.Build());
        Assert.Equal(new[] { "curative", "conversion", "tiered" }, compiled.StrategyNames);
        Assert.Contains("conversion/washout", compiled.StateNames(2));
    }

    [Fact]
    public void AnAgeRangeBelowZeroIsRefusedWhereAgeIsUsed()
    {
        var model = new CohortModel(60, new Strategy[]
        {
            Pathway(new[] { new Transition("alive", "dead", new Weibull(2, 24)) { Clock = Clock.Age } }),
        })
        {
            Attributes = new[] { new ContinuousAttribute("age", new ConstantAttribute(-1), -5, 90) },
            AgeAttribute = "age",
        };
        var error = Assert.Single(Fails(model).Errors);
        Assert.Equal("attribute 'age'", error.Element);
        Assert.Equal("an age must lie in a finite range ≥ 0 years (got [-5, 90])", error.Message);
    }

    [Fact]
    public void ADeadStateWithACostOrUtilityIsRefused()
    {
        var states = new[] { TestModels.Alive(), new State("dead", StateFlags.Dead, CostPerMonth: 100) };
        var error = Assert.Single(Fails(With(Pathway(new[] { new Transition("alive", "dead", new Exponential(0.1)) }, states))).Errors);
        Assert.Equal("strategy 's', state 'dead'", error.Element);
        Assert.StartsWith("is dead: it accrues no cost or utility", error.Message);
    }

    [Fact]
    public void ALoopOfForwardClockDelaysIsRefusedBeforeItCanRepeatAtOneInstant()
    {
        var states = new[] { TestModels.Alive("a"), TestModels.Alive("b") };
        var model = With(Pathway(new[]
        {
            new Transition("a", "b", new FixedDelay(12)) { Clock = Clock.TimeSinceStart },
            new Transition("b", "a", new FixedDelay(12)) { Clock = Clock.TimeSinceStart },
        }, states, start: "a"));
        var error = Assert.Single(Fails(model).Errors);
        Assert.StartsWith("a loop through 'a' is made only of delays on a forward clock", error.Message);
    }

    [Fact]
    public void CostsBeyondWhatOutcomesCanHoldExactlyAreRefusedBeforeTheRun()
    {
        var states = new[] { new State("alive", StateFlags.ProgressionFree, CostPerMonth: 1e12), TestModels.Dead() };
        var e = Fails(With(Pathway(new[] { new Transition("alive", "dead", new Exponential(0.1)) { Cost = 5e12, UtilityToll = 20 } }, states)));
        Assert.Contains(e.Errors, x => x.Element == "strategy 's', state 'alive'" && x.Message.StartsWith("cost per month must be finite and at most"));
        Assert.Contains(e.Errors, x => x.Message.StartsWith("cost must be finite and at most 1E+12"));
        Assert.Contains(e.Errors, x => x.Message == "utility toll must be a loss of at most 10 QALYs (got 20)");
    }

    [Fact]
    public void AnEventGridTooLargeForMemoryIsRefusedBeforeTheRun()
    {
        var compiled = ModelCompiler.Compile(TestModels.OneExit(new Exponential(0.1), 1800));
        var e = Assert.Throws<ArgumentException>(() => Core.Engine.Simulator.Run(compiled, new Core.Engine.SimulationOptions { Grid = new Core.Outcomes.TimeGrid(10_000, 4) }));
        Assert.Contains("expected at most 8,000,000", e.Message);
    }

    [Fact]
    public void ATieredRuleThatCoversNobodyIsRefused()
    {
        var model = new CohortModel(60, new Strategy[]
        {
            Pathway(new[] { new Transition("alive", "dead", new Exponential(0.1)) }),
            new TieredStrategy("tiered", new[]
            {
                new RoutingRule(Array.Empty<AttributeCondition>(), "s"),
                new RoutingRule(new AttributeCondition[] { new LevelCondition("burden", new[] { "beyond" }) }, "s"),
                new RoutingRule(new AttributeCondition[] { new LevelCondition("burden", new[] { "none" }) }, "s"),
            }),
        })
        { Attributes = new[] { new CategoricalAttribute("burden", new[] { new AttributeLevel("within", 0.4), new AttributeLevel("beyond", 0.6), new AttributeLevel("none", 0) }) } };
        var e = Fails(model);
        Assert.Contains(e.Errors, x => x.Element == "strategy 'tiered', rule 2" && x.Message == "covers no patient: the rules before it take every patient it names");
        Assert.Contains(e.Errors, x => x.Element == "strategy 'tiered', rule 3" && x.Message == "covers no patient: the levels it names of 'burden' have share 0");
        Assert.All(e.Errors, x => Assert.IsType<RoutingRule>(x.Subject));
    }

    [Fact]
    public void ErrorsCarryTheModelObjectAtFault()
    {
        var time = new Exponential(-0.1);
        var transition = new Transition("alive", "dead", time);
        var e = Fails(With(Pathway(new[] { transition })));
        Assert.Same(time, Assert.Single(e.Errors).Subject);
    }

    [Fact]
    public void TwoPathwaysOfOneNameBesideATieredStrategyAreReportedNotThrown()
    {
        var s = Pathway(new[] { new Transition("alive", "dead", new Exponential(0.1)) });
        var model = new CohortModel(60, new Strategy[] { s, s with { }, new TieredStrategy("tiered", new[] { new RoutingRule(Array.Empty<AttributeCondition>(), "s") }) });
        var error = Assert.Single(Fails(model).Errors);
        Assert.Equal("strategy 's'", error.Element);
        Assert.Equal("is defined more than once (expected unique strategy names)", error.Message);
    }

    [Fact]
    public void AnEmptyPerCycleListBesideAnotherPerCycleExitIsReportedNotThrown()
    {
        var empty = new PerCycle(1, Array.Empty<double>());
        var e = Fails(With(Pathway(new[]
        {
            new Transition("alive", "dead", PerCycle.Constant(1, 0.2)),
            new Transition("alive", "dead", empty),
        })));
        var error = Assert.Single(e.Errors);
        Assert.Equal("per-cycle probability needs at least one value", error.Message);
        Assert.Same(empty, error.Subject);
    }
}
