using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;
using HccSim.Core.Model;

namespace HccSim.Core.Tests.Outcomes;

public class EndpointTableTests
{
    // alive → cancer-free drug-free (rate a) → recurrence (rate r); death at rate m from each.
    private static CohortModel Conversion(double a, double r, double m, double horizon) => new(horizon, new Strategy[]
    {
        new PathwayStrategy("s", "alive",
            new[] { new State("alive", StateFlags.ProgressionFree), new State("cfdf", StateFlags.CancerFree), new State("recurred"), new State("dead", StateFlags.Dead) },
            new[]
            {
                new Transition("alive", "cfdf", new Exponential(a)), new Transition("alive", "dead", new Exponential(m)),
                new Transition("cfdf", "recurred", new Exponential(r)), new Transition("cfdf", "dead", new Exponential(m)),
                new Transition("recurred", "dead", new Exponential(m)),
            }),
    });

    [Theory]
    [InlineData(24.0, 120.0)]
    [InlineData(60.0, 60.0)] // at the horizon: a stay running to it still counts
    public void TheShareCancerFreeDrugFreeAtTheLandmarkIsTheClosedForm(double landmark, double horizon)
    {
        const double a = 0.04, r = 0.015, m = 0.01;
        const int n = 200_000;
        var run = Simulator.Run(ModelCompiler.Compile(Conversion(a, r, m, horizon)), new SimulationOptions
        {
            Patients = n, Seed = 11, Threads = 2, RecordEndpoints = true, CfdfLandmarkMonths = landmark,
        });
        // P(in cfdf at L) = ∫₀ᴸ a e^{−(a+m)s} e^{−(r+m)(L−s)} ds = a e^{−(r+m)L} (1 − e^{−(a−r)L}) / (a − r).
        double p = a * Math.Exp(-(r + m) * landmark) * (1 - Math.Exp(-(a - r) * landmark)) / (a - r);
        double share = run.Endpoints!.CfdfAtLandmark[0].Count(x => x) / (double)n;
        Assert.True(Math.Abs(share - p) <= 4 * Math.Sqrt(p * (1 - p) / n), $"share {share} vs {p}");
    }

    [Fact]
    public void WithoutALandmarkNothingIsRecorded()
    {
        var run = Simulator.Run(ModelCompiler.Compile(Conversion(0.04, 0.015, 0.01, 60)), new SimulationOptions { Patients = 100, RecordEndpoints = true });
        Assert.Null(run.Endpoints!.CfdfLandmarkMonths);
        Assert.Empty(run.Endpoints.CfdfAtLandmark[0]);
        var e = Assert.Throws<ArgumentException>(() => Simulator.Run(ModelCompiler.Compile(Conversion(0.04, 0.015, 0.01, 60)), new SimulationOptions { Patients = 100, CfdfLandmarkMonths = 12 }));
        Assert.Contains("recorded only with the endpoint table", e.Message);
    }
}
