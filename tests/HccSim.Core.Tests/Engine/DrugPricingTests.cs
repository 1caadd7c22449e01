using HccSim.Core.Analytic;
using HccSim.Core.Compilation;
using HccSim.Core.Cycles;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;
using HccSim.Core.Model;
using HccSim.Core.Tests.Oracles;

namespace HccSim.Core.Tests.Engine;

/// <summary>
/// Drugs priced apart from their states: the price at the dose given, and stopping for toxicity after an exponential
/// time from the first day on the drug, which changes what is paid and not what happens. Closed forms throughout.
/// </summary>
public class DrugPricingTests
{
    private const int Patients = 200_000;
    private const double Monitoring = 100, Price = 1000, Intensity = 0.8, Stop = 0.1, Death = 0.05, Move = 0.2;

    /// <summary>on_drug (monitoring + drug) → on_drug_later (same drug) at rate α → dead at rate λ.</summary>
    private static CohortModel Model(double stop, double horizon = 1800, double discount = 0) => new(horizon, new Strategy[]
    {
        new PathwayStrategy("s", "first", new[]
            {
                new State("first", StateFlags.ProgressionFree, new[] { "x" }, Monitoring, 1),
                new State("later", StateFlags.ProgressionFree, new[] { "x" }, Monitoring, 1),
                TestModels.Dead(),
            },
            new[]
            {
                new Transition("first", "later", new Exponential(Move)),
                new Transition("later", "dead", new Exponential(Death)),
            })
        {
            Drugs = new[] { new Drug("x", Price) { DoseIntensity = Intensity, StopRatePerMonth = stop, StopTag = stop > 0 ? "stopped_x" : null } },
        },
    })
    {
        Discounting = new Discounting(discount, discount),
    };

    /// <summary>∫₀^∞ e^{−st}·P(A + B > t) dt for A ~ Exp(α), B ~ Exp(λ): (1 − α/(α+s)·λ/(λ+s)) / s.</summary>
    private static double LaplaceOfSurvival(double s) => (1 - Move / (Move + s) * Death / (Death + s)) / s;

    [Fact]
    public void TheDrugIsPaidAtTheDoseGivenUntilItStopsOnAClockFromItsFirstDay()
    {
        var r = TestModels.Run(Model(Stop), Patients).Strategies[0];
        // Time on the drug is min(time in the two states, stop): the stop clock is not restarted by the move to 'later'.
        double months = 1 / Move + 1 / Death;
        double expected = Monitoring * months + Price * Intensity * LaplaceOfSurvival(Stop);
        Tolerance.WithinStandardErrors(expected, r.Costs.Mean, r.Costs.StandardError, "costs");
        // Stopped while on the drug: the stop comes before leaving the drug states, P = 1 − E[e^{−d(A+B)}].
        double stopped = 1 - Move / (Move + Stop) * Death / (Death + Stop);
        Tolerance.ProportionMatches(stopped, r.Tag("stopped_x").Ever.Mean, Patients, "stopped for toxicity");
    }

    [Fact]
    public void DiscountedDrugCostsAreTakenBackExactly()
    {
        const double annual = 0.035;
        double delta = Math.Log(1 + annual) / 12;
        var r = TestModels.Run(Model(Stop, discount: annual), Patients).Strategies[0];
        double expected = Monitoring * LaplaceOfSurvival(delta) + Price * Intensity * LaplaceOfSurvival(Stop + delta);
        Tolerance.WithinStandardErrors(expected, r.DiscountedCosts.Mean, r.DiscountedCosts.StandardError, "discounted costs");
    }

    [Fact]
    public void StoppingChangesWhatIsPaidNotWhatHappens()
    {
        var stops = TestModels.Run(Model(Stop), 50_000).Strategies[0];
        var never = TestModels.Run(Model(0), 50_000).Strategies[0];
        Assert.Equal(never.LifeYears.Mean, stops.LifeYears.Mean);
        Assert.Equal(never.Qalys.Mean, stops.Qalys.Mean);
        Assert.True(stops.Costs.Mean < never.Costs.Mean);
    }

    [Fact]
    public void ADrugThatNeverStopsCostsItsPriceAtTheDoseGivenInEveryMethod()
    {
        // Priced apart with no stopping = the state costing monitoring + price × intensity, in each engine.
        var apart = ModelCompiler.Compile(Model(0, horizon: 120));
        double perMonth = Monitoring + Price * Intensity;
        var r = Simulator.Run(apart, new SimulationOptions { Patients = Patients, Seed = 2 }).Strategies[0];
        Tolerance.WithinStandardErrors(perMonth * r.LifeYears.Mean * 12, r.Costs.Mean, 1e-6 * r.Costs.Mean, "continuous: cost = rate × time");
        var trace = CohortTrace.Run(apart, new CycleSettings(1, WithinCycleCorrection.None))[0];
        Assert.Equal(perMonth * trace.LifeYears.Mean * 12, trace.Costs.Mean, 6);
        var exact = MarkovSolution.Solve(apart, 1)[0];
        Assert.Equal(perMonth * exact.LifeYears.Mean * 12, exact.Costs.Mean, 6);
    }

    [Fact]
    public void TheCycleMethodsRefuseADrugThatStops()
    {
        var model = ModelCompiler.Compile(Model(Stop, horizon: 120));
        var trace = Assert.Throws<InvalidOperationException>(() => CohortTrace.Run(model, new CycleSettings(1, WithinCycleCorrection.None)));
        Assert.Equal("the cohort trace cannot price time on treatment, but strategy 's' has a drug that stops for toxicity (use the continuous microsimulation: --method continuous)", trace.Message);
        Assert.Throws<InvalidOperationException>(() => CycleSimulator.Run(model, new CycleSettings(1, WithinCycleCorrection.None), new SimulationOptions { Patients = 10 }));
        Assert.Throws<InvalidOperationException>(() => MarkovSolution.Solve(model, 1));
    }

    [Fact]
    public void ADrugGivenNowhereOrOutOfRangeIsRefused()
    {
        var p = (PathwayStrategy)Model(Stop).Strategies[0];
        var bad = Model(Stop) with
        {
            Strategies = new Strategy[]
            {
                p with { Drugs = new[] { new Drug("y", Price), new Drug("x", -5) { DoseIntensity = 0, StopRatePerMonth = double.NaN } } },
            },
        };
        var e = Assert.Throws<ModelValidationException>(() => ModelCompiler.Compile(bad));
        Assert.Contains(e.Errors, x => x.Element == "strategy 's', drug 'y'" && x.Message.StartsWith("is not given in any state (expected a state with on: y"));
        Assert.Contains(e.Errors, x => x.Message.StartsWith("cost per month must be ≥ 0"));
        Assert.Contains(e.Errors, x => x.Message.StartsWith("dose intensity must be > 0 and at most 1.5"));
        Assert.Contains(e.Errors, x => x.Message.StartsWith("stopping rate for toxicity must be a finite rate ≥ 0"));
    }
}
