using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;
using HccSim.Core.Model;
using HccSim.Core.Outcomes;

namespace HccSim.Core.Tests.Outcomes;

/// <summary>
/// A cohort tallied by cells of baseline levels, so subgroups are read from the same pass: the whole cohort stays the same
/// to the bit, and a subgroup is exactly the patients who started at its levels (checked against per-patient data and
/// closed forms, not against the engine run again).
/// </summary>
public class CohortPartitionTests
{
    private const double Death = 0.02, Event = 0.05, Hr = 2.5, LowShare = 0.3;

    /// <summary>
    /// well → dead at rate λ (×2.5 at risk 'high'); well → event at rate μ, a chance node back to well that sets risk 'high' in
    /// "worsens" (a patient who started low is high afterwards) and changes nothing in "stays". A three-level 'site' with
    /// its own costs only, so the sums of money and the second digit of the cell index are exercised.
    /// </summary>
    private static CohortModel Model(double horizon = 120) => new(horizon, new Strategy[]
    {
        Pathway("worsens", new[] { new AttributeSetting("risk", "high") }),
        Pathway("stays", Array.Empty<AttributeSetting>()),
    })
    {
        Attributes = new PatientAttribute[]
        {
            new CategoricalAttribute("risk", new[] { new AttributeLevel("low", LowShare), new AttributeLevel("high", 1 - LowShare) }),
            new CategoricalAttribute("site", new[] { new AttributeLevel("a", 0.5), new AttributeLevel("b", 0.3), new AttributeLevel("c", 0.2) }),
        },
    };

    private static PathwayStrategy Pathway(string name, AttributeSetting[] sets) => new(name, "well",
        new[] { TestModels.Alive("well", cost: 1234.5, utility: 0.8), TestModels.Dead() },
        new[]
        {
            new Transition("well", "dead", new Exponential(Death)) { HazardRatios = new HazardRatio[] { new CategoricalHazardRatio("risk", new Dictionary<string, double> { ["high"] = Hr }) } },
            new Transition("well", "event", new Exponential(Event)),
        })
    {
        ChanceNodes = new[] { new ChanceNode("event", new[] { new ChanceBranch("well", 1) }) { Sets = sets, Tags = new[] { "event" } } },
    };

    private static SimulationResult Run(CompiledModel model, int patients, int threads, CohortPartition? partition, long first = 0, bool endpoints = false)
        => Simulator.Run(model, new SimulationOptions
        {
            Patients = patients, FirstPatient = first, Seed = 77, Threads = threads, BlockSize = 1000, Partition = partition, RecordEndpoints = endpoints,
        });

