using HccSim.Core.Model;

namespace HccSim.Scenarios.Tests;

/// <summary>Named clocks and rewards by time as written in a scenario: read into the model, and each mistake said at its place.</summary>
public class ClocksAndRewardsReadingTests : IDisposable
{
    private readonly TempScenario _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A scenario with a clock over sick and sicker; <c>{0}</c> … are the lines a test changes.</summary>
    private const string Template = """
        scenario: clocks
        horizon: 24 months
        cycle: { length: 1 month }
        strategies:
          s:
            start: well
            clocks: { onset: [sick, sicker] }
            states:
              well: { utility: 1 }
              sick: SICK
              sicker: { cost: 100/month, utility: 0.5 }
              dead: { dead: true }
            transitions:
              - { from: well, to: sick, rate: 0.1/month }
              - { from: sick, to: sicker, rate: 0.1/month }
              - TRANSITION
        """;

    private static string Text(string sick = "{ cost: { by_time: [[0, 5000/month], [3 months, 1000/month]] }, utility: [0.9, 0.8, 0.7], clock: onset }",
        string transition = "{ from: [sick, sicker], to: dead, clock: onset, weibull: { shape: 1.2, scale: 30 months } }")
        => Template.Replace("SICK", sick).Replace("TRANSITION", transition);

    private void OneError(string text, int line, int column, string message)
    {
        var errors = _temp.Errors("bad.yaml", text);
        string expected = $"{Path.Combine(_temp.Folder, "bad.yaml")}:{line}:{column}: {message}";
        Assert.True(errors.Count == 1 && errors[0].ToString() == expected, $"\nexpected {expected}\nactual   {string.Join("\n         ", errors)}");
    }

    [Fact]
    public void ClocksRewardsByTimeAndByCycleAndTransitionsOnAClockAreRead()
    {
        var p = (PathwayStrategy)_temp.Load("ok.yaml", Text()).Model!.Strategies[0];
        var clock = Assert.Single(p.Clocks);
        Assert.Equal("onset", clock.Name);
        Assert.Equal(new[] { "sick", "sicker" }, clock.States);
        var sick = p.States.Single(s => s.Name == "sick");
        Assert.Equal(new[] { 0.0, 3 }, sick.CostByTime!.Starts);
        Assert.Equal(new[] { 5000.0, 1000 }, sick.CostByTime.Values);
        Assert.Equal(new[] { 0.0, 1, 2 }, sick.UtilityByTime!.Starts);
        Assert.Equal(new[] { 0.9, 0.8, 0.7 }, sick.UtilityByTime.Values);
        Assert.Equal("onset", sick.CostByTime.ClockName);
        Assert.Equal("onset", sick.UtilityByTime.ClockName);
        Assert.Equal((0.0, 0.0), (sick.CostPerMonth, sick.Utility));
        Assert.All(p.Transitions.Where(t => t.To == "dead"), t => Assert.Equal((Clock.Named, "onset"), (t.Clock, t.ClockName)));
    }

    [Fact]
    public void AStrategyThatExtendsAnotherInheritsItsClocksAndMayGiveAStateARewardOnOne()
    {
        var text = Text(sick: "{ utility: 0.7 }") + """

              treated:
                extends: s
                states:
                  sick: { cost: 900/month, utility: [0.95, 0.9], clock: onset }
            """;
        var treated = (PathwayStrategy)_temp.Load("extends.yaml", text).Model!.Strategies[1];
        Assert.Equal("onset", Assert.Single(treated.Clocks).Name);
        var sick = treated.States.Single(s => s.Name == "sick");
        Assert.Equal((900.0, 0.0), (sick.CostPerMonth, sick.Utility));
        Assert.Equal(new[] { 0.95, 0.9 }, sick.UtilityByTime!.Values);
    }

    [Fact]
    public void ATransitionOnAClockTheStrategyDoesNotHave()
        => OneError(Text(transition: "{ from: sicker, to: dead, clock: onst, rate: 0.1/month }"), 16, 9,
            "strategy 's', transition 3 (sicker → dead): is on clock 'onst', which is not a clock of this strategy (expected in_state, since_start, age or one of its clocks: onset); did you mean 'onset'?");

