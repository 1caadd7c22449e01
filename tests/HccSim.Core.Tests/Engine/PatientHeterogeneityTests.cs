using HccSim.Core.Distributions;
using HccSim.Core.Model;
using HccSim.Core.Tests.Oracles;

namespace HccSim.Core.Tests.Engine;

public class PatientHeterogeneityTests
{
    private const int Patients = 200_000;

    [Fact]
    public void ACategoricalHazardRatioGivesTheMixtureOfExponentials()
    {
        const double rate = 0.05, hr = 2.5, shareHigh = 0.3;
        var model = new CohortModel(120, new Strategy[]
        {
            new PathwayStrategy("s", "alive", new[] { TestModels.Alive(), TestModels.Dead() },
                new[] { new Transition("alive", "dead", new Exponential(rate)) { HazardRatios = new HazardRatio[] { new CategoricalHazardRatio("risk", new Dictionary<string, double> { ["high"] = hr }) } } }),
        })
        { Attributes = new[] { new CategoricalAttribute("risk", new[] { new AttributeLevel("low", 1 - shareHigh), new AttributeLevel("high", shareHigh) }) } };
        var os = TestModels.Run(model, Patients).Strategies[0].OverallSurvival;
        foreach (var (t, s) in os.Landmarks)
            Tolerance.ProportionMatches((1 - shareHigh) * Math.Exp(-rate * t) + shareHigh * Math.Exp(-rate * hr * t), s.Mean, Patients, $"S({t})");
    }

    [Fact]
    public void AContinuousHazardRatioScalesTheHazardLogLinearly()
    {
        // Age uniform on [60, 80], HR 1.05 per year around 70: S(t) = mean over age of exp(−r·1.05^(a−70)·t).
        const double rate = 0.04;
        var model = new CohortModel(60, new Strategy[]
        {
            new PathwayStrategy("s", "alive", new[] { TestModels.Alive(), TestModels.Dead() },
                new[] { new Transition("alive", "dead", new Exponential(rate)) { HazardRatios = new HazardRatio[] { new ContinuousHazardRatio("age", 1.05, 70) } } }),
        })
        { Attributes = new[] { new ContinuousAttribute("age", UniformAttribute.Instance, 60, 80) } };
        var os = TestModels.Run(model, Patients).Strategies[0].OverallSurvival;
        foreach (double t in new[] { 12.0, 36 })
        {
            double s = 0;
            const int steps = 20_000;
            for (int i = 0; i < steps; i++)
            {
                double age = 60 + 20 * (i + 0.5) / steps;
                s += Math.Exp(-rate * Math.Pow(1.05, age - 70) * t) / steps;
            }
            Tolerance.ProportionMatches(s, os.At(t).Mean, Patients, $"S({t})");
        }
    }

    [Fact]
    public void BackgroundMortalityCompetesWithDiseaseDeath()
    {
        // Age fixed at 65 in a band with hazard h per year: total monthly hazard r + h/12; share of deaths from
        // background by the horizon = (h/12)/(r + h/12)·(1 − S(H)).
        const double rate = 0.02, annual = 0.06, horizon = 60;
        var model = new CohortModel(horizon, new Strategy[]
        {
            new PathwayStrategy("s", "alive", new[] { TestModels.Alive(), TestModels.Dead() },
                new[] { new Transition("alive", "dead", new Exponential(rate)) }),
        })
        {
            Attributes = new[] { new ContinuousAttribute("age", new ConstantAttribute(65), 0, 120) },
            AgeAttribute = "age",
            BackgroundMortality = new LifeTable(new[] { 0.0, 50, 80 }, new[] { 0.001, annual, 0.2 }),
        };
        var result = TestModels.Run(model, Patients).Strategies[0];
        double total = rate + annual / 12;
        foreach (var (t, s) in result.OverallSurvival.Landmarks)
            Tolerance.ProportionMatches(Math.Exp(-total * t), s.Mean, Patients, $"S({t})");
        double background = annual / 12 / total * (1 - Math.Exp(-total * horizon));
        Tolerance.ProportionMatches(background, (double)result.BackgroundDeaths / Patients, Patients, "background deaths");
    }

    [Fact]
    public void BackgroundMortalityFollowsTheLifeTableAcrossAgeBands()
    {
        // No disease death: S(t) from age 75 = exp(−(h75·min(t,60) + h80·max(0, t−60))/12) with the band change at 80.
        const double h75 = 0.04, h80 = 0.10;
        var model = new CohortModel(120, new Strategy[]
        {
            new PathwayStrategy("s", "alive", new[] { TestModels.Alive(), TestModels.Dead() }, Array.Empty<Transition>()),
        })
        {
            Attributes = new[] { new ContinuousAttribute("age", new ConstantAttribute(75), 70, 90) },
            AgeAttribute = "age",
            BackgroundMortality = new LifeTable(new[] { 70.0, 80 }, new[] { h75, h80 }),
        };
        var os = TestModels.Run(model, Patients).Strategies[0].OverallSurvival;
        foreach (double t in new[] { 24.0, 60, 96, 120 })
        {
            double cumulative = (h75 * Math.Min(t, 60) + h80 * Math.Max(0, t - 60)) / 12;
            Tolerance.ProportionMatches(Math.Exp(-cumulative), os.At(t).Mean, Patients, $"S({t})");
        }
    }

    [Fact]
    public void TruncatedNormalAttributesStayWithinBoundsAndAreSharedByEveryStrategy()
    {
        var result = TestModels.Run(RichModel.Build(), 5000, trajectories: 5000);
        var table = result.Trajectories!;
        double sum = 0;
        for (long p = 0; p < 5000; p++)
        {
            double age = table.Attributes(p)[1];
            Assert.InRange(age, 40, 90);
            sum += age;
        }
        // Mean of normal(70, 8) truncated to [40, 90] (symmetric-ish): 70 − 8·(φ(2.5) − φ(−3.75))/(Φ(2.5) − Φ(−3.75)).
        double phiA = Math.Exp(-0.5 * 3.75 * 3.75) / Math.Sqrt(2 * Math.PI), phiB = Math.Exp(-0.5 * 2.5 * 2.5) / Math.Sqrt(2 * Math.PI);
        double mass = MathNet.Numerics.Distributions.Normal.CDF(0, 1, 2.5) - MathNet.Numerics.Distributions.Normal.CDF(0, 1, -3.75);
        double mean = 70 + 8 * (phiA - phiB) / mass;
        double variance = 64 * (1 + (-3.75 * phiA - 2.5 * phiB) / mass - Math.Pow((phiA - phiB) / mass, 2));
        Tolerance.WithinStandardErrors(mean, sum / 5000, Math.Sqrt(variance / 5000), "mean age");
    }
}