    private static void AssertSameTallies(SimulationResult expected, SimulationResult actual)
    {
        Assert.Equal(expected.Tallies.Count, actual.Tallies.Count);
        for (int s = 0; s < expected.Tallies.Count; s++)
            Assert.True(expected.Tallies[s].ContentEquals(actual.Tallies[s]), $"strategy {expected.Strategies[s].Strategy} differs");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void PartitioningTheCohortLeavesTheWholeCohortBitIdentical(int threads)
    {
        var model = ModelCompiler.Compile(Model());
        var plain = Run(model, 30_000, threads, null);
        foreach (var by in new[] { new[] { "risk" }, new[] { "site" }, new[] { "site", "risk" } })
        {
            var cut = Run(model, 30_000, threads, CohortPartition.By(model, by));
            AssertSameTallies(plain, cut);
            Assert.Equal(plain.Strategies[0].OverallSurvival.Survival, cut.Strategies[0].OverallSurvival.Survival);
        }
        // On another thread count too: the cells, not only the whole, are the same to the bit.
        var partition = CohortPartition.By(model, new[] { "site", "risk" });
        var one = Run(model, 30_000, 1, partition);
        var other = Run(model, 30_000, 3 - threads, partition);
        for (int i = 0; i < one.CellTallies.Count; i++) Assert.True(one.CellTallies[i].ContentEquals(other.CellTallies[i]), $"cell tally {i} differs");
    }

    [Fact]
    public void ShardsOfAPartitionedCohortMergeCellByCellIntoTheWholeRun()
    {
        var model = ModelCompiler.Compile(Model());
        var partition = CohortPartition.By(model, new[] { "risk" });
        var whole = Run(model, 20_000, 2, partition);
        var first = Run(model, 7_000, 1, partition);
        var rest = Run(model, 13_000, 2, partition, first: 7_000);
        var merged = first.CellTallies.ToArray();
        for (int i = 0; i < merged.Length; i++) merged[i].Merge(rest.CellTallies[i]);
        var fromShards = SimulationResult.FromTallies(model, whole.Options, merged);
        AssertSameTallies(Run(model, 20_000, 2, null), fromShards);
        var low = new[] { ("risk", "low") };
        AssertSameTallies(whole.Subgroup(low), fromShards.Subgroup(low));
    }

    [Fact]
    public void ASubgroupHoldsExactlyThePatientsWhoStartedAtItsLevels()
    {
        // Independent of the tallies: each patient's baseline levels and death time from the endpoint table, counted here.
        var model = ModelCompiler.Compile(Model(horizon: 60));
        const int patients = 20_000;
        var result = Run(model, patients, 2, CohortPartition.By(model, new[] { "risk", "site" }), endpoints: true);
        var table = result.Endpoints!;
        var grid = result.Options.Grid;
        foreach (var (risk, site) in new[] { ("low", (string?)null), ("high", "b"), ("low", "c") })
        {
            var levels = new List<(string, string)> { ("risk", risk) };
            if (site is not null) levels.Add(("site", site));
            var subgroup = result.Subgroup(levels);
            int riskLevel = risk == "low" ? 0 : 1, siteLevel = site is null ? -1 : site[0] - 'a';
            for (int s = 0; s < 2; s++)
            {
                long count = 0;
                var events = new long[grid.EventBins(60)];
                var osTime = new ExactSum(SumPrecision.Fine);
                for (int p = 0; p < patients; p++)
                {
                    if ((int)table.Attributes[p * 2] != riskLevel || (siteLevel >= 0 && (int)table.Attributes[p * 2 + 1] != siteLevel)) continue;
                    count++;
                    double death = table.Death[s][p];
                    if (double.IsFinite(death)) events[death <= 0 ? 0 : (int)Math.Ceiling(death * grid.BinsPerMonth)]++;
                    osTime.Add(Math.Min(death, 60));
                }
                var tally = subgroup.Tallies[s];
                Assert.Equal(count, tally.Patients);
                Assert.Equal(events, tally.OsEvents);
                Assert.True(osTime.Equals(tally.OsTime), $"restricted OS time of {risk}/{site} under strategy {s}");
            }
        }
        // Two levels of one attribute at once: nobody.
        Assert.Equal(0, result.Subgroup(new[] { ("risk", "low"), ("risk", "high") }).Tallies[0].Patients);
    }

    [Fact]
    public void ASubgroupsSurvivalIsItsBaselineLevelsClosedForm()
    {
        // Started low: hazard λ until the first event, then 2.5λ under "worsens" (the set moves them to high, not to another
        // cell), λ throughout under "stays". Started high: 2.5λ throughout. Its size is Binomial(N, share).
        const int patients = 100_000;
        var model = ModelCompiler.Compile(Model());
        var result = Run(model, patients, 2, CohortPartition.By(model, new[] { "risk" }));
        var low = result.Subgroup(new[] { ("risk", "low") });
        var high = result.Subgroup(new[] { ("risk", "high") });

        double sdCount = Math.Sqrt(patients * LowShare * (1 - LowShare));
        Assert.InRange(low.Tallies[0].Patients, patients * LowShare - 4 * sdCount, patients * LowShare + 4 * sdCount);
        Assert.Equal(patients, low.Tallies[0].Patients + high.Tallies[0].Patients);

        double a = Death + Event, b = Hr * Death;
        double Worsened(double t) => Math.Exp(-a * t) + Event / (a - b) * (Math.Exp(-b * t) - Math.Exp(-a * t));
        foreach (double t in new[] { 12.0, 36.0, 60.0 })
        {
            AssertNear(low["worsens"].OverallSurvival.At(t).Mean, Worsened(t), low.Tallies[0].Patients);
            AssertNear(low["stays"].OverallSurvival.At(t).Mean, Math.Exp(-Death * t), low.Tallies[1].Patients);
            AssertNear(high["worsens"].OverallSurvival.At(t).Mean, Math.Exp(-b * t), high.Tallies[0].Patients);
        }
    }

    private static void AssertNear(double simulated, double expected, long n)
    {
        double se = Math.Sqrt(expected * (1 - expected) / n);
        Assert.InRange(simulated, expected - 4 * se, expected + 4 * se);
    }

    [Fact]
    public void APartitionNamesItsProblemsAndARunNeedsOneForItsSubgroups()
    {
        var model = ModelCompiler.Compile(Model());
        Assert.Contains("no attribute 'stage'", Assert.Throws<ArgumentException>(() => CohortPartition.By(model, new[] { "stage" })).Message);
        var partition = CohortPartition.By(model, new[] { "risk" });
        Assert.Equal(2, partition.CellCount);
        Assert.Contains("attribute 'risk' has no level 'mid'", Assert.Throws<ArgumentException>(() => partition.CellsOf(new[] { ("risk", "mid") })).Message);
        Assert.Contains("not cut by attribute 'site'", Assert.Throws<ArgumentException>(() => partition.CellsOf(new[] { ("site", "a") })).Message);
        var plain = Run(model, 100, 1, null);
        Assert.Contains("not partitioned", Assert.Throws<InvalidOperationException>(() => plain.Subgroup(new[] { ("risk", "low") })).Message);
        var other = ModelCompiler.Compile(Model() with { Attributes = new PatientAttribute[] { new CategoricalAttribute("risk", new[] { new AttributeLevel("high", 1) }) } });
        Assert.Contains("another model's attributes", Assert.Throws<ArgumentException>(() => Run(other, 100, 1, partition)).Message);
    }
}
