using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;
using HccSim.Core.Model;
using HccSim.Core.Tests.Oracles;

namespace HccSim.Core.Tests.Engine;

/// <summary>
/// The continuous engine with rewards that change with time (in the state, or on a clock carried across states) and with
/// transitions on a carried clock, each against a closed form.
/// </summary>
public class RewardsByTimeTests
{
    private const int Patients = 200_000;

    /// <summary>∫ₓʸ e^{−ct} dt.</summary>
    private static double Integral(double c, double x, double y) => c == 0 ? y - x : (Math.Exp(-c * x) - Math.Exp(-c * y)) / c;

    /// <summary>Σ vᵢ ∫ e^{−ct} over piece i of a profile, up to the horizon: E[∫₀^{min(T, H)} v(t) e^{−δt} dt] for T ~ Exp(λ), c = λ + δ.</summary>
    private static double PiecewiseIntegral(double[] starts, double[] values, double c, double horizon)
    {
        double sum = 0;
        for (int i = 0; i < starts.Length; i++)
        {
            double end = i + 1 < starts.Length ? Math.Min(starts[i + 1], horizon) : horizon;
            if (end > starts[i]) sum += values[i] * Integral(c, starts[i], end);
        }
        return sum;
    }

    [Fact]
    public void AnExponentialStayWithAPiecewiseUtilityAndCostMatchesTheClosedForm()
    {
        // Alive for T ~ Exp(0.05) months up to 120: utility 0.9, then 0.6 from 6 months, 0.3 from 24; cost 5000/month for
        // 3 months, then 1000. E[∫ v(t) e^{−δt} dt] = Σ vᵢ ∫ e^{−(λ+δ)t} over each piece.
        double[] uStarts = { 0, 6, 24 }, uValues = { 0.9, 0.6, 0.3 }, cStarts = { 0, 3 }, cValues = { 5000, 1000 };
        double lambda = 0.05, horizon = 120, delta = Math.Log(1.03) / 12;
        var alive = new State("alive", StateFlags.ProgressionFree)
        {
            UtilityByTime = new TimeProfile(uStarts, uValues),
            CostByTime = new TimeProfile(cStarts, cValues),
        };
        var model = new CohortModel(horizon, new Strategy[]
        {
            new PathwayStrategy("s", "alive", new[] { alive, TestModels.Dead() }, new[] { new Transition("alive", "dead", new Exponential(lambda)) }),
        }) { Discounting = Discounting.Both(0.03) };
        var r = TestModels.Run(model, Patients).Strategies[0];
        Tolerance.WithinStandardErrors(PiecewiseIntegral(uStarts, uValues, lambda, horizon) / 12, r.Qalys.Mean, r.Qalys.StandardError, "QALYs");
        Tolerance.WithinStandardErrors(PiecewiseIntegral(uStarts, uValues, lambda + delta, horizon) / 12, r.DiscountedQalys.Mean, r.DiscountedQalys.StandardError, "discounted QALYs");
        Tolerance.WithinStandardErrors(PiecewiseIntegral(cStarts, cValues, lambda, horizon), r.Costs.Mean, r.Costs.StandardError, "costs");
        Tolerance.WithinStandardErrors(PiecewiseIntegral(cStarts, cValues, lambda + delta, horizon), r.DiscountedCosts.Mean, r.DiscountedCosts.StandardError, "discounted costs");
        // The same stay at the first utility throughout is far from it: the test sees the pieces.
        Assert.True(Math.Abs(0.9 * Integral(lambda, 0, horizon) / 12 - r.Qalys.Mean) > 20 * r.Qalys.StandardError);
    }

    [Fact]
    public void AUtilityOnACarriedClockReadsTheTimeSinceOnsetAfterAMove()
    {
        // sick → sicker at a = 0.1, sicker → dead at b = 0.03 (per month), clock 'onset' over both. Sicker's utility is
        // 0.8 for the first year since onset, 0.4 after — not since entering sicker. With P(sicker at τ) = a/(b − a)·(e^{−aτ}
        // − e^{−bτ}), E[QALY months in sicker] = Σ uᵢ a/(b − a)·(∫e^{−aτ} − ∫e^{−bτ}) over each piece; sick adds ∫e^{−aτ}.
        double a = 0.1, b = 0.03, horizon = 60;
        double[] starts = { 0, 12 }, values = { 0.8, 0.4 };
        var model = new CohortModel(horizon, new Strategy[]
        {
            new PathwayStrategy("s", "sick",
                new[]
                {
                    new State("sick", Utility: 1),
                    new State("sicker") { UtilityByTime = new TimeProfile(starts, values) { ClockName = "onset" } },
                    TestModels.Dead(),
                },
                new[] { new Transition("sick", "sicker", new Exponential(a)), new Transition("sicker", "dead", new Exponential(b)) })
            { Clocks = new[] { new NamedClock("onset", new[] { "sick", "sicker" }) } },
        });
        var r = TestModels.Run(model, Patients).Strategies[0];
        double sicker = a / (b - a) * (PiecewiseIntegral(starts, values, a, horizon) - PiecewiseIntegral(starts, values, b, horizon));
        double expected = (Integral(a, 0, horizon) + sicker) / 12;
        Tolerance.WithinStandardErrors(expected, r.Qalys.Mean, r.Qalys.StandardError, "QALYs");
        // On the time in sicker instead (restarted at the move), the closed form is clearly another number.
        double inState = (Integral(a, 0, horizon) + InStateSicker(a, b, horizon)) / 12;
        Assert.True(Math.Abs(inState - r.Qalys.Mean) > 20 * r.Qalys.StandardError, $"in-state {inState} vs {r.Qalys.Mean}");
    }

