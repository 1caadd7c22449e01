using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Model;

namespace HccSim.Core.Tests.Compilation;

/// <summary>Named clocks and rewards over time: each mistake refused with one error naming the element at fault.</summary>
public class ClockAndRewardValidationTests
{
    private static readonly NamedClock Onset = new("onset", new[] { "sick", "sicker" });

    private static CohortModel Model(IReadOnlyList<Transition>? transitions = null, IReadOnlyList<State>? states = null, IReadOnlyList<NamedClock>? clocks = null)
        => new(120, new Strategy[]
        {
            new PathwayStrategy("s", "well",
                states ?? new[] { TestModels.Alive("well"), TestModels.Alive("sick"), TestModels.Alive("sicker"), TestModels.Dead() },
                transitions ?? new[]
                {
                    new Transition("well", "sick", new Exponential(0.1)),
                    new Transition("sick", "sicker", new Exponential(0.1)),
                    new Transition("sicker", "dead", new Exponential(0.1)),
                })
            { Clocks = clocks ?? new[] { Onset } },
        });

    private static ModelError OneError(CohortModel model) => Assert.Single(Assert.Throws<ModelValidationException>(() => ModelCompiler.Compile(model)).Errors);

    private static Transition[] WithDeathOn(string from, string? clock) => new[]
    {
        new Transition("well", "sick", new Exponential(0.1)),
        new Transition("sick", "sicker", new Exponential(0.1)),
        new Transition(from, "dead", new Weibull(1.2, 30)) { Clock = Clock.Named, ClockName = clock },
    };

    [Fact]
    public void ATransitionOnAClockTheStrategyDoesNotHaveIsRefusedWithASuggestion()
    {
        var e = OneError(Model(WithDeathOn("sicker", "onst")));
        Assert.Equal("strategy 's', transition 3 (sicker → dead)", e.Element);
        Assert.Equal("is on clock 'onst', which is not a clock of this strategy (expected in_state, since_start, age or one of its clocks: onset); did you mean 'onset'?", e.Message);
    }

    [Fact]
    public void ATransitionFromAStateItsClockDoesNotRunInIsRefused()
        => Assert.Equal("is on clock 'onset', which does not run in 'well' (it runs in sick, sicker; expected a state of its set)",
            OneError(Model(WithDeathOn("well", "onset"))).Message);

    [Fact]
    public void ANamedClockWithoutANameIsRefused()
        => Assert.Equal("is on a named clock but names none", OneError(Model(WithDeathOn("sicker", null))).Message);

    [Fact]
    public void AClockRunningInAnUnknownStateIsRefused()
        => Assert.Equal("runs in 'sickker', which is not a state of this strategy; did you mean 'sicker'?",
            OneError(Model(clocks: new[] { new NamedClock("onset", new[] { "sick", "sickker" }) })).Message);

    [Fact]
    public void AClockRunningInTheDeadStateIsRefused()
        => Assert.Equal("runs in the dead state 'dead' (expected living states)",
            OneError(Model(clocks: new[] { new NamedClock("onset", new[] { "sick", "dead" }) })).Message);

    [Fact]
    public void AClockListingAStateTwiceIsRefused()
        => Assert.Equal("lists 'sick' twice (expected each state once)",
            OneError(Model(clocks: new[] { new NamedClock("onset", new[] { "sick", "sick" }) })).Message);

    [Fact]
    public void TwoClocksOfOneNameAreRefused()
        => Assert.Equal("is defined more than once", OneError(Model(clocks: new[] { Onset, Onset })).Message);

    private static State[] WithSick(State sick) => new[] { TestModels.Alive("well"), sick, TestModels.Alive("sicker"), TestModels.Dead() };

    [Fact]
    public void ChangePointsThatDoNotIncreaseAreRefused()
    {
        var e = OneError(Model(states: WithSick(new State("sick") { CostByTime = new TimeProfile(new[] { 0.0, 6, 3 }, new[] { 1.0, 2, 3 }) })));
        Assert.Equal("strategy 's', state 'sick'", e.Element);
        Assert.Equal("cost by time change points must increase (got 3 months after 6)", e.Message);
    }

    [Fact]
    public void AProfileThatDoesNotStartAtZeroIsRefused()
        => Assert.Equal("utility by time must start at time 0 (got 2)",
            OneError(Model(states: WithSick(new State("sick") { UtilityByTime = new TimeProfile(new[] { 2.0 }, new[] { 0.5 }) }))).Message);

    [Fact]
    public void AUtilityOverTimeOutOfRangeIsRefused()
        => Assert.Equal("utility by time: each utility must be between −1 and 1 (got 1.5)",
            OneError(Model(states: WithSick(new State("sick") { UtilityByTime = new TimeProfile(new[] { 0.0, 1 }, new[] { 0.5, 1.5 }) }))).Message);

    [Fact]
    public void AConstantBesideARewardOverTimeIsRefused()
        => Assert.Equal("gives both a constant utility and a utility by time (expected one of them)",
            OneError(Model(states: WithSick(new State("sick", Utility: 0.7) { UtilityByTime = new TimeProfile(new[] { 0.0 }, new[] { 0.5 }) }))).Message);

    [Fact]
    public void ARewardOnAClockThatDoesNotRunInTheStateIsRefused()
        => Assert.Equal("utility by time is on clock 'onset', which does not run in 'well' (it runs in sick, sicker; expected a state of its set)",
            OneError(Model(states: new[]
            {
                new State("well") { UtilityByTime = new TimeProfile(new[] { 0.0, 6 }, new[] { 1.0, 0.9 }) { ClockName = "onset" } },
                TestModels.Alive("sick"), TestModels.Alive("sicker"), TestModels.Dead(),
            })).Message);

    [Fact]
    public void ADeadStateWithARewardOverTimeIsRefused()
        => Assert.Contains("is dead: it accrues no cost or utility", OneError(Model(states: new[]
        {
            TestModels.Alive("well"), TestModels.Alive("sick"), TestModels.Alive("sicker"),
            new State("dead", StateFlags.Dead) { CostByTime = new TimeProfile(new[] { 0.0 }, new[] { 0.0 }) },
        })).Message);

    [Fact]
    public void PerCycleProbabilitiesOfOneStateChangingOnTwoClocksAreRefused()
    {
        var e = OneError(Model(new[]
        {
            new Transition("well", "sick", new Exponential(0.1)),
            new Transition("sick", "sicker", new PerCycle(1, new[] { 0.1, 0.2 })),
            new Transition("sick", "dead", new PerCycle(1, new[] { 0.01, 0.02 })) { Clock = Clock.Named, ClockName = "onset" },
            new Transition("sicker", "dead", new Exponential(0.1)),
        }));
        Assert.Equal("strategy 's', state 'sick'", e.Element);
        Assert.Equal("per-cycle probabilities of leaving change on more than one clock (in_state and onset); they are read together, one distribution a cycle, so those that change must share one clock", e.Message);
    }
}
