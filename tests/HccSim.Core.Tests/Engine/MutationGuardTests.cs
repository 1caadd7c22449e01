using HccSim.Core.Distributions;
using HccSim.Core.Model;
using HccSim.Core.Tests.Oracles;

namespace HccSim.Core.Tests.Engine;

/// <summary>
/// Behaviours a review found unguarded (deliberate bugs in them passed the suite): each is pinned here
/// against a closed form.
/// </summary>
public class MutationGuardTests
{
    private const int Patients = 200_000;

    private static readonly CategoricalAttribute Risk =
        new("risk", new[] { new AttributeLevel("low", 0.6), new AttributeLevel("high", 0.4) });

    private static CategoricalHazardRatio HighRisk(double hr) => new("risk", new Dictionary<string, double> { ["high"] = hr });

    [Fact]
    public void AHazardRatioOnOneOfTwoExponentialExitsShiftsWhichExitWins()
    {
        // Exit x at rate r1·m (m = 3 for high risk), exit y at r2: P(x by H) = Σ w·m·r1/(m·r1 + r2)·(1 − e^{−(m·r1 + r2)H}).
        const double r1 = 0.04, r2 = 0.06, h = 60;
        var model = new CohortModel(h, new Strategy[]
        {
            new PathwayStrategy("s", "start", new[] { TestModels.Alive("start"), TestModels.Alive("x"), TestModels.Alive("y") },
                new[]
                {
                    new Transition("start", "x", new Exponential(r1)) { Tags = new[] { "x" }, HazardRatios = new HazardRatio[] { HighRisk(3) } },
                    new Transition("start", "y", new Exponential(r2)) { Tags = new[] { "y" } },
                }),
        }) { Attributes = new[] { Risk } };
        double expected = 0;
        foreach (var (w, m) in new[] { (0.6, 1.0), (0.4, 3.0) })
            expected += w * m * r1 / (m * r1 + r2) * (1 - Math.Exp(-(m * r1 + r2) * h));
        var r = TestModels.Run(model, Patients).Strategies[0];
        Tolerance.ProportionMatches(expected, r.Tag("x").Ever.Mean, Patients, "x wins");
    }

    [Fact]
    public void AHazardRatioOnAWeibullExitRaisesItsSurvivalToThatPower()
    {
        // PH on a Weibull: S(t | high) = S(t)^m, so S(t) = 0.6·S_W(t) + 0.4·S_W(t)^2.5.
        var weibull = new Weibull(1.3, 20);
        var model = new CohortModel(60, new Strategy[]
        {
            new PathwayStrategy("s", "alive", new[] { TestModels.Alive(), TestModels.Dead() },
                new[] { new Transition("alive", "dead", weibull) { HazardRatios = new HazardRatio[] { HighRisk(2.5) } } }),
        }) { Attributes = new[] { Risk } };
        var os = TestModels.Run(model, Patients).Strategies[0].OverallSurvival;
        foreach (double t in new[] { 6.0, 12, 24, 36 })
        {
            double s = Math.Exp(-Math.Pow(t / 20, 1.3));
            Tolerance.ProportionMatches(0.6 * s + 0.4 * Math.Pow(s, 2.5), os.At(t).Mean, Patients, $"S({t})");
        }
    }

