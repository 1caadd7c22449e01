using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;
using HccSim.Core.Examples;
using HccSim.Core.Model;
using HccSim.Core.Outcomes;

namespace HccSim.Scenarios.Tests;

public class ScenarioReadingTests : IDisposable
{
    private readonly TempScenario _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void TheReferenceChainFileGivesTheModelBuiltInCodeToTheBit()
    {
        var scenario = ScenarioLoader.Load(TempScenario.Repository("scenarios/examples/reference-chain.yaml"));
        var inCode = ModelCompiler.Compile(ReferenceChain.Model(discounting: Discounting.Both(0.03)));
        var options = new SimulationOptions { Patients = 20_000, Seed = scenario.Seed };
        var fromFile = Simulator.Run(scenario.RequireSimulated(), options);
        var fromCode = Simulator.Run(inCode, options);
        Assert.True(fromFile.Tallies[0].ContentEquals(fromCode.Tallies[0]));
        Assert.Equal(1_000_000, scenario.Patients);
        Assert.Equal(64, scenario.Sha256.Length);
    }

    [Fact]
    public void UnitsConvertToMonths()
    {
        var s = _temp.Load("units.yaml", """
            scenario: units
            time_unit: weeks
            horizon: 2 years
            strategies:
              s:
                start: a
                states:
                  a: { cost: 1200/year }
                  b: { cost: 10, absorbing: true }
                  c: { absorbing: true }
                  d: { absorbing: true }
                  e: { absorbing: true }
                transitions:
                  - { from: a, to: b, rate: 0.6/year }
                  - { from: a, to: c, median: 26 }
                  - { from: a, to: d, delay: 6 weeks }
                  - { from: a, to: e, delay: { uniform: [4 weeks, 6 weeks] } }
            """);
        Assert.Equal(24, s.Model!.HorizonMonths);
        var p = (PathwayStrategy)s.Model!.Strategies[0];
        Assert.Equal(100, p.States[0].CostPerMonth, 12);                       // 1200/year
        Assert.Equal(10 / (7 / Units.Quantity.DaysPerMonth), p.States[1].CostPerMonth, 9); // bare = per week
        Assert.Equal(0.05, ((Exponential)p.Transitions[0].Time).Rate, 12);
        Assert.Equal(Math.Log(2) / (26 * 7 / Units.Quantity.DaysPerMonth), ((Exponential)p.Transitions[1].Time).Rate, 12);
        Assert.Equal(6 * 7 / Units.Quantity.DaysPerMonth, ((FixedDelay)p.Transitions[2].Time).Months, 12);
        Assert.Equal(new UniformDelay(4 * 7 / Units.Quantity.DaysPerMonth, 6 * 7 / Units.Quantity.DaysPerMonth), p.Transitions[3].Time);
    }

    [Fact]
    public void AStrategyThatExtendsAnotherOverridesOnlyWhatDiffers()
    {
        var s = _temp.Load("extends.yaml", TempScenario.Valid + """

              better:
                extends: base
                label: Better
                states:
                  alive: { cost: 300/month }
                transitions:
                  - { from: alive, to: progressed, median: 30 months }
                  - { from: progressed, to: dead, remove: true }
                  - { from: progressed, to: dead, rate: 0.01/month }
            """);
        var b = (PathwayStrategy)s.Model!.Strategies[1];
        Assert.Equal("Better", b.Label);
        var alive = b.States.Single(x => x.Name == "alive");
        Assert.Equal(300, alive.CostPerMonth);
        Assert.Equal(0.8, alive.Utility);                                   // inherited
        Assert.Equal(StateFlags.ProgressionFree, alive.Flags);             // inherited
        var progression = b.Transitions.Single(t => t.From == "alive" && t.To == "progressed");
        Assert.Equal(Math.Log(2) / 30, ((Exponential)progression.Time).Rate, 12); // replaced rate by median
        Assert.Single(progression.HazardRatios);                            // inherited hr
        Assert.Equal(0.01, ((Exponential)b.Transitions.Single(t => t.From == "progressed").Time).Rate, 12);
        Assert.Equal(3, b.Transitions.Count);
    }

    [Fact]
    public void AStrategyMayExtendOneInAnotherFile()
    {
        _temp.Write("base.yaml", TempScenario.Valid);
        var s = _temp.Load("child.yaml", """
            scenario: child
            horizon: 60 months
            cohort:
              attributes:
                burden: { within: 0.4, beyond: 0.6 }
            strategies:
              child:
                extends: base.yaml#base
                states:
                  alive: { utility: 0.9 }
            """);
        Assert.Equal(0.9, ((PathwayStrategy)s.Model!.Strategies[0]).States.Single(x => x.Name == "alive").Utility);
        Assert.Equal(2, s.InputFiles.Count);
    }

