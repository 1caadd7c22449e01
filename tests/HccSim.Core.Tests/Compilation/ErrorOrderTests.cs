using System.Collections;
using System.Reflection;
using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Model;

namespace HccSim.Core.Tests.Compilation;

/// <summary>
/// Readers map each error's <see cref="ModelError.Subject"/> back to a file position and show errors in the order
/// given: these pin the whole list — element, message, subject and order — for models that break every rule.
/// </summary>
public class ErrorOrderTests
{
    private static State S(string name, StateFlags flags = StateFlags.ProgressionFree, double cost = 0, double utility = 1) => new(name, flags, CostPerMonth: cost, Utility: utility);
    private static State Dead(string name = "dead") => new(name, StateFlags.Dead);

    private static CohortModel EveryRuleBroken()
    {
        var tags = Enumerable.Range(0, 66).Select(i => $"t{i}").ToArray();
        var broken = new PathwayStrategy("broken", "nowhere", new[]
        {
            S(""), S("a", cost: 1e12), S("a", utility: 2), new State("dead", StateFlags.Dead | StateFlags.CancerFree, CostPerMonth: 5),
        }, new[]
        {
            new Transition("a", "dead", new PerCycle(1, new[] { 0.6, 0.7 })),
            new Transition("a", "dead", new PerCycle(1, new[] { 0.5 })),
            new Transition("dead", "a", new Exponential(-1)) { Cost = 1e13, UtilityToll = 11, Tags = new[] { "" } },
            new Transition("split", "deed", new FixedDelay(3)) { HazardRatios = new HazardRatio[] { new ContinuousHazardRatio("size", 0, double.NaN) } },
            new Transition("ghost", "a", new Exponential(0.1)) { Clock = Clock.Age, Tags = tags,
                HazardRatios = new HazardRatio[]
                {
                    new CategoricalHazardRatio("nope", new Dictionary<string, double> { ["x"] = 2 }),
                    new CategoricalHazardRatio("grade", new Dictionary<string, double> { ["9"] = -1 }),
                    new ContinuousHazardRatio("grade", 1.1, 0),
                    new CategoricalHazardRatio("size", new Dictionary<string, double> { ["1"] = 2 }),
                } },
        })
        {
            ChanceNodes = new[]
            {
                new ChanceNode("", new[] { new ChanceBranch("a", 1) }),
                new ChanceNode("a", new[] { new ChanceBranch("a", 1) }),
                new ChanceNode("empty", Array.Empty<ChanceBranch>()),
                new ChanceNode("split", new[] { new ChanceBranch("a", 1.2) { Tags = new[] { " " } }, new ChanceBranch("nowhere", 0.1) }) { Cost = -2e12, Tags = new[] { "" } },
            },
        };
        var loops = new PathwayStrategy("loops", "start", new[] { S("start"), S("b"), S("orphan"), Dead() }, new[]
        {
            new Transition("start", "c1", new Exponential(0.1)),
            new Transition("b", "c1", new FixedDelay(12)) { Clock = Clock.TimeSinceStart },
        })
        {
            ChanceNodes = new[]
            {
                new ChanceNode("c1", new[] { new ChanceBranch("c2", 0.5), new ChanceBranch("b", 0.5) }),
                new ChanceNode("c2", new[] { new ChanceBranch("c1", 1) }),
                new ChanceNode("lost", new[] { new ChanceBranch("dead", 1) }),
            },
        };
        var tiered = new TieredStrategy("tiered", new[]
        {
            new RoutingRule(new AttributeCondition[] { new LevelCondition("grade", Array.Empty<string>()), new LevelCondition("grade", new[] { "4" }) }, "loopz"),
            new RoutingRule(new AttributeCondition[] { new RangeCondition("size", 5, 2), new RangeCondition("grade", 0, 1), new LevelCondition("wat", new[] { "1" }) }, "tiered"),
        });
        return new CohortModel(2000, new Strategy[] { broken, loops, tiered, new TieredStrategy("", Array.Empty<RoutingRule>()), new TieredStrategy("tiered", Array.Empty<RoutingRule>()) })
        {
            Discounting = new Discounting(-0.1, double.PositiveInfinity),
            Attributes = new PatientAttribute[]
            {
                new CategoricalAttribute("", new[] { new AttributeLevel("x", 1) }),
                new CategoricalAttribute("grade", new[] { new AttributeLevel("1", 0.5), new AttributeLevel("1", 1.5) }),
                new CategoricalAttribute("grade", Array.Empty<AttributeLevel>()),
                new CategoricalAttribute("none", Array.Empty<AttributeLevel>()),
                new ContinuousAttribute("size", new NormalAttribute(double.NaN, 0), 5, 1),
                new ContinuousAttribute("far", new NormalAttribute(0, 1), 100, 101),
                new ContinuousAttribute("wide", UniformAttribute.Instance, 0, double.PositiveInfinity),
                new ContinuousAttribute("fixed", new ConstantAttribute(9), 0, 1),
            },
            AgeAttribute = "grade",
            BackgroundMortality = new LifeTable(new[] { 50.0, 40 }, new[] { 0.01, -1 }),
        };
    }

