using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Model;

namespace HccSim.Core.Tests.Compilation;

/// <summary>
/// Loops a patient could go round more than the engine's 1,000,000 transitions before the horizon are refused at
/// validation: a loop of k transitions whose median times add up to less than k × horizon / 1,000,000 (120 months:
/// 1.2e-4 months a transition).
/// </summary>
public class NearInstantLoopTests
{
    private static CohortModel Loop(TimeToEvent there, TimeToEvent back, Clock clock = Clock.TimeInState, IReadOnlyList<HazardRatio>? hrs = null)
        => new(120, new Strategy[]
        {
            new PathwayStrategy("s", "a", new[] { TestModels.Alive("a"), TestModels.Alive("b"), TestModels.Dead() }, new[]
            {
                new Transition("a", "b", there) { Clock = clock, HazardRatios = hrs ?? Array.Empty<HazardRatio>() },
                new Transition("b", "a", back),
                new Transition("a", "dead", Exponential.FromMedian(24)),
            }),
        })
        { Attributes = new PatientAttribute[] { new CategoricalAttribute("burden", new[] { new AttributeLevel("low", 0.5), new AttributeLevel("high", 0.5) }) } };

    private static string? Error(CohortModel model)
        => ModelCompiler.Validate(model).SingleOrDefault(e => e.Message.Contains("median pace"))?.Message;

    [Fact]
    public void ALoopOfTwoHugeRatesIsRefusedNamingTheLoop()
    {
        var message = Error(Loop(new Exponential(1e9), new Exponential(1e9)));
        Assert.NotNull(message);
        Assert.StartsWith("the loop a → b → a takes 1.39E-09 months at the median pace of its 2 transitions", message);
    }

    [Fact]
    public void ALoopOfTinyTimeInStateDelaysIsRefused()
        => Assert.NotNull(Error(Loop(new FixedDelay(1e-9), new UniformDelay(0, 1e-9))));

    [Fact]
    public void OneSlowStepMakesTheWholeLoopSlowEnough()
        // A day one way, a millionth of a month back: 60 months hold about 3,650 rounds, far from the limit.
        => Assert.Null(Error(Loop(new FixedDelay(1 / 30.4375), new Exponential(1e6))));

    [Fact]
    public void ARateJustSlowerThanTheLimitPassesAndJustFasterIsRefused()
    {
        // δ = 120 / 1,000,000 = 1.2e-4 months; an exponential's median is ln 2 / rate: the edge is at rate ≈ 5,776.
        Assert.Null(Error(Loop(new Exponential(5000), new Exponential(5000))));
        Assert.NotNull(Error(Loop(new Exponential(7000), new Exponential(7000))));
    }

    [Fact]
    public void TheLargestCategoricalHazardRatioIsCounted()
    {
        var hr = new HazardRatio[] { new CategoricalHazardRatio("burden", new Dictionary<string, double> { ["high"] = 1e6 }) };
        Assert.Null(Error(Loop(new Exponential(1), new Exponential(1e6))));
        Assert.NotNull(Error(Loop(new Exponential(1), new Exponential(1e6), hrs: hr)));
    }

    [Fact]
    public void AForwardClockHazardIsJudgedAtItsFastestPointBeforeTheHorizon()
    {
        // Gompertz with shape 0.5/month is slow at the start (median ~ 1.4 months) and near-instant by month 100.
        Assert.NotNull(Error(Loop(new Gompertz(0.5, 1e-3), new Exponential(1e6), Clock.TimeSinceStart)));
        Assert.Null(Error(Loop(new Gompertz(0.5, 1e-3), new Exponential(1e6), Clock.TimeInState)));
    }

    [Fact]
    public void ARealisticLoopOfRecurrenceAndRetreatmentPasses()
        => Assert.Null(Error(Loop(Exponential.FromMedian(14), new Weibull(1.3, 6))));
}
