using HccSim.Core.Distributions;
using HccSim.Core.Model;

namespace HccSim.Core.Tests;

/// <summary>
/// A model that exercises every engine path at once — attributes, hazard ratios, every distribution kind,
/// every clock, chance nodes, tags, tolls, background mortality, discounting and a tiered strategy — for the
/// determinism and invariant tests.
/// </summary>
internal static class RichModel
{
    public static CohortModel Build(string? duplicateOf = null)
    {
        var attributes = new PatientAttribute[]
        {
            new CategoricalAttribute("burden", new[] { new AttributeLevel("within", 0.4), new AttributeLevel("beyond", 0.6) }),
            new ContinuousAttribute("age", new NormalAttribute(70, 8), 40, 90),
            new CategoricalAttribute("albi", new[] { new AttributeLevel("1", 0.5), new AttributeLevel("2", 0.5) }),
        };
        var curative = new PathwayStrategy("curative", "resection",
            new[]
            {
                new State("cancer_free", StateFlags.ProgressionFree | StateFlags.CancerFree, CostPerMonth: 245, Utility: 0.7),
                new State("recurred", StateFlags.None, new[] { "tace" }, CostPerMonth: 3000, Utility: 0.68),
                TestModels.Dead(),
            },
            new[]
            {
                new Transition("cancer_free", "recurred", new Weibull(0.8, 60)) { Tags = new[] { "recurrence" }, HazardRatios = new HazardRatio[] { new CategoricalHazardRatio("albi", new Dictionary<string, double> { ["2"] = 1.4 }) } },
                new Transition("recurred", "dead", new LogNormal(Math.Log(20), 0.9)),
            })
        {
            Label = "curative first",
            ChanceNodes = new[]
            {
                new ChanceNode("resection", new[] { new ChanceBranch("cancer_free", 0.97), new ChanceBranch("dead", 0.03) { Tags = new[] { "surgical_death" } } })
                { Cost = 25_000, UtilityToll = 0.02, Tags = new[] { "resection" } },
            },
        };
        var conversion = new PathwayStrategy("conversion", "systemic",
            new[]
            {
                new State("systemic", StateFlags.ProgressionFree, new[] { "atezolizumab", "bevacizumab" }, 26_250, 0.76),
                new State("deep_response", StateFlags.ProgressionFree | StateFlags.Response, new[] { "atezolizumab", "bevacizumab" }, 26_250, 0.76),
                new State("washout", StateFlags.ProgressionFree | StateFlags.Response, new[] { "atezolizumab" }, 13_450, 0.76),
                new State("cancer_free", StateFlags.ProgressionFree | StateFlags.CancerFree, CostPerMonth: 245, Utility: 0.7),
                new State("maintenance", StateFlags.ProgressionFree | StateFlags.CancerFree, new[] { "atezolizumab" }, 9_280, 0.72),
                new State("progressed", StateFlags.None, CostPerMonth: 5000, Utility: 0.68),
                TestModels.Dead(),
            },
            new[]
            {
                new Transition("systemic", "deep_response", new Exponential(0.09)) { HazardRatios = new HazardRatio[] { new CategoricalHazardRatio("burden", new Dictionary<string, double> { ["within"] = 1.5 }) }, Tags = new[] { "response" } },
                new Transition("systemic", "progressed", Exponential.FromMedian(14)) { HazardRatios = new HazardRatio[] { new ContinuousHazardRatio("age", 1.01, 70) } },
                new Transition("deep_response", "washout", new Gompertz(-0.05, 0.08)) { Tags = new[] { "conversion" } },
                new Transition("deep_response", "progressed", new LogLogistic(1.6, 18)),
                new Transition("washout", "resection", new UniformDelay(0.92, 1.38)),
                new Transition("cancer_free", "progressed", new PiecewiseHazard(new[] { 0.0, 12, 36 }, new[] { 0.02, 0.01, 0.004 })) { Clock = Clock.TimeSinceStart, Tags = new[] { "recurrence" } },
                new Transition("maintenance", "cancer_free", new FixedDelay(12)),
                new Transition("maintenance", "progressed", new Exponential(0.01)) { Tags = new[] { "recurrence" } },
                new Transition("progressed", "dead", new Gompertz(0.0008, 0.02)) { Clock = Clock.Age, Cost = 1000 },
            })
        {
            Label = "conversion",
            ChanceNodes = new[]
            {
                new ChanceNode("resection", new[]
                {
                    new ChanceBranch("maintenance", 0.5) { Tags = new[] { "pcr" } },
                    new ChanceBranch("cancer_free", 0.35),
                    new ChanceBranch("progressed", 0.15),
                }) { Cost = 25_000, Tags = new[] { "resection" } },
            },
        };
        var tiered = new TieredStrategy("tiered", new[]
        {
            new RoutingRule(new AttributeCondition[] { new LevelCondition("burden", new[] { "within" }) }, "curative"),
            new RoutingRule(new AttributeCondition[] { new LevelCondition("burden", new[] { "beyond" }) }, "conversion"),
        }) { Label = "tiered" };

        var strategies = new List<Strategy> { curative, conversion, tiered };
        if (duplicateOf == "conversion") strategies.Add(conversion with { Name = "conversion_again" });
        return new CohortModel(120, strategies)
        {
            Attributes = attributes,
            AgeAttribute = "age",
            BackgroundMortality = LifeTable.FromAnnualProbabilities(new[] { 40.0, 60, 70, 80 }, new[] { 0.002, 0.008, 0.02, 0.06 }),
            Discounting = new Discounting(0.03, 0.015),
        };
    }
}
