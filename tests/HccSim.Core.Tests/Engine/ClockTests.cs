using HccSim.Core.Distributions;
using HccSim.Core.Model;
using HccSim.Core.Tests.Oracles;

namespace HccSim.Core.Tests.Engine;

/// <summary>The same Weibull after a 6-month first state, on a reset clock and on a forward clock.</summary>
public class ClockTests
{
    private const int Patients = 200_000;
    private static readonly Weibull Time = new(1.7, 20);

    private static CohortModel TwoStage(Clock clock) => new(120, new Strategy[]
    {
        new PathwayStrategy("s", "first", new[] { TestModels.Alive("first"), TestModels.Alive("second"), TestModels.Dead() },
            new[]
            {
                new Transition("first", "second", new FixedDelay(6)),
                new Transition("second", "dead", Time) { Clock = clock },
            }),
    });

    private static double WeibullSurvival(double t) => Math.Exp(-Math.Pow(t / 20, 1.7));

    [Fact]
    public void ATimeInStateClockRestartsOnEntry()
    {
        var os = TestModels.Run(TwoStage(Clock.TimeInState), Patients).Strategies[0].OverallSurvival;
        foreach (double t in new[] { 12.0, 24, 36 })
            Tolerance.ProportionMatches(WeibullSurvival(t - 6), os.At(t).Mean, Patients, $"S({t})");
    }

    [Fact]
    public void AClockSinceStartIsSampledGivenTheTimeAlreadyElapsed()
    {
        // Hazard on time since start, entered at 6 months: S(t) = S_W(t) / S_W(6) for t ≥ 6.
        var os = TestModels.Run(TwoStage(Clock.TimeSinceStart), Patients).Strategies[0].OverallSurvival;
        Assert.Equal(1.0, os.At(6).Mean);
        foreach (double t in new[] { 12.0, 24, 36 })
            Tolerance.ProportionMatches(WeibullSurvival(t) / WeibullSurvival(6), os.At(t).Mean, Patients, $"S({t})");
    }

    [Fact]
    public void AnAgeClockIsSampledGivenTheAgeAlreadyReached()
    {
        // Gompertz on age in months, patient aged 70 years entering at 6 months: S(t) = S_G(840 + t) / S_G(846).
        var gompertz = new Gompertz(0.004, 1e-4);
        var model = new CohortModel(120, new Strategy[]
        {
            new PathwayStrategy("s", "first", new[] { TestModels.Alive("first"), TestModels.Alive("second"), TestModels.Dead() },
                new[]
                {
                    new Transition("first", "second", new FixedDelay(6)),
                    new Transition("second", "dead", gompertz) { Clock = Clock.Age },
                }),
        })
        {
            Attributes = new[] { new ContinuousAttribute("age", new ConstantAttribute(70), 18, 100) },
            AgeAttribute = "age",
        };
        static double S(double ageMonths) => Math.Exp(-1e-4 / 0.004 * (Math.Exp(0.004 * ageMonths) - 1));
        var os = TestModels.Run(model, Patients).Strategies[0].OverallSurvival;
        foreach (double t in new[] { 12.0, 24, 60 })
            Tolerance.ProportionMatches(S(840 + t) / S(846), os.At(t).Mean, Patients, $"S({t})");
    }

    /// <summary>first →(fixed delay) second →(stop at 12 months since start) dead, over 36 months.</summary>
    private static CohortModel StopAtTwelveMonthsEnteredAt(double entry) => new(36, new Strategy[]
    {
        new PathwayStrategy("s", "first", new[] { TestModels.Alive("first"), TestModels.Alive("second"), TestModels.Dead() },
            new[]
            {
                new Transition("first", "second", new FixedDelay(entry)),
                new Transition("second", "dead", new FixedDelay(12)) { Clock = Clock.TimeSinceStart },
            }),
    });

    [Fact]
    public void AFixedDelayOnAForwardClockEnteredExactlyAtItsTimeFiresAtOnce()
    {
        var os = TestModels.Run(StopAtTwelveMonthsEnteredAt(12), 100).Strategies[0].OverallSurvival;
        Assert.Equal(1.0, os.At(11.99).Mean);
        Assert.Equal(0.0, os.At(12).Mean);
    }

    [Fact]
    public void AFixedDelayWhoseClockHasPassedNeverFires()
    {
        // Stop at 12 months since start, but the state is only entered at 18: the patient stays.
        var os = TestModels.Run(StopAtTwelveMonthsEnteredAt(18), 100).Strategies[0].OverallSurvival;
        Assert.Equal(1.0, os.At(36).Mean);
    }
}
