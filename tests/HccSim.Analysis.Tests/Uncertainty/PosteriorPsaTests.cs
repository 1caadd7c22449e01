using HccSim.Analysis.Uncertainty;
using HccSim.Scenarios;
using HccSim.Scenarios.Tests;

namespace HccSim.Analysis.Tests.Uncertainty;

/// <summary>A posterior sample in the uncertainty section: the PSA draws its rows whole, reproducibly, beside the other distributions.</summary>
public sealed class PosteriorPsaTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    private const string MedianPath = "strategies.s.transitions[alive->dead].median";
    private const string HrPath = "strategies.s.transitions[0].hr.burden.beyond";

    private static string Scenario(bool posterior) => $$"""
        scenario: post
        horizon: 120 months
        cohort: { patients: 200, seed: 11, attributes: { burden: { within: 0.5, beyond: 0.5 } } }
        economics: { currency: USD, willingness_to_pay: 100000/QALY, discount: 3%/year }
        strategies:
          s:
            start: alive
            states: { alive: { progression_free: true, utility: 0.8, cost: 100/month }, dead: { dead: true } }
            transitions:
              - { from: alive, to: dead, median: 10 months, hr: { burden: { beyond: 1.5 } } }
          t:
            start: alive
            states: { alive: { progression_free: true, utility: 0.8, cost: 200/month }, dead: { dead: true } }
            transitions: [ { from: alive, to: dead, median: 12 months } ]
        calibration:
          free:
            - { path: "{{MedianPath}}", bounds: [2, 40] }
            - { path: "{{HrPath}}", bounds: [0.5, 4] }
        uncertainty:
          parameters: [ { name: utility, path: "strategies.s.states.alive.utility", beta: { mean: 0.8, se: 0.05 } } ]
        {{(posterior ? "  posterior: { file: post.posterior.csv }" : "")}}
        """;

    private static readonly double[][] Rows = { new[] { 8.0, 1.1 }, new[] { 9.5, 1.7 }, new[] { 12.0, 2.5 }, new[] { 14.25, 0.9 } };

    private ScenarioDefinition Define(bool posterior = true)
    {
        _temp.Write("post.posterior.csv", "# stamp\n" + $"{MedianPath},{HrPath}\n" + string.Join("\n", Rows.Select(r => $"{r[0]},{r[1]}")) + "\n");
        return ScenarioLoader.Define(_temp.Write("post.yaml", Scenario(posterior)));
    }

    [Fact]
    public void EachDrawTakesAWholeRowOfThePosteriorAndLeavesTheOtherParametersAsTheyWere()
    {
        var with = PsaRunner.Run(Define(), new PsaOptions(40, 50, 3, 1) { WillingnessToPay = 100_000 });
        var without = PsaRunner.Run(Define(posterior: false), new PsaOptions(40, 50, 3, 1) { WillingnessToPay = 100_000 });
        Assert.Equal(new[] { "utility", MedianPath, HrPath }, with.ParameterNames);
        var seen = new HashSet<int>();
        for (int k = 0; k < 40; k++)
        {
            int row = Array.FindIndex(Rows, r => r[0] == with.Parameters[k, 1] && r[1] == with.Parameters[k, 2]);
            Assert.True(row >= 0, $"draw {k} holds ({with.Parameters[k, 1]}, {with.Parameters[k, 2]}), no row of the sample");
            seen.Add(row);
            Assert.Equal(without.Parameters[k, 0], with.Parameters[k, 0]);
        }
        Assert.Equal(4, seen.Count);
    }

    [Fact]
    public void PosteriorDrawsAreTheSameOnOneAndTwoThreads()
    {
        var definition = Define();
        var one = PsaRunner.Run(definition, new PsaOptions(20, 50, 5, 1) { WillingnessToPay = 100_000 });
        var two = PsaRunner.Run(definition, new PsaOptions(20, 50, 5, 2) { WillingnessToPay = 100_000 });
        Assert.Equal(one.Parameters, two.Parameters);
        Assert.Equal(one.Analysis.NetBenefit(0, 100_000).Mean, two.Analysis.NetBenefit(0, 100_000).Mean);
    }

    [Fact]
    public void ThePosteriorsColumnsFormTheirOwnEvppiGroup()
    {
        var u = Define().Scenario.Uncertainty!;
        var groups = PsaSettings.EvppiGroups(u, null, "post.yaml");
        Assert.Contains(groups, g => g.Name == "calibrated" && g.Members.SequenceEqual(new[] { 1, 2 }));
        Assert.Contains(groups, g => g.Name == MedianPath && g.Members.SequenceEqual(new[] { 1 }));
    }

    [Fact]
    public void TheBaseCaseHoldsTheCalibratedParametersAtTheWrittenNumbers()
    {
        var model = new UncertaintyModel(Define().Scenario.Uncertainty!).Parameterise(Define());
        Assert.Equal(new[] { 0.8, 10, 1.5 }, model.BaseValues());
    }
}