    [Fact]
    public void AChanceNodesCostTollAndTagsAreChargedOnceAtItsTimeWithTheirOwnDiscountRates()
    {
        // Deterministic: at 24 months a chance node (cost 25 000, toll 0.05 QALY, tag) sends everyone to 'after'.
        var model = new CohortModel(60, new Strategy[]
        {
            new PathwayStrategy("s", "before", new[] { TestModels.Alive("before", utility: 0), TestModels.Alive("after", utility: 0) },
                new[] { new Transition("before", "surgery", new FixedDelay(24)) })
            {
                ChanceNodes = new[]
                {
                    new ChanceNode("surgery", new[] { new ChanceBranch("after", 1.0) { Tags = new[] { "branch" } } })
                    { Cost = 25_000, UtilityToll = 0.05, Tags = new[] { "surgery" } },
                },
            },
        }) { Discounting = new Discounting(CostsPerYear: 0.03, OutcomesPerYear: 0.015) };
        var r = TestModels.Run(model, 100).Strategies[0];
        Assert.Equal(25_000, r.Costs.Mean, 1e-3);
        Assert.Equal(25_000 / (1.03 * 1.03), r.DiscountedCosts.Mean, 1e-3);
        Assert.Equal(-0.05, r.Qalys.Mean, 1e-11);
        Assert.Equal(-0.05 / (1.015 * 1.015), r.DiscountedQalys.Mean, 1e-11);
        Assert.Equal(1.0, r.Tag("surgery").Ever.Mean);
        Assert.Equal(1.0, r.Tag("branch").Ever.Mean);
        Assert.Equal(24.0, r.Tag("surgery").MeanMonthsToFirst.Mean, 1e-9);
    }

    [Fact]
    public void ATransitionTollIsDiscountedAtTheOutcomeRateNotTheCostRate()
    {
        var model = new CohortModel(60, new Strategy[]
        {
            new PathwayStrategy("s", "a", new[] { TestModels.Alive("a", utility: 0), TestModels.Alive("b", utility: 0) },
                new[] { new Transition("a", "b", new FixedDelay(36)) { UtilityToll = 0.1, Cost = 1000 } }),
        }) { Discounting = new Discounting(CostsPerYear: 0.05, OutcomesPerYear: 0.01) };
        var r = TestModels.Run(model, 100).Strategies[0];
        Assert.Equal(-0.1 / Math.Pow(1.01, 3), r.DiscountedQalys.Mean, 1e-11);
        Assert.Equal(1000 / Math.Pow(1.05, 3), r.DiscountedCosts.Mean, 1e-3);
    }

    [Fact]
    public void ATagCountsOnlyItsFirstOccurrenceAndItsCumulativeIncidenceIsTheFirstTimesCdf()
    {
        // a →(0.05, tag) b →(0.5) a: the tag recurs, but the first time is Exp(0.05): incidence 1 − e^{−0.05t}.
        var model = new CohortModel(60, new Strategy[]
        {
            new PathwayStrategy("s", "a", new[] { TestModels.Alive("a"), TestModels.Alive("b") },
                new[]
                {
                    new Transition("a", "b", new Exponential(0.05)) { Tags = new[] { "flare" } },
                    new Transition("b", "a", new Exponential(0.5)),
                }),
        });
        var r = TestModels.Run(model, Patients).Strategies[0];
        var flare = r.Tag("flare");
        Tolerance.ProportionMatches(1 - Math.Exp(-0.05 * 60), flare.Ever.Mean, Patients, "flare ever");
        foreach (double t in new[] { 6.0, 12, 24, 48 })
        {
            int g = r.Times.ToList().IndexOf(t);
            Tolerance.ProportionMatches(1 - Math.Exp(-0.05 * t), flare.CumulativeIncidence[g], Patients, $"incidence({t})");
        }
        // Mean first time among those with a flare by 60: E[T | T ≤ 60] for T ~ Exp(0.05).
        double p = 1 - Math.Exp(-3);
        double mean = (1 / 0.05 - Math.Exp(-3) * (60 + 1 / 0.05)) / p;
        double second = (2 / 0.0025 - Math.Exp(-3) * (3600 + 2 * 60 / 0.05 + 2 / 0.0025)) / p;
        Tolerance.WithinStandardErrors(mean, flare.MeanMonthsToFirst.Mean, Math.Sqrt((second - mean * mean) / (Patients * p)), "mean first time");
    }