    /// <summary>E[QALY months in sicker] with its utility on the time in sicker: ∫₀ᴴ a e^{−as} ∫₀^{H−s} u(x) e^{−bx} dx ds, numerically.</summary>
    private static double InStateSicker(double a, double b, double horizon)
    {
        const int n = 20_000;
        double h = horizon / n, sum = 0;
        for (int i = 0; i < n; i++)
        {
            double s = (i + 0.5) * h, left = horizon - s;
            double inner = 0.8 * Integral(b, 0, Math.Min(12, left)) + (left > 12 ? 0.4 * Integral(b, 12, left) : 0);
            sum += a * Math.Exp(-a * s) * inner * h;
        }
        return sum;
    }

    [Fact]
    public void AWeibullOnACarriedClockIsOneWeibullSinceOnsetWhateverTheMoveBetween()
    {
        // Death from sick and from sicker is Weibull(1.5, 30) on the time since onset; the move sick → sicker (rate 0.1)
        // does not restart it, so survival is exactly the Weibull's: S(t) = exp(−(t/30)^1.5).
        var death = new Weibull(1.5, 30);
        CohortModel Model(Clock clock) => new(72, new Strategy[]
        {
            new PathwayStrategy("s", "sick", new[] { TestModels.Alive("sick"), TestModels.Alive("sicker"), TestModels.Dead() },
                new[]
                {
                    new Transition("sick", "sicker", new Exponential(0.1)),
                    new Transition("sick", "dead", death) { Clock = clock, ClockName = clock == Clock.Named ? "onset" : null },
                    new Transition("sicker", "dead", death) { Clock = clock, ClockName = clock == Clock.Named ? "onset" : null },
                })
            { Clocks = new[] { new NamedClock("onset", new[] { "sick", "sicker" }) } },
        });
        var os = TestModels.Run(Model(Clock.Named), Patients).Strategies[0].OverallSurvival;
        foreach (double t in new[] { 6.0, 12, 24, 36, 60 })
            Tolerance.ProportionMatches(Math.Exp(-Math.Pow(t / 30, 1.5)), os.At(t).Mean, Patients, $"S({t})");
        // Restarted at the move (the time in each state), the hazard falls back and more survive: the test tells them apart.
        var reset = TestModels.Run(Model(Clock.TimeInState), Patients).Strategies[0].OverallSurvival;
        Assert.True(reset.At(36).Mean - Math.Exp(-Math.Pow(36 / 30.0, 1.5)) > 10 * Math.Sqrt(0.25 / Patients));
    }

    [Fact]
    public void ANamedClockRestartsWhenThePatientComesBackFromOutsideItsStates()
    {
        // well → sick after exactly 1 month, sick → well after exactly 2.5, again and again; death from sick is a delay of
        // 3 months on clock 'c'. Over sick alone, the clock restarts at each return and never reaches 3: everyone lives.
        // Over well and sick, it runs from the start and reaches 3 during the first stay in sick: everyone dies at month 3.
        CohortModel Model(string[] clockStates) => new(12, new Strategy[]
        {
            new PathwayStrategy("s", "well", new[] { TestModels.Alive("well"), TestModels.Alive("sick"), TestModels.Dead() },
                new[]
                {
                    new Transition("well", "sick", new FixedDelay(1)),
                    new Transition("sick", "well", new FixedDelay(2.5)),
                    new Transition("sick", "dead", new FixedDelay(3)) { Clock = Clock.Named, ClockName = "c" },
                })
            { Clocks = new[] { new NamedClock("c", clockStates) } },
        });
        var restarted = TestModels.Run(Model(new[] { "sick" }), 1000).Strategies[0].OverallSurvival;
        Assert.Equal(1.0, restarted.At(12).Mean);
        var carried = TestModels.Run(Model(new[] { "well", "sick" }), 1000).Strategies[0].OverallSurvival;
        Assert.Equal(1.0, carried.At(2.9).Mean);
        Assert.Equal(0.0, carried.At(3.1).Mean);
    }

    [Fact]
    public void SimulatingAPatientWithRewardsByTimeAndCarriedClocksAllocatesNothing()
    {
        var model = ModelCompiler.Compile(new CohortModel(120, new Strategy[]
        {
            new PathwayStrategy("s", "sick",
                new[]
                {
                    new State("sick") { CostByTime = new TimeProfile(new[] { 0.0, 3 }, new[] { 5000.0, 1000 }), UtilityByTime = new TimeProfile(new[] { 0.0, 6 }, new[] { 0.8, 0.7 }) { ClockName = "onset" } },
                    new State("sicker", Utility: 0.5),
                    TestModels.Dead(),
                },
                new[]
                {
                    new Transition("sick", "sicker", new Exponential(0.1)),
                    new Transition("sicker", "sick", new Exponential(0.05)),
                    new Transition("sick", "dead", new Weibull(1.2, 40)) { Clock = Clock.Named, ClockName = "onset" },
                    new Transition("sicker", "dead", new Weibull(1.2, 30)) { Clock = Clock.Named, ClockName = "onset" },
                })
            { Clocks = new[] { new NamedClock("onset", new[] { "sick", "sicker" }) } },
        }) { Discounting = Discounting.Both(0.03) });
        var worker = new CohortWorker(model, new SimulationOptions { Patients = 1, Seed = 3 });
        long Allocated(int patients)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < patients; i++) worker.Simulate(i, null, Span<double>.Empty);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Allocated(10_000); // warm up (tiering)
        Assert.Equal(0, Allocated(50_000));
    }
}