    private static readonly (string Element, string Message, string Subject)[] EveryRuleBrokenErrors =
    {
        ("model", "horizon must be at most 1800 months (150 years) (got 2000)", "model"),
        ("discounting", "cost discount rate must be a finite rate ≥ 0 per year (got -0.1)", "Discounting"),
        ("discounting", "outcome discount rate must be a finite rate ≥ 0 per year (got Infinity)", "Discounting"),
        ("attribute", "name must not be empty", "Attributes[0]"),
        ("attribute 'grade'", "level '1' is listed more than once", "Attributes[1]"),
        ("attribute 'grade', level '1'", "share must be a probability in [0, 1] (got 1.5)", "Attributes[1]"),
        ("attribute 'grade'", "level shares must sum to 1 (got 2)", "Attributes[1]"),
        ("attribute 'grade'", "is defined more than once (expected unique attribute names)", "Attributes[2]"),
        ("attribute 'none'", "has no levels (expected at least one level with a share)", "Attributes[3]"),
        ("attribute 'size'", "bounds must satisfy min ≤ max (got min 5, max 1)", "Attributes[4]"),
        ("attribute 'size'", "normal mean must be finite (got NaN)", "Attributes[4]"),
        ("attribute 'size'", "normal sd must be a finite number > 0 (got 0)", "Attributes[4]"),
        ("attribute 'far'", "bounds [100, 101] hold almost no mass of normal(0, 1) (expected bounds around the mean)", "Attributes[5]"),
        ("attribute 'wide'", "a uniform attribute needs finite min and max", "Attributes[6]"),
        ("attribute 'fixed'", "constant 9 lies outside its bounds [0, 1]", "Attributes[7]"),
        ("model", "age attribute 'grade' must be continuous (age in years), not categorical", "Attributes[1]"),
        ("background mortality", "life table ages must increase (got 40 after 50)", "BackgroundMortality"),
        ("background mortality", "life table hazard at age 40 must be a rate ≥ 0 per year (got -1)", "BackgroundMortality"),
        ("strategy", "name must not be empty", "Strategies[3]"),
        ("strategy 'tiered'", "is defined more than once (expected unique strategy names)", "Strategies[4]"),
        ("strategy 'broken'", "a state has an empty name", "Strategies[0].States[0]"),
        ("strategy 'broken', state 'a'", "cost per month must be finite and at most 1E+13 over the horizon (got 1000000000000)", "Strategies[0].States[1]"),
        ("strategy 'broken', state 'a'", "is defined more than once", "Strategies[0].States[2]"),
        ("strategy 'broken', state 'a'", "utility must be between −1 and 1 (got 2)", "Strategies[0].States[2]"),
        ("strategy 'broken', state 'dead'", "is dead: it accrues no cost or utility (expected cost 0 and utility 0; put a cost of dying on the transition into it)", "Strategies[0].States[3]"),
        ("strategy 'broken', state 'dead'", "is dead and cannot also be progression-free, cancer-free or a response", "Strategies[0].States[3]"),
        ("strategy 'broken'", "a chance node has an empty name", "Strategies[0].ChanceNodes[0]"),
        ("strategy 'broken', chance node 'a'", "has the name of another state or chance node (expected unique names)", "Strategies[0].ChanceNodes[1]"),
        ("strategy 'broken'", "start 'nowhere' is not a state or chance node of this strategy", "Strategies[0]"),
        ("strategy 'broken', state 'a'", "per-cycle probabilities of leaving sum to 1.1 in cycle 1 in the state (expected less than 1)", "Strategies[0].Transitions[0]"),
        ("strategy 'broken', transition 3 (dead → a)", "leaves the dead state 'dead' (expected no transition out of death)", "Strategies[0].Transitions[2]"),
        ("strategy 'broken', transition 3 (dead → a)", "rate must be a finite number > 0 (got -1)", "Strategies[0].Transitions[2].Time"),
        ("strategy 'broken', transition 3 (dead → a)", "cost must be finite and at most 1E+12 (got 10000000000000)", "Strategies[0].Transitions[2]"),
        ("strategy 'broken', transition 3 (dead → a)", "utility toll must be a loss of at most 10 QALYs (got 11)", "Strategies[0].Transitions[2]"),
        ("strategy 'broken', transition 3 (dead → a)", "has an empty tag", "Strategies[0].Transitions[2]"),
        ("strategy 'broken', transition 4 (split → deed)", "leaves chance node 'split' (a chance node splits on entry; give its branches instead)", "Strategies[0].Transitions[3]"),
        ("strategy 'broken', transition 4 (split → deed)", "to 'deed' is not a state or chance node of this strategy; did you mean 'dead'?", "Strategies[0].Transitions[3]"),
        ("strategy 'broken', transition 4 (split → deed)", "has hazard ratios but its time is a delay (hazard ratios apply to hazards, not to delays)", "Strategies[0].Transitions[3]"),
        ("strategy 'broken', transition 4 (split → deed)", "hazard ratio per unit of 'size' must be a finite number > 0 (got 0)", "Strategies[0].Transitions[3].HazardRatios[0]"),
        ("strategy 'broken', transition 4 (split → deed)", "hazard ratio reference for 'size' must be finite (got NaN)", "Strategies[0].Transitions[3].HazardRatios[0]"),
        ("strategy 'broken', transition 5 (ghost → a)", "from 'ghost' is not a state or chance node of this strategy", "Strategies[0].Transitions[4]"),
        ("strategy 'broken', transition 5 (ghost → a)", "hazard ratio names attribute 'nope', which is not defined; did you mean 'none'?", "Strategies[0].Transitions[4].HazardRatios[0]"),
        ("strategy 'broken', transition 5 (ghost → a)", "hazard ratio names level '9' of 'grade', which has no such level; did you mean '1'?", "Strategies[0].Transitions[4].HazardRatios[1]"),
        ("strategy 'broken', transition 5 (ghost → a)", "hazard ratio for grade = 9 must be a finite number > 0 (got -1)", "Strategies[0].Transitions[4].HazardRatios[1]"),
        ("strategy 'broken', transition 5 (ghost → a)", "hazard ratio on 'grade' is per unit, but the attribute is categorical", "Strategies[0].Transitions[4].HazardRatios[2]"),
        ("strategy 'broken', transition 5 (ghost → a)", "hazard ratio on 'size' is by level, but the attribute is continuous", "Strategies[0].Transitions[4].HazardRatios[3]"),
        ("strategy 'broken', chance node 'empty'", "has no branches (expected at least one)", "Strategies[0].ChanceNodes[2]"),
        ("strategy 'broken', chance node 'split', branch to 'a'", "probability must be in [0, 1] (got 1.2)", "Strategies[0].ChanceNodes[3].Branches[0]"),
        ("strategy 'broken', chance node 'split', branch to 'a'", "has an empty tag", "Strategies[0].ChanceNodes[3].Branches[0]"),
        ("strategy 'broken', chance node 'split', branch", "to 'nowhere' is not a state or chance node of this strategy", "Strategies[0].ChanceNodes[3].Branches[1]"),
        ("strategy 'broken', chance node 'split'", "branch probabilities must sum to 1 (got 1.3)", "Strategies[0].ChanceNodes[3]"),
        ("strategy 'broken', chance node 'split'", "cost must be finite and at most 1E+12 (got -2000000000000)", "Strategies[0].ChanceNodes[3]"),
        ("strategy 'broken', chance node 'split'", "has an empty tag", "Strategies[0].ChanceNodes[3]"),
        ("strategy 'loops', chance node 'c1'", "is part of a loop of chance nodes (expected every chain of chance nodes to end in a state)", "Strategies[1].ChanceNodes[0]"),
        ("strategy 'loops'", "a loop through 'b' is made only of delays on a forward clock (and chance nodes), so it can repeat at one instant for ever (expected a time-in-state delay or a hazard in the loop)", "Strategies[1].ChanceNodes[0]"),
        ("strategy 'loops', state 'orphan'", "is unreachable from the start state 'start' (expected a transition or branch leading to it)", "Strategies[1].States[2]"),
        ("strategy 'loops', chance node 'lost'", "is unreachable from the start state 'start' (expected a transition or branch leading to it)", "Strategies[1].ChanceNodes[2]"),
        ("strategy 'tiered', rule 1", "routes to 'loopz', which is not a strategy of the model; did you mean 'loops'?", "Strategies[2].Rules[0]"),
        ("strategy 'tiered', rule 1", "condition on 'grade' lists no levels", "Strategies[2].Rules[0]"),
        ("strategy 'tiered', rule 1", "condition names level '4' of 'grade', which has no such level; did you mean '1'?", "Strategies[2].Rules[0]"),
        ("strategy 'tiered', rule 2", "routes to 'tiered', which is itself tiered (expected a pathway strategy)", "Strategies[2].Rules[1]"),
        ("strategy 'tiered', rule 2", "range on 'size' must have min < max (got [5, 2))", "Strategies[2].Rules[1]"),
        ("strategy 'tiered', rule 2", "condition on 'grade' does not fit its kind (categorical: expected levels)", "Strategies[2].Rules[1]"),
        ("strategy 'tiered', rule 2", "condition on 'wat', which is not an attribute; did you mean 'far'?", "Strategies[2].Rules[1]"),
        ("strategy ''", "has no routing rules (expected at least one)", "Strategies[3]"),
        ("strategy 'tiered'", "has no routing rules (expected at least one)", "Strategies[4]"),
        ("model", "uses 66 distinct tags (expected at most 64)", "model"),
    };