    [Fact]
    public void ATieredStrategyRoutesByAttributes()
    {
        var s = _temp.Load("tiered.yaml", TempScenario.Valid + """

              tiered:
                label: Tiered
                tiers:
                  - { when: { burden: within }, use: base }
                  - { use: base }
            """);
        var t = (TieredStrategy)s.Model!.Strategies[1];
        Assert.Equal(2, t.Rules.Count);
        Assert.Equal(new[] { "within" }, ((LevelCondition)t.Rules[0].When[0]).Levels);
    }

    [Fact]
    public void ALifeTableBesideTheScenarioIsRead()
    {
        _temp.Write("life.csv", "age,q\n40,0.002\n60,0.01\n80,0.08\n100,1\n");
        var s = _temp.Load("life.yaml", TempScenario.Valid.Replace("    burden: { within: 0.4, beyond: 0.6 }", "    burden: { within: 0.4, beyond: 0.6 }\n    age: { normal: { mean: 70, sd: 8 }, min: 40, max: 90 }")
            + "\nbackground_mortality: { life_table: life.csv }\n");
        Assert.Equal(-Math.Log(1 - 0.01), s.Model!.BackgroundMortality!.AnnualHazards[1], 12);
        Assert.Equal("age", s.Model!.AgeAttribute);
        Assert.Contains(s.InputFiles, f => f.EndsWith("life.csv"));
    }

    [Fact]
    public void TheTaceScenarioReproducesItsPublishedMedianPfs()
    {
        // The subgroup share was derived so the two published subgroup medians give the overall 13.5 months.
        var scenario = ScenarioLoader.Load(TempScenario.Repository("scenarios/tace.yaml"));
        var result = Simulator.Run(scenario.RequireSimulated(), new SimulationOptions { Patients = scenario.Patients, Seed = scenario.Seed });
        var target = scenario.Targets[0];
        Assert.Equal(("tace", "pfs_median", 13.5, 0), (target.Strategy, target.Outcome, target.Value, target.Subgroup.Count));
        var outcome = NamedOutcome.Parse(target.Outcome, scenario.RequireSimulated(), 0, TimeGrid.Default, out _)!;
        var simulated = outcome.Evaluate(result.Strategies[0]);
        Assert.True(Math.Abs(simulated.Value - target.Value) <= 4 * simulated.StandardError,
            $"median PFS {simulated.Value} vs target {target.Value} (SE {simulated.StandardError})");
    }

    [Fact]
    public void TheScenarioHashChangesWithTheFileAndOnlyWithIt()
    {
        var a = _temp.Load("h.yaml", TempScenario.Valid);
        var b = _temp.Load("h.yaml", TempScenario.Valid);
        var c = _temp.Load("h.yaml", TempScenario.Valid.Replace("seed: 7", "seed: 8"));
        Assert.Equal(a.Sha256, b.Sha256);
        Assert.NotEqual(a.Sha256, c.Sha256);
    }

    [Fact]
    public void TheWorkedExampleInTheFormatReferenceIsAValidScenario()
    {
        string doc = File.ReadAllText(TempScenario.Repository("docs/scenario-format.md"));
        int start = doc.IndexOf("```yaml\n", doc.IndexOf("## A worked example", StringComparison.Ordinal), StringComparison.Ordinal) + "```yaml\n".Length;
        string yaml = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
        var s = _temp.Load("example.yaml", yaml);
        Assert.Equal("abc-sketch", s.Name);
        Assert.Equal(7, ((PathwayStrategy)s.Model!.Strategies[0]).Transitions.Count);
    }

    [Fact]
    public void AStrategyFromAnotherFileKeepsThatFilesTimeUnit()
    {
        _temp.Write("yearly.yaml", "scenario: yearly\ntime_unit: years\nhorizon: 10\nstrategies:\n  p:\n    start: a\n    states: { a: {}, d: { dead: true } }\n    transitions: [ { from: a, to: d, median: 2 } ]\n");
        var s = _temp.Load("monthly.yaml", "scenario: monthly\nhorizon: 120\nstrategies:\n  c: { extends: yearly.yaml#p }\n");
        Assert.Equal(Math.Log(2) / 24, ((Exponential)((PathwayStrategy)s.Model!.Strategies[0]).Transitions[0].Time).Rate, 12);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("~")]
    [InlineData("[]")]
    public void OnNothingMeansDrugFree(string on)
    {
        var s = _temp.Load("on.yaml", $"scenario: on\nhorizon: 12\nstrategies:\n  s:\n    start: a\n    states: {{ a: {{ cancer_free: true, on: {on}, absorbing: true }} }}\n");
        Assert.True(((PathwayStrategy)s.Model!.Strategies[0]).States[0].IsCancerFreeDrugFree);
    }

