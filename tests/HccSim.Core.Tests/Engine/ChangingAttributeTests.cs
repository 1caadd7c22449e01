using HccSim.Core.Analytic;
using HccSim.Core.Compilation;
using HccSim.Core.Cycles;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;
using HccSim.Core.Model;
using HccSim.Core.Tests.Oracles;

namespace HccSim.Core.Tests.Engine;

/// <summary>
/// Chance nodes whose probabilities depend on an attribute's level, and chance nodes that change a level (ALBI grade
/// worsening after a TACE session), against closed forms and a discrete-time chain computed here.
/// </summary>
public class ChangingAttributeTests
{
    private const int Patients = 200_000;
    private const double Death = 0.02, Event = 0.05, Hr = 3;

    private static CategoricalAttribute Grade(double g1, double g2)
        => new("grade", new[] { new AttributeLevel("g1", g1), new AttributeLevel("g2", g2) });

    /// <summary>
    /// well → dead at rate λ (×3 at grade g2); well → event at rate μ, a chance node back to well that sets grade g2 in
    /// "worsens" and changes nothing in "stays". Everyone starts at g1.
    /// </summary>
    private static CohortModel Worsening(double horizon = 600) => new(horizon, new Strategy[]
    {
        Pathway("worsens", new[] { new AttributeSetting("grade", "g2") }),
        Pathway("stays", Array.Empty<AttributeSetting>()),
    })
    {
        Attributes = new[] { Grade(1, 0) },
    };

    private static PathwayStrategy Pathway(string name, AttributeSetting[] sets) => new(name, "well",
        new[] { TestModels.Alive("well"), TestModels.Dead() },
        new[]
        {
            new Transition("well", "dead", new Exponential(Death)) { HazardRatios = new HazardRatio[] { new CategoricalHazardRatio("grade", new Dictionary<string, double> { ["g2"] = Hr }) } },
            new Transition("well", "event", new Exponential(Event)),
        })
    {
        ChanceNodes = new[] { new ChanceNode("event", new[] { new ChanceBranch("well", 1) }) { Sets = sets, Tags = new[] { "event" } } },
    };

    /// <summary>Survival when the hazard is λ until the first event (rate μ) and 3λ after it.</summary>
    private static double SurvivalAfterWorsening(double t)
    {
        double a = Death + Event, b = Hr * Death;
        return Math.Exp(-a * t) + Event / (a - b) * (Math.Exp(-b * t) - Math.Exp(-a * t));
    }

    /// <summary>∫₀ᴴ S(t) dt for <see cref="SurvivalAfterWorsening"/>, in months.</summary>
    private static double RestrictedMeanAfterWorsening(double h)
    {
        double a = Death + Event, b = Hr * Death;
        double ia = (1 - Math.Exp(-a * h)) / a, ib = (1 - Math.Exp(-b * h)) / b;
        return ia + Event / (a - b) * (ib - ia);
    }

    [Fact]
    public void ALevelSetAtAChanceNodeChangesTheHazardsThatFollow()
    {
        var r = TestModels.Run(Worsening(), Patients);
        var worsens = r.Strategies[0];
        foreach (double t in new[] { 12.0, 36, 120 })
            Tolerance.ProportionMatches(SurvivalAfterWorsening(t), worsens.OverallSurvival.At(t).Mean, Patients, $"OS({t})");
        Tolerance.WithinStandardErrors(RestrictedMeanAfterWorsening(600) / 12, worsens.LifeYears.Mean, worsens.LifeYears.StandardError, "life-years");
    }

    [Fact]
    public void AChangeMadeUnderOneStrategyDoesNotReachTheNext()
    {
        // "stays" runs after "worsens" on the same patients: were the set to leak, its hazard would be 3λ after the event.
        var stays = TestModels.Run(Worsening(), Patients).Strategies[1];
        foreach (double t in new[] { 12.0, 36, 120 })
            Tolerance.ProportionMatches(Math.Exp(-Death * t), stays.OverallSurvival.At(t).Mean, Patients, $"OS({t})");
    }

    [Fact]
    public void AChangedLevelGivesTheSameResultOnOneThreadOrTwo()
    {
        var one = TestModels.Run(Worsening(), 20_000, threads: 1, blockSize: 1000).Strategies[0];
        var two = TestModels.Run(Worsening(), 20_000, threads: 2, blockSize: 1000).Strategies[0];
        Assert.Equal(one.LifeYears.Mean, two.LifeYears.Mean);
        Assert.Equal(one.Tag("event").Ever.Mean, two.Tag("event").Ever.Mean);
    }