    [Fact]
    public void ATieredRuleOnAContinuousRangeIncludesItsMinimumAndExcludesItsMaximum()
    {
        // 'young' dies at 1 month, 'old' at 2; the rule [70, 80) routes to 'old', everyone else to 'young'.
        static CohortModel At(double age) => new(12, new Strategy[]
        {
            new PathwayStrategy("young", "alive", new[] { TestModels.Alive(), TestModels.Dead() }, new[] { new Transition("alive", "dead", new FixedDelay(1)) }),
            new PathwayStrategy("old", "alive", new[] { TestModels.Alive(), TestModels.Dead() }, new[] { new Transition("alive", "dead", new FixedDelay(2)) }),
            new TieredStrategy("tiered", new[]
            {
                new RoutingRule(new AttributeCondition[] { new RangeCondition("age", 70, 80) }, "old"),
                new RoutingRule(Array.Empty<AttributeCondition>(), "young"),
            }),
        }) { Attributes = new[] { new ContinuousAttribute("age", new ConstantAttribute(age), 0, 100) } };
        Assert.Equal(2.0 / 12, TestModels.Run(At(70), 10)["tiered"].LifeYears.Mean, 12);   // the minimum is inside
        // The maximum is outside: a constant age of 80 can never meet [70, 80), and validation says so.
        var error = Assert.Single(Assert.Throws<Core.Compilation.ModelValidationException>(() => TestModels.Run(At(80), 10)).Errors);
        Assert.Equal("covers no patient: 'age' is never in [70, 80) (it lies in [0, 100])", error.Message);
    }

    [Fact]
    public void ATieredRuleOnAContinuousRangeRoutesTheShareOfPatientsInsideIt()
    {
        // Age uniform on [60, 80], cut at 65: a quarter follow 'young' (alive at 12 months), the rest die at 1.
        var model = new CohortModel(12, new Strategy[]
        {
            new PathwayStrategy("young", "alive", new[] { TestModels.Alive(), TestModels.Dead() }, new[] { new Transition("alive", "dead", new FixedDelay(100)) }),
            new PathwayStrategy("old", "alive", new[] { TestModels.Alive(), TestModels.Dead() }, new[] { new Transition("alive", "dead", new FixedDelay(1)) }),
            new TieredStrategy("tiered", new[]
            {
                new RoutingRule(new AttributeCondition[] { new RangeCondition("age", 60, 65) }, "young"),
                new RoutingRule(Array.Empty<AttributeCondition>(), "old"),
            }),
        }) { Attributes = new[] { new ContinuousAttribute("age", UniformAttribute.Instance, 60, 80) } };
        var r = TestModels.Run(model, Patients)["tiered"];
        Tolerance.ProportionMatches(0.25, r.OverallSurvival.At(12).Mean, Patients, "routed to young");
    }

    [Fact]
    public void OccupancyAtAGridPointCountsAPatientInTheStateEnteredThereNotTheOneLeft()
    {
        var model = new CohortModel(12, new Strategy[]
        {
            new PathwayStrategy("s", "a", new[] { TestModels.Alive("a"), TestModels.Alive("b") },
                new[] { new Transition("a", "b", new FixedDelay(3)) }),
        });
        var r = TestModels.Run(model, 50).Strategies[0];
        int at3 = r.Times.ToList().IndexOf(3.0);
        Assert.Equal(1.0, r.OccupancyOf("a")[at3 - 1]); // 2.75
        Assert.Equal(0.0, r.OccupancyOf("a")[at3]);
        Assert.Equal(1.0, r.OccupancyOf("b")[at3]);
    }

    [Fact]
    public void ExitsDrawingTheSameTimeGoToTheOneListedFirst()
    {
        var model = new CohortModel(12, new Strategy[]
        {
            new PathwayStrategy("s", "a", new[] { TestModels.Alive("a"), TestModels.Alive("first"), TestModels.Alive("second") },
                new[]
                {
                    new Transition("a", "first", new FixedDelay(6)) { Tags = new[] { "first" } },
                    new Transition("a", "second", new FixedDelay(6)) { Tags = new[] { "second" } },
                }),
        });
        var r = TestModels.Run(model, 50).Strategies[0];
        Assert.Equal(1.0, r.Tag("first").Ever.Mean);
        Assert.Equal(0.0, r.Tag("second").Ever.Mean);
    }