    [Fact]
    public void EveryRuleReportsInModelOrderNamingItsSubject()
        => AssertErrors(EveryRuleBroken(), EveryRuleBrokenErrors);

    private static readonly PathwayStrategy Plain = new("a", "alive", new[] { S("alive"), Dead() }, new[] { new Transition("alive", "dead", new Exponential(0.1)) });

    private static CohortModel RoutingGaps() => new(120, new Strategy[]
    {
        Plain,
        new TieredStrategy("by level", new[]
        {
            new RoutingRule(new AttributeCondition[] { new LevelCondition("grade", new[] { "3" }) }, "a"),
            new RoutingRule(new AttributeCondition[] { new LevelCondition("grade", new[] { "1" }), new LevelCondition("sex", new[] { "f" }) }, "a"),
            new RoutingRule(new AttributeCondition[] { new LevelCondition("grade", new[] { "1" }) }, "a"),
            new RoutingRule(new AttributeCondition[] { new LevelCondition("grade", new[] { "1" }), new LevelCondition("sex", new[] { "m" }) }, "a"),
        }),
    })
    {
        Attributes = new PatientAttribute[]
        {
            new CategoricalAttribute("grade", new[] { new AttributeLevel("1", 0.5), new AttributeLevel("2", 0.5), new AttributeLevel("3", 0) }),
            new CategoricalAttribute("sex", new[] { new AttributeLevel("f", 0.5), new AttributeLevel("m", 0.5) }),
        },
    };