    [Fact]
    public void SeedsKeepEverySixtyFourBitDigit()
    {
        var s = _temp.Load("seed.yaml", TempScenario.Valid.Replace("seed: 7", "seed: 18446744073709551615"));
        Assert.Equal(ulong.MaxValue, s.Seed);
        Assert.Equal(9007199254740993UL, _temp.Load("seed2.yaml", TempScenario.Valid.Replace("seed: 7", "seed: 9007199254740993")).Seed);
    }

    [Fact]
    public void TargetTimesAndDurationsFollowTheTimeUnit()
    {
        var s = _temp.Load("units.yaml", TempScenario.Valid.Replace("horizon: 60 months", "time_unit: years\nhorizon: 5").Replace("rate: 0.05/month", "rate: 0.05/month").Replace("median: 24 months", "median: 24 months")
            + "\ntargets:\n  - { strategy: base, outcome: os_at(3), value: 0.3, source: test }\n  - { strategy: base, outcome: os_median, value: 2, source: test }\n");
        Assert.Equal("os_at(36)", s.Targets[0].Outcome);
        Assert.Equal(24, s.Targets[1].Value);
    }

    [Fact]
    public void TheScenarioHashIsTheFilesSha256()
    {
        string path = _temp.Write("h.yaml", TempScenario.Valid);
        var s = ScenarioLoader.Load(path);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), s.Sha256);
    }

    [Fact]
    public void ACycleBasedScenarioGivesTheHandComputedTrace()
    {
        // The 3-state example of the cohort-trace tests, written as a scenario with yearly cycles.
        var s = _temp.Load("cycles.yaml", """
            scenario: cycles
            horizon: 3 years
            cycle: { length: 1 year, correction: none }
            strategies:
              s:
                start: healthy
                states:
                  healthy: { progression_free: true, cost: 1200/year, utility: 1 }
                  sick: { cost: 6000/year, utility: 0.5 }
                  dead: { dead: true }
                transitions:
                  - { from: healthy, to: sick, probability: 0.10/cycle }
                  - { from: healthy, to: dead, probability: 5% }
                  - { from: sick, to: dead, probability: 0.2 }
            """);
        Assert.Equal(new HccSim.Core.Cycles.CycleSettings(12, HccSim.Core.Cycles.WithinCycleCorrection.None), s.Cycle);
        var trace = HccSim.Core.Cycles.CohortTrace.Run(s.RequireSimulated(), s.Cycle!)[0];
        Assert.Equal(new[] { 1, 0.85, 0.7225, 0.614125 }, trace.OccupancyOf("healthy").Select(x => Math.Round(x, 12)));
        Assert.Equal(2.8375, trace.LifeYears.Mean, 12);
        Assert.Equal(4677, trace.Costs.Mean, 9);
    }

    [Fact]
    public void TheCycleBlockDeclaresTheRunMethodAndTheDarthCorrection()
    {
        var s = _temp.Load("declared.yaml", TempScenario.Valid.Replace("horizon: 60 months", "horizon: 60 months\ncycle: { length: 3 months, correction: darth_simpson, method: exact }"));
        Assert.Equal(new HccSim.Core.Cycles.CycleSettings(3, HccSim.Core.Cycles.WithinCycleCorrection.DarthSimpson), s.Cycle);
        Assert.Equal(HccSim.Core.Analytic.RunMethod.Exact, s.Method);
        Assert.Null(_temp.Load("undeclared.yaml", TempScenario.Valid).Method); // nothing declared: run's default, continuous
    }

    [Fact]
    public void ProbabilitiesByCycleInStateAndRatesPerCycleAreRead()
    {
        var s = _temp.Load("tunnel.yaml", """
            scenario: tunnel
            horizon: 12 months
            cycle: { length: 1 month }
            strategies:
              s:
                start: sick
                states: { sick: {}, sicker: { absorbing: true }, gone: { absorbing: true } }
                transitions:
                  - { from: sick, to: sicker, probability: [0.1, 0.2, 0.3] }
                  - { from: sick, to: gone, rate: 0.02/cycle }
            """);
        var p = (PathwayStrategy)s.Model!.Strategies[0];
        var perCycle = Assert.IsType<PerCycle>(p.Transitions[0].Time);
        Assert.Equal(1, perCycle.CycleMonths);
        Assert.Equal(new[] { 0.1, 0.2, 0.3 }, perCycle.Probabilities);
        Assert.Equal(0.02, ((Exponential)p.Transitions[1].Time).Rate, 12);
    }
}