    [Fact]
    public void TheMediansIntervalHasTheWidthOfItsOrderStatistics()
    {
        // Ranks n/2 ± 1.96·√n/2 map to times F⁻¹(1/2 ± 1.96/(2√n)): width ≈ 3.92 / (rate·√n) for an exponential.
        // The width's own sd ≈ √(k₂ − k₁)/(n·f(m)) with k₂ − k₁ = 1.96√n and f(m) = rate/2; the bound is 4 of those.
        const double rate = 0.1;
        var os = TestModels.Run(TestModels.OneExit(new Exponential(rate), 120), Patients).Strategies[0].OverallSurvival;
        double width = 3.92 / (rate * Math.Sqrt(Patients));
        double sd = Math.Sqrt(1.96 * Math.Sqrt(Patients)) / (Patients * rate / 2);
        Tolerance.WithinStandardErrors(width, os.Median.Upper - os.Median.Lower, sd, "median CI width");
    }

    [Fact]
    public void LifeTablesEndingWithCertainDeathAreAccepted()
    {
        // q = 1 from age 71: everyone aged 70 dies by 12 months; before that, hazard −ln(1 − 0.1) per year.
        var model = new CohortModel(24, new Strategy[]
        {
            new PathwayStrategy("s", "alive", new[] { TestModels.Alive(), TestModels.Dead() }, Array.Empty<Transition>()),
        })
        {
            Attributes = new[] { new ContinuousAttribute("age", new ConstantAttribute(70), 60, 90) },
            AgeAttribute = "age",
            BackgroundMortality = LifeTable.FromAnnualProbabilities(new[] { 60.0, 71 }, new[] { 0.1, 1.0 }),
        };
        var os = TestModels.Run(model, Patients).Strategies[0].OverallSurvival;
        Tolerance.ProportionMatches(Math.Pow(0.9, 0.5), os.At(6).Mean, Patients, "S(6)");
        Assert.Equal(0.0, os.At(12).Mean);
    }

    [Fact]
    public void ATagAtExactlyAReportPointCountsInThatPointsIncidence()
    {
        // Fires at exactly 12 months: incidence is 0 at 11.75 and 1 at 12 (events at t count by t).
        var model = new CohortModel(24, new Strategy[]
        {
            new PathwayStrategy("s", "a", new[] { TestModels.Alive("a"), TestModels.Alive("b") },
                new[] { new Transition("a", "b", new FixedDelay(12)) { Tags = new[] { "flare" } } }),
        });
        var r = TestModels.Run(model, 10).Strategies[0];
        int at12 = r.Times.ToList().IndexOf(12.0);
        Assert.Equal(0.0, r.Tag("flare").CumulativeIncidence[at12 - 1]);
        Assert.Equal(1.0, r.Tag("flare").CumulativeIncidence[at12]);
    }

    [Theory]
    [InlineData(new[] { 0.5, 1.0 }, 0.4999999, 0)]
    [InlineData(new[] { 0.5, 1.0 }, 0.5, 1)]          // a draw on a boundary belongs to the next level
    [InlineData(new[] { 0.0, 1.0 }, 0.0, 1)]          // a zero-share first level is never chosen
    [InlineData(new[] { 0.3, 0.3, 1.0 }, 0.3, 2)]     // nor a zero-share middle level
    [InlineData(new[] { 0.3, 1.0, 1.0 }, 0.9999999, 1)]
    public void CategoricalLevelsTakeHalfOpenIntervalsOfTheDraw(double[] cumulative, double u, int level)
        => Assert.Equal(level, Core.Engine.CohortWorker.CategoricalLevel(cumulative, u));
}