    private static readonly (string Element, string Message, string Subject)[] RoutingGapsErrors =
    {
        ("strategy 'by level', rule 1", "covers no patient: the levels it names of 'grade' have share 0", "Strategies[1].Rules[0]"),
        ("strategy 'by level'", "routing rules leave patients with grade = 2, sex = f unassigned (expected a rule covering them, or a last rule with no conditions)", "Strategies[1]"),
        ("strategy 'by level', rule 1", "covers no patient: the rules before it take every patient it names", "Strategies[1].Rules[0]"),
        ("strategy 'by level', rule 4", "covers no patient: the rules before it take every patient it names", "Strategies[1].Rules[3]"),
    };

    [Fact]
    public void RoutingGapsAreReportedRuleByRuleNamingTheRule()
        => AssertErrors(RoutingGaps(), RoutingGapsErrors);

    private static CohortModel RangesOutOfBounds() => new(120, new Strategy[]
    {
        Plain,
        new TieredStrategy("by range", new[]
        {
            new RoutingRule(new AttributeCondition[] { new RangeCondition("size", 20, 30) }, "a"),
            new RoutingRule(new AttributeCondition[] { new RangeCondition("one", 4, 5) }, "a"),
        }),
    })
    {
        Attributes = new PatientAttribute[]
        {
            new ContinuousAttribute("size", UniformAttribute.Instance, 1, 10),
            new ContinuousAttribute("one", new ConstantAttribute(3), 0, 10),
        },
    };