    [Fact]
    public void TheCycleMicrosimulationFollowsAChangedLevelAsADiscreteChainDoes()
    {
        // The chain the per-cycle probabilities define, on (well at g1, well at g2): a patient who leaves well by the event
        // comes back at g2; the competing hazards share each cycle's probability of leaving in proportion.
        var model = ModelCompiler.Compile(Worsening(120));
        var sim = CycleSimulator.Run(model, new CycleSettings(1, WithinCycleCorrection.None), new SimulationOptions { Patients = Patients, Seed = 3 })[0];
        double g1 = 1, g2 = 0;
        double a = Death + Event, b = Hr * Death + Event;
        double leave1 = 1 - Math.Exp(-a), leave2 = 1 - Math.Exp(-b);
        for (int c = 1; c <= 120; c++)
        {
            double next1 = g1 * (1 - leave1);
            double next2 = g2 * (1 - leave2) + g1 * leave1 * Event / a + g2 * leave2 * Event / b;
            g1 = next1;
            g2 = next2;
            if (c is 12 or 36 or 120) Tolerance.ProportionMatches(g1 + g2, sim.OverallSurvival[c], Patients, $"OS({c})");
        }
    }

    [Fact]
    public void TheCohortTraceAndTheMatrixExponentialRefuseALevelThatChanges()
    {
        var model = ModelCompiler.Compile(Worsening());
        var trace = Assert.Throws<InvalidOperationException>(() => CohortTrace.Run(model, new CycleSettings(1, WithinCycleCorrection.None)));
        Assert.Equal("the cohort trace follows each kind of patient as a whole, but strategy 'worsens' changes 'grade' at a chance node (use a microsimulation: --method continuous or cycle)", trace.Message);
        var exact = Assert.Throws<InvalidOperationException>(() => MarkovSolution.Solve(model, 1));
        Assert.StartsWith("the matrix exponential follows each kind of patient as a whole", exact.Message);
    }

    /// <summary>A chance node at the start: to 'a' with probability 0.8 at g1 and 0.2 at g2, else to 'b'.</summary>
    private static CohortModel Split() => new(60, new Strategy[]
    {
        new PathwayStrategy("s", "split", new[] { TestModels.Alive("a"), TestModels.Alive("b"), TestModels.Dead() },
            new[] { new Transition("a", "dead", new Exponential(0.01)), new Transition("b", "dead", new Exponential(0.05)) })
        {
            ChanceNodes = new[]
            {
                new ChanceNode("split", new[]
                {
                    new ChanceBranch("a", double.NaN) { Tags = new[] { "a" }, ByLevel = new LevelProbabilities("grade", new Dictionary<string, double> { ["g1"] = 0.8, ["g2"] = 0.2 }) },
                    new ChanceBranch("b", double.NaN) { ByLevel = new LevelProbabilities("grade", new Dictionary<string, double> { ["g1"] = 0.2, ["g2"] = 0.8 }) },
                }),
            },
        },
    })
    {
        Attributes = new[] { Grade(0.3, 0.7) },
    };

    [Fact]
    public void BranchProbabilitiesByLevelMixByTheLevelsShares()
    {
        const double expected = 0.3 * 0.8 + 0.7 * 0.2;
        var model = ModelCompiler.Compile(Split());
        Tolerance.ProportionMatches(expected, TestModels.Run(Split(), Patients).Strategies[0].Tag("a").Ever.Mean, Patients, "to a (continuous)");
        var cycle = CycleSimulator.Run(model, new CycleSettings(1, WithinCycleCorrection.None), new SimulationOptions { Patients = Patients, Seed = 4 })[0];
        Tolerance.ProportionMatches(expected, cycle.OccupancyOf("a")[0], Patients, "in a at 0 (cycle)");
        // The trace and the matrix exponential mix the two kinds of patient exactly.
        Assert.Equal(expected, CohortTrace.Run(model, new CycleSettings(1, WithinCycleCorrection.None))[0].OccupancyOf("a")[0], 12);
        var exact = MarkovSolution.Solve(model, 1)[0];
        Assert.Equal(expected * Math.Exp(-0.01 * 24), exact.OccupancyOf("a")[24], 12);
    }

    [Fact]
    public void AContinuousAttributeCannotBeSetOrBranchedOn()
    {
        var model = Worsening() with
        {
            Attributes = new PatientAttribute[] { new ContinuousAttribute("grade", new NormalAttribute(60, 8), 18, 90) },
        };
        var e = Assert.Throws<ModelValidationException>(() => ModelCompiler.Compile(model));
        Assert.Contains(e.Errors, x => x.Message.Contains("names attribute 'grade', which is continuous (expected a categorical attribute"));
    }
}