    [Fact]
    public void ATransitionFromAStateTheClockDoesNotRunIn()
        => OneError(Text(transition: "{ from: [well, sicker], to: dead, clock: onset, rate: 0.1/month }"), 16, 9,
            "strategy 's', transition 3 (well → dead): is on clock 'onset', which does not run in 'well' (it runs in sick, sicker; expected a state of its set)");

    [Fact]
    public void ARewardOnAClockThatDoesNotRunInTheState()
        => OneError(Text(sick: "{ utility: 0.7 }").Replace("well: { utility: 1 }", "well: { utility: [1, 0.9], clock: onset }"), 9, 24,
            "strategy 's', state 'well': utility by time is on clock 'onset', which does not run in 'well' (it runs in sick, sicker; expected a state of its set)");

    [Fact]
    public void ChangePointsThatDoNotIncrease()
        => OneError(Text(sick: "{ cost: { by_time: [[0, 5000/month], [6 months, 1000/month], [3 months, 500/month]] } }"), 10, 32,
            "strategy 's', state 'sick': cost by time change points must increase (got 3 months after 6)");

    [Fact]
    public void ANegativeChangePoint()
        => OneError(Text(sick: "{ cost: { by_time: [[0, 5000/month], [-3 months, 1000/month]] } }"), 10, 51,
            "cost of state 'sick': change point -3 must be ≥ 0 (expected a duration such as 14 months or 6 weeks; a bare number is in months)");

    [Fact]
    public void AListByCycleWithoutACycle()
        => OneError(Text().Replace("cycle: { length: 1 month }\n", ""), 9, 86,
            "utility of state 'sick' is a list by cycle, but the scenario sets no 'cycle' (expected cycle: { length: 1 month }, or { by_time: [[from, value], …] })");

    [Fact]
    public void ARewardMapWithoutByTime()
        => OneError(Text(sick: "{ cost: { by_tme: [[0, 5000/month]] } }"), 10, 23,
            "unknown key 'by_tme' in cost of state 'sick' (expected one of: by_time); did you mean 'by_time'?");

    [Fact]
    public void AStateClockWithNothingToTime()
        => OneError(Text(sick: "{ cost: 100/month, clock: onset }"), 10, 39,
            "state 'sick' names a clock, but its cost and utility are constant (expected a cost or utility by cycle or by_time for the clock to time, or no clock)");

    [Fact]
    public void AStateClockOnTheAgeClock()
        => OneError(Text(sick: "{ utility: [0.9, 0.8], clock: age }"), 10, 43,
            "clock of state 'sick' is 'age', but rewards change with the time in the state or on a clock of the strategy (expected in_state or one of the strategy's clocks)");

    [Fact]
    public void AClockWithTheNameOfABuiltInClock()
        => OneError(Text(transition: "{ from: sicker, to: dead, rate: 0.1/month }").Replace("clocks: { onset: [sick, sicker] }", "clocks: { age: [sick, sicker] }").Replace(", clock: onset }", " }"), 7, 15,
            "clock 'age' has the name of a built-in clock (expected another name: in_state, since_start and age are always there)");

    [Fact]
    public void AClockOverAStateThatDoesNotExist()
        => OneError(Text().Replace("clocks: { onset: [sick, sicker] }", "clocks: { onset: [sick, sicker, sickker] }"), 7, 15,
            "strategy 's', clock 'onset': runs in 'sickker', which is not a state of this strategy; did you mean 'sicker'?");

    [Fact]
    public void PerCycleProbabilitiesChangingOnTwoClocksInOneState()
        => OneError(Text(transition: "{ from: sick, to: dead, clock: onset, probability: [0.01, 0.02] }")
                .Replace("{ from: sick, to: sicker, rate: 0.1/month }", "{ from: sick, to: sicker, probability: [0.1, 0.2] }")
                .Replace("sicker: { cost: 100/month, utility: 0.5 }", "sicker: { cost: 100/month, utility: 0.5, absorbing: true }"), 15, 9,
            "strategy 's', state 'sick': per-cycle probabilities of leaving change on more than one clock (in_state and onset); they are read together, one distribution a cycle, so those that change must share one clock");
}