    private static readonly (string Element, string Message, string Subject)[] RangesOutOfBoundsErrors =
    {
        ("strategy 'by range', rule 1", "covers no patient: 'size' is never in [20, 30) (it lies in [1, 10])", "Strategies[1].Rules[0]"),
        ("strategy 'by range', rule 2", "covers no patient: 'one' is never in [4, 5) (it lies in [0, 10])", "Strategies[1].Rules[1]"),
        ("strategy 'by range'", "routing rules on continuous attributes may leave some patients unassigned (expected a last rule with no conditions)", "Strategies[1]"),
    };

    [Fact]
    public void RangesOutsideTheAttributesBoundsAreReportedOnTheirRule()
        => AssertErrors(RangesOutOfBounds(), RangesOutOfBoundsErrors);

    private static CohortModel AgeAndLifeTableBroken() => new(120, new Strategy[]
    {
        new PathwayStrategy("two deaths", "alive", new[] { S("alive"), Dead("dead"), Dead("dead again") }, new[]
        {
            new Transition("alive", "dead", new Exponential(0.1)),
            new Transition("alive", "dead again", new Exponential(0.1)),
        }),
    })
    {
        Attributes = new PatientAttribute[]
        {
            new ContinuousAttribute("age", new NormalAttribute(60, 10), 20, 90),
            new CategoricalAttribute("levels", Enumerable.Range(0, 65).Select(i => new AttributeLevel($"l{i}", 1.0 / 65)).ToArray()),
        },
        AgeAttribute = "agee",
        BackgroundMortality = new LifeTable(new[] { 50.0, 60 }, new[] { 0.01 }),
    };

    private static readonly (string Element, string Message, string Subject)[] AgeAndLifeTableBrokenErrors =
    {
        ("attribute 'levels'", "has 65 levels (expected at most 64)", "Attributes[1]"),
        ("model", "age attribute 'agee' is not defined; did you mean 'age'?", "model"),
        ("background mortality", "life table needs one hazard per age (got 2 ages and 1 hazards)", "BackgroundMortality"),
        ("strategy 'two deaths'", "background mortality needs exactly one dead state to lead to (got 2)", "Strategies[0]"),
    };

    [Fact]
    public void AnUndefinedAgeAndAShortLifeTableAreReportedOnTheModelAndTheTable()
        => AssertErrors(AgeAndLifeTableBroken(), AgeAndLifeTableBrokenErrors);

    /// <summary>An empty expectation fails with the actual list, ready to paste in when messages change on purpose.</summary>
    private static void AssertErrors(CohortModel model, (string Element, string Message, string Subject)[] expected)
    {
        var paths = SubjectPaths(model);
        var actual = ModelCompiler.Validate(model)
            .Select(e => (e.Element, e.Message, e.Subject is null ? "null" : paths.GetValueOrDefault(e.Subject, "(not in the model)")))
            .ToArray();
        if (expected.Length == 0)
            throw new Xunit.Sdk.XunitException(string.Join("\n", actual.Select(x => $"        ({Quote(x.Element)}, {Quote(x.Message)}, {Quote(x.Item3)}),")));
        Assert.Equal(expected, actual);
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>Each object of the model by where it sits ("Strategies[0].Transitions[2].Time"); the first place wins.</summary>
    private static Dictionary<object, string> SubjectPaths(CohortModel model)
    {
        var paths = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
        void Walk(object? o, string path)
        {
            if (o is null or string or IDictionary || o.GetType().IsPrimitive || o.GetType().IsEnum || !paths.TryAdd(o, path)) return;
            if (o is IEnumerable list) { int i = 0; foreach (var x in list) Walk(x, $"{path}[{i++}]"); return; }
            foreach (var p in o.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                if (p.GetIndexParameters().Length == 0 && p.SetMethod is not null && p.Name != "EqualityContract")
                    Walk(p.GetValue(o), (path.Length > 0 ? path + "." : "") + p.Name);
        }
        Walk(model, "");
        paths[model] = "model";
        return paths;
    }
}
