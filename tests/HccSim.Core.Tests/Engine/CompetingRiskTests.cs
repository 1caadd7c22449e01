using HccSim.Core.Distributions;
using HccSim.Core.Model;
using HccSim.Core.Tests.Oracles;

namespace HccSim.Core.Tests.Engine;

public class CompetingRiskTests
{
    private const int Patients = 200_000;

    private static CohortModel ThreeWayRace(TimeToEvent a, TimeToEvent b, TimeToEvent c) => new(600, new Strategy[]
    {
        new PathwayStrategy("s", "start",
            new[] { TestModels.Alive("start"), TestModels.Alive("x"), TestModels.Alive("y"), TestModels.Alive("z") },
            new[]
            {
                new Transition("start", "x", a) { Tags = new[] { "to_x" } },
                new Transition("start", "y", b) { Tags = new[] { "to_y" } },
                new Transition("start", "z", c) { Tags = new[] { "to_z" } },
            }),
    });

    [Fact]
    public void ExponentialExitSharesAreRateOverTotalRate()
    {
        double[] rates = { 0.05, 0.02, 0.13 };
        var result = TestModels.Run(ThreeWayRace(new Exponential(rates[0]), new Exponential(rates[1]), new Exponential(rates[2])), Patients).Strategies[0];
        string[] tags = { "to_x", "to_y", "to_z" };
        for (int i = 0; i < 3; i++)
            Tolerance.ProportionMatches(rates[i] / rates.Sum(), result.Tag(tags[i]).Ever.Mean, Patients, tags[i]);
        // Time to leaving the start state is exponential with the total rate.
        Tolerance.WithinStandardErrors(1 / rates.Sum(), result.Tag("to_z").MeanMonthsToFirst.Mean,
            1 / rates.Sum() / Math.Sqrt(Patients * rates[2] / rates.Sum()), "mean time to exit");
    }

    [Fact]
    public void AWeibullRacingAnExponentialWinsWithTheIntegratedProbability()
    {
        // P(Weibull wins) = ∫ f_W(t) e^{−λt} dt, evaluated here by a fine midpoint rule (error < 1e-9).
        var weibull = new Weibull(1.5, 10);
        double lambda = 0.08;
        var result = TestModels.Run(ThreeWayRace(weibull, new Exponential(lambda), new FixedDelay(1e6)), Patients).Strategies[0];
        double p = 0, h = 0.001;
        for (double t = h / 2; t < 200; t += h)
        {
            double f = 1.5 / 10 * Math.Pow(t / 10, 0.5) * Math.Exp(-Math.Pow(t / 10, 1.5));
            p += f * Math.Exp(-lambda * t) * h;
        }
        Tolerance.ProportionMatches(p, result.Tag("to_x").Ever.Mean, Patients, "Weibull wins");
        Tolerance.ProportionMatches(1 - p, result.Tag("to_y").Ever.Mean, Patients, "exponential wins");
    }
}
