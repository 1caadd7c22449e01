using HccSim.Scenarios;
using HccSim.Analysis.Targets;

using HccSim.Scenarios.Tests;

namespace HccSim.Analysis.Tests.Targets;

/// <summary>Subgroup targets, hazard-ratio targets and cumulative incidence, against closed forms.</summary>
public sealed class TargetEvaluationTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    // Progression 0.05/month (×1.5 beyond), death from alive with median 24 months: within each subgroup the
    // time leaving 'alive' (PFS) is exponential with rate λp·HR + ln2/24.
    private const double Death = 0.028881132523331052; // ln 2 / 24
    private static readonly string Scenario = TempScenario.Valid.Replace("patients: 1000", "patients: 100000") + """

          slower:
            extends: base
            transitions:
              - { from: alive, to: progressed, rate: 0.025/month, tag: progression }
        targets:
          - { strategy: base, outcome: pfs_median, value: 6.67, subgroup: { burden: beyond }, source: test }
          - { strategy: base, outcome: pfs_median, value: 8.79, subgroup: { burden: within }, source: test }
          - { strategy: slower, outcome: pfs_hr(base), value: 0.64, subgroup: { burden: beyond }, source: test }
          - { strategy: slower, outcome: "tagged_at(progression, 12)", value: 0.25, subgroup: { burden: within }, source: test }
          - { strategy: slower, outcome: pfs_median, value: 10, source: test }
        """;

    private static IReadOnlyList<TargetResult> Evaluate(Scenario scenario, int? patients = null, ulong? seed = null, int threads = 2)
        => TargetEvaluation.Evaluate(scenario, Core.Engine.Simulator.Run(scenario.RequireSimulated(), new Core.Engine.SimulationOptions
        {
            Patients = patients ?? scenario.Patients, Seed = seed ?? scenario.Seed, Threads = threads,
            Partition = TargetEvaluation.Partition(scenario, scenario.RequireSimulated()),
        }));

    private static double Se(TargetResult r) => (r.Simulated.Upper - r.Simulated.Lower) / (2 * 1.959963984540054);

    [Fact]
    public void SubgroupMediansAreThoseOfTheSubgroupAlone()
    {
        var results = Evaluate(_temp.Load("s.yaml", Scenario));
        double beyond = Math.Log(2) / (0.05 * 1.5 + Death), within = Math.Log(2) / (0.05 + Death);
        Assert.Equal("burden=beyond", results[0].Target.SubgroupText);
        Assert.InRange(results[0].Simulated.Value, beyond - 4 * Se(results[0]), beyond + 4 * Se(results[0]));
        Assert.InRange(results[1].Simulated.Value, within - 4 * Se(results[1]), within + 4 * Se(results[1]));
        // The whole cohort mixes the two (40% within): its median lies strictly between them.
        Assert.InRange(results[4].Simulated.Value, Math.Log(2) / (0.025 * 1.5 + Death), Math.Log(2) / (0.025 + Death));
    }

    [Fact]
    public void HazardRatioOfTwoExponentialArmsIsTheRatioOfTheirRates()
    {
        var r = Evaluate(_temp.Load("s.yaml", Scenario))[2];
        double expected = (0.025 * 1.5 + Death) / (0.05 * 1.5 + Death);
        double seLog = Se(r) / r.Simulated.Value; // the interval is Wald on the log scale
        Assert.InRange(Math.Log(r.Simulated.Value), Math.Log(expected) - 4 * seLog, Math.Log(expected) + 4 * seLog);
        Assert.True(seLog < 0.01, $"SE of log HR {seLog}");
        Assert.Equal(r.Simulated.Value, Math.Sqrt(r.Simulated.Lower * r.Simulated.Upper), 9);
    }

    [Fact]
    public void TaggedAtIsTheCumulativeIncidenceWithDeathCompeting()
    {
        var r = Evaluate(_temp.Load("s.yaml", Scenario))[3];
        double total = 0.025 + Death, expected = 0.025 / total * (1 - Math.Exp(-total * 12));
        Assert.InRange(r.Simulated.Value, expected - 4 * Se(r), expected + 4 * Se(r));
    }

    [Fact]
    public void SameSeedGivesTheSameSubgroupResultsOnOneOrTwoThreads()
    {
        var scenario = _temp.Load("s.yaml", Scenario);
        var one = Evaluate(scenario, 20000, 3, threads: 1);
        var two = Evaluate(scenario, 20000, 3, threads: 2);
        Assert.Equal(one.Select(r => r.Simulated), two.Select(r => r.Simulated));
        Assert.Equal(one.Select(r => r.Patients), two.Select(r => r.Patients));
    }

    [Fact]
    public void ASubgroupTargetRestsOnItsShareOfTheOneCohortAndAgreesWithAConditionedRerun()
    {
        // One pass of 40,000 patients: the beyond targets rest on those who started beyond, Binomial(40000, 0.6).
        var scenario = _temp.Load("s.yaml", Scenario);
        const int patients = 40_000;
        var onePass = Evaluate(scenario, patients, 11);
        double sd = Math.Sqrt(patients * 0.6 * 0.4);
        Assert.InRange(onePass[0].Patients!.Value, patients * 0.6 - 4 * sd, patients * 0.6 + 4 * sd);
        Assert.Equal(patients, onePass[0].Patients + onePass[1].Patients);
        Assert.Equal(onePass[0].Patients, onePass[2].Patients);
        Assert.Equal(patients, onePass[4].Patients);
        // The old way, every patient conditioned on the level (all 40,000 in the subgroup): the same quantity, so the two
        // agree within 4 SE of their difference.
        var model = scenario.RequireSimulated();
        foreach (int i in new[] { 0, 1, 2, 3 })
        {
            var subgroup = onePass[i].Target.Subgroup;
            var conditioned = Core.Engine.Simulator.Run(subgroup.Aggregate(model, (m, c) => m.ForLevel(c.Attribute, c.Level)),
                new Core.Engine.SimulationOptions { Patients = patients, Seed = 11, Threads = 2 });
            var rerun = TargetEvaluation.Evaluate(scenario, conditioned, ranOn: subgroup).Single(r => r.Target.Index == onePass[i].Target.Index);
            Assert.Equal(patients, rerun.Patients);
            Assert.True(Se(rerun) < Se(onePass[i]), $"target {i}: the conditioned rerun's SE {Se(rerun)} is not below the one pass's {Se(onePass[i])}");
            double tolerance = 4 * Math.Sqrt(Se(rerun) * Se(rerun) + Se(onePass[i]) * Se(onePass[i]));
            Assert.InRange(onePass[i].Simulated.Value, rerun.Simulated.Value - tolerance, rerun.Simulated.Value + tolerance);
        }
    }

    [Fact]
    public void ASubgroupNoPatientStartedInIsNotJudgedAndSaysItRestsOnNone()
    {
        // One patient: one burden level has them, the other nobody.
        var results = Evaluate(_temp.Load("s.yaml", Scenario), patients: 1, seed: 5);
        var empty = Assert.Single(results.Take(2), r => r.Patients == 0);
        Assert.Equal(1, Assert.Single(results.Take(2), r => r.Patients == 1).Patients);
        Assert.True(double.IsNaN(empty.Simulated.Value));
        Assert.Null(empty.Inside);
    }

    [Fact]
    public void ASubgroupTargetOnARunWithoutItsPartitionIsAnError()
    {
        var scenario = _temp.Load("s.yaml", Scenario);
        var plain = Core.Engine.Simulator.Run(scenario.RequireSimulated(), new Core.Engine.SimulationOptions { Patients = 100, Seed = 1, Threads = 1 });
        Assert.Throws<InvalidOperationException>(() => TargetEvaluation.Evaluate(scenario, plain));
    }

    [Theory]
    [InlineData("subgroup: { burdn: beyond }", "subgroup attribute 'burdn' is not an attribute of the cohort; did you mean 'burden'?")]
    [InlineData("subgroup: { burden: beyon }", "'beyon' is not a level of 'burden' (levels: within, beyond); did you mean 'beyond'?")]
    [InlineData("outcome: pfs_hr(base)", "target outcome: outcome 'pfs_hr(base)' compares strategy 'base' with itself (expected another strategy)")]
    [InlineData("outcome: os_hr(nothing)", "target outcome: 'nothing' is not a strategy of the scenario")]
    [InlineData("outcome: tagged_at(progression)", "target outcome: outcome 'tagged_at' needs a tag and a time, e.g. tagged_at(recurrence, 60)")]
    [InlineData("weight: -1", "target weight")]
    public void BadTargetsAreRefusedWithTheirLine(string field, string message)
    {
        var text = TempScenario.Valid + $"\ntargets:\n  - {{ strategy: base, outcome: pfs_median, value: 6, source: test, {field} }}\n";
        text = text.Replace("outcome: pfs_median, value: 6, source: test, outcome:", "value: 6, source: test, outcome:");
        var errors = _temp.Errors("bad.yaml", text);
        var e = Assert.Single(errors);
        Assert.Equal(19, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void ASubgroupOnAContinuousAttributeIsRefused()
    {
        var text = TempScenario.Valid.Replace("burden: { within: 0.4, beyond: 0.6 }", "burden: { within: 0.4, beyond: 0.6 }\n    age: { uniform: [40, 90] }")
            + "\ntargets:\n  - { strategy: base, outcome: pfs_median, value: 6, source: test, subgroup: { age: 50 } }\n";
        var e = Assert.Single(_temp.Errors("bad.yaml", text));
        Assert.Contains("subgroup attribute 'age' is continuous", e.Message);
    }

    [Fact]
    public void SeparatedArmsHaveNoHazardRatio()
    {
        // Everyone on 'early' dies at 3 months, everyone on 'late' at 6: no 'late' death while 'early' is at risk, so the
        // partial likelihood has no maximum. The ratio is inestimable, never 0 or ∞, and the target is not counted as met.
        var text = """
            scenario: sep
            horizon: 12
            cohort: { patients: 1000, seed: 1 }
            strategies:
              early: { start: a, states: { a: {}, d: { dead: true } }, transitions: [ { from: a, to: d, delay: 3 months } ] }
              late: { start: a, states: { a: {}, d: { dead: true } }, transitions: [ { from: a, to: d, delay: 6 months } ] }
            targets:
              - { strategy: late, outcome: os_hr(early), value: 0.5, lower: 0.4, upper: 0.6, source: test }
            """;
        var r = Assert.Single(Evaluate(_temp.Load("sep.yaml", text)));
        Assert.True(double.IsNaN(r.Simulated.Value));
        Assert.Null(r.Inside);
    }
}
