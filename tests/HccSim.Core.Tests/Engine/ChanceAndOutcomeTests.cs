using HccSim.Core.Distributions;
using HccSim.Core.Model;
using HccSim.Core.Outcomes;
using HccSim.Core.Tests.Oracles;

namespace HccSim.Core.Tests.Engine;

public class ChanceAndOutcomeTests
{
    private const int Patients = 200_000;

    /// <summary>
    /// systemic →(rate a) surgery[chance: 0.5 pCR → cancer-free, 0.3 cancer-free on maintenance, 0.2 → progressed];
    /// systemic →(rate b) progressed; cancer-free →(rate c) progressed; maintenance stops after 12 months.
    /// </summary>
    private static CohortModel Conversion(double a = 0.05, double b = 0.05, double c = 0.01) => new(120, new Strategy[]
    {
        new PathwayStrategy("s", "systemic",
            new[]
            {
                new State("systemic", StateFlags.ProgressionFree, new[] { "atezolizumab" }),
                new State("cancer_free", StateFlags.ProgressionFree | StateFlags.CancerFree),
                new State("maintenance", StateFlags.ProgressionFree | StateFlags.CancerFree, new[] { "atezolizumab" }),
                new State("progressed"),
            },
            new[]
            {
                new Transition("systemic", "surgery", new Exponential(a)) { Tags = new[] { "conversion" } },
                new Transition("systemic", "progressed", new Exponential(b)),
                new Transition("cancer_free", "progressed", new Exponential(c)) { Tags = new[] { "recurrence" } },
                new Transition("maintenance", "cancer_free", new FixedDelay(12)),
            })
        {
            ChanceNodes = new[]
            {
                new ChanceNode("surgery", new[]
                {
                    new ChanceBranch("cancer_free", 0.5) { Tags = new[] { "pcr" } },
                    new ChanceBranch("maintenance", 0.3),
                    new ChanceBranch("progressed", 0.2),
                }) { Cost = 25_000 },
            },
        },
    });

    [Fact]
    public void AStrategyThatRecordsNoTagHoldsNoTagBinsAndItsTallyReadsBackWhole()
    {
        // Two strategies share the model's tags; only the conversion pathway can record them.
        var conversion = Conversion();
        var plain = new PathwayStrategy("plain", "alive",
            new[] { new State("alive", StateFlags.ProgressionFree), new State("dead", StateFlags.Dead) },
            new[] { new Transition("alive", "dead", new Exponential(0.02)) });
        var model = new CohortModel(120, new[] { conversion.Strategies[0], plain });
        var result = TestModels.Run(model, 20_000);
        var tagged = result.Tallies[0];
        var untagged = result.Tallies[1];

        Assert.Equal(3, tagged.TagCount);
        Assert.Equal(3 * tagged.EventBins, tagged.TagFirstEvents.Length);
        Assert.Empty(untagged.TagFirstEvents);
        Assert.All(result.Strategies[1].Tags, t =>
        {
            Assert.Equal(0, t.Ever.Mean);
            Assert.All(t.CumulativeIncidence, x => Assert.Equal(0, x));
        });
        // The tagged strategy's incidence ends at the share who ever had the tag (the same bins, read in place).
        var conversionTag = result.Strategies[0].Tag("conversion");
        Assert.Equal(conversionTag.Ever.Mean, conversionTag.CumulativeIncidence[^1], 12);

        // Written and read back (a shard's partial), each tally is the same to the bit; the file holds every tag's bins.
        var compiled = result.Model;
        foreach (int s in new[] { 0, 1 })
        {
            using var stream = new MemoryStream();
            using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) result.Tallies[s].Write(w);
            long expectedBins = (long)result.Tallies[s].TagCount * result.Tallies[s].EventBins;
            Assert.True(stream.Length > expectedBins * 8, "every tag's bins are in the file");
            stream.Position = 0;
            using var r = new BinaryReader(stream);
            Assert.True(HccSim.Core.Outcomes.StrategyTally.Read(r, compiled, s, result.Options.Grid).ContentEquals(result.Tallies[s]));
        }
    }

    /// <summary>The conversion pathway with every exit exponential (no fixed-delay maintenance): a chance node, costs and tags on the exponential loop.</summary>
    internal CohortModel ExponentialConversionForLoops() => new(120, new Strategy[]
    {
        new PathwayStrategy("s", "systemic",
            new[]
            {
                new State("systemic", StateFlags.ProgressionFree, new[] { "atezolizumab" }) { CostPerMonth = 9_000, Utility = 0.75 },
                new State("cancer_free", StateFlags.ProgressionFree | StateFlags.CancerFree) { Utility = 0.85 },
                new State("progressed") { CostPerMonth = 2_000, Utility = 0.6 },
                new State("dead", StateFlags.Dead),
            },
            new[]
            {
                new Transition("systemic", "surgery", new Exponential(0.05)) { Tags = new[] { "conversion" } },
                new Transition("systemic", "progressed", new Exponential(0.05)),
                new Transition("cancer_free", "progressed", new Exponential(0.01)) { Tags = new[] { "recurrence" } },
                new Transition("progressed", "dead", new Exponential(0.08)),
            })
        {
            ChanceNodes = new[]
            {
                new ChanceNode("surgery", new[]
                {
                    new ChanceBranch("cancer_free", 0.6) { Tags = new[] { "pcr" } },
                    new ChanceBranch("progressed", 0.4),
                }) { Cost = 25_000 },
            },
        },
    }) { Discounting = Discounting.Both(0.03) };

    /// <summary>Two strategies with three tags each, none shared: the model has six, a strategy records three.</summary>
    private static CohortModel SixTagsThreeEach(double horizon)
    {
        Strategy Pathway(string name, string a, string b, string c) => new PathwayStrategy(name, "x",
            new[] { new State("x", StateFlags.ProgressionFree), new State("y", StateFlags.ProgressionFree), new State("dead", StateFlags.Dead) },
            new[]
            {
                new Transition("x", "y", new Exponential(0.1)) { Tags = new[] { a, b } },
                new Transition("y", "dead", new Exponential(0.1)) { Tags = new[] { c } },
            });
        return new CohortModel(horizon, new[] { Pathway("first", "a", "b", "c"), Pathway("second", "d", "e", "f") });
    }

    [Fact]
    public void TheEventBinLimitCountsTheTagsAStrategyRecordsNotEveryTagOfTheModel()
    {
        // 10,000 bins a month over 120 months: 1,200,001 bins. OS, PFS and three tags need 6.0 M per tally, under the
        // 8 M limit; the model's six tags would need 9.6 M, which a strategy never holds.
        var grid = new TimeGrid(10_000, 1);
        var result = TestModels.Run(SixTagsThreeEach(120), 200, threads: 1, grid: grid);
        Assert.Equal(200, result.Tallies[0].Patients);
        Assert.Equal(3 * result.Tallies[0].EventBins, result.Tallies[0].TagFirstEvents.Length);
        // The two strategies' tallies have the same shape but hold different tags' bins: they do not merge.
        Assert.Throws<ArgumentException>(() => result.Tallies[0].Merge(result.Tallies[1]));

        // Over 240 months the same three tags need 12.0 M: refused, saying what was counted.
        var error = Assert.Throws<ArgumentException>(() => TestModels.Run(SixTagsThreeEach(240), 200, threads: 1, grid: grid));
        Assert.Contains("3 tags a strategy records need 12,000,005 event bins per strategy and thread (expected at most 8,000,000", error.Message);
    }

    [Fact]
    public void ChanceBranchSharesFollowTheirProbabilities()
    {
        var r = TestModels.Run(Conversion(), Patients).Strategies[0];
        double converted = 0.05 / 0.10 * (1 - Math.Exp(-0.10 * 120));
        Tolerance.ProportionMatches(converted, r.Tag("conversion").Ever.Mean, Patients, "conversion");
        Tolerance.ProportionMatches(converted * 0.5, r.Tag("pcr").Ever.Mean, Patients, "pCR");
        Tolerance.WithinStandardErrors(25_000 * converted, r.Costs.Mean, 25_000 * Math.Sqrt(converted * (1 - converted) / Patients), "surgery cost");
    }

    [Fact]
    public void CancerFreeDrugFreeCountsOnlyCancerFreeStatesWithoutTherapy()
    {
        // CFDF ever: pCR branch directly, or the maintenance branch once its 12 months end (if not progressed first).
        var r = TestModels.Run(Conversion(), Patients).Strategies[0];
        var converted = r.Tag("conversion").Ever.Mean;
        // Cancer-free ever: the pCR and maintenance branches (0.5 + 0.3) of every conversion within the horizon.
        double convertedExpected = 0.05 / 0.10 * (1 - Math.Exp(-0.10 * 120));
        Tolerance.ProportionMatches(0.8 * convertedExpected, r.CancerFreeEver.Mean, Patients, "cancer-free ever");
        // P(CFDF ever) = ∫₀ᴴ a e^{−(a+b)t} [0.5 + 0.3·1{t + 12 ≤ H}] dt (no exit from maintenance but the 12-month stop).
        double a = 0.05, total = 0.10;
        double expected = 0.5 * a / total * (1 - Math.Exp(-total * 120)) + 0.3 * a / total * (1 - Math.Exp(-total * 108));
        Tolerance.ProportionMatches(expected, r.CfdfEver.Mean, Patients, "CFDF ever");
        Assert.True(converted > r.CfdfEver.Mean);
        // Prevalence never exceeds the share ever reached, and occupancy of cancer_free equals CFDF prevalence here.
        var cancerFree = r.OccupancyOf("cancer_free");
        for (int g = 0; g < r.Times.Count; g++)
        {
            Assert.Equal(cancerFree[g], r.CfdfPrevalence[g], 12);
            Assert.True(r.CfdfPrevalence[g] <= r.CfdfEver.Mean + 1e-12);
        }
    }

    [Fact]
    public void MeanTimeCancerFreeDrugFreeMatchesItsClosedForm()
    {
        // Conversion at t ~ rate a (competing b): pCR (0.5) is CFDF from t, maintenance (0.3) from t + 12, each
        // until recurrence at rate c or the horizon: E = ∫₀ᴴ a e^{−(a+b)t} [0.5 g(H−t) + 0.3 g(H−t−12)⁺] dt,
        // g(u) = (1 − e^{−cu})/c. Midpoint rule with 1e-4-month steps: error far below the Monte Carlo error.
        const double a = 0.05, b = 0.05, c = 0.01, h = 120;
        static double G(double u) => u <= 0 ? 0 : (1 - Math.Exp(-c * u)) / c;
        double expected = 0, dt = 1e-4;
        for (double t = dt / 2; t < h; t += dt)
            expected += a * Math.Exp(-(a + b) * t) * (0.5 * G(h - t) + 0.3 * G(h - t - 12)) * dt;
        var r = TestModels.Run(Conversion(), Patients).Strategies[0];
        Tolerance.WithinStandardErrors(expected, r.CfdfMonths.Mean, r.CfdfMonths.StandardError, "mean CFDF months");
    }

    [Fact]
    public void MeanTimeCancerFreeDrugFreeIsTheIntegralOfItsPrevalence()
    {
        // The same stays, summed two ways: the trapezoid over 0.01-month points misplaces each entry and exit by
        // at most one step, and a patient here enters and leaves CFDF at most once, so |difference| ≤ 2·0.01.
        var r = TestModels.Run(Conversion(), 50_000, grid: new HccSim.Core.Outcomes.TimeGrid(100, 100)).Strategies[0];
        double integral = 0;
        for (int g = 1; g < r.Times.Count; g++) integral += (r.CfdfPrevalence[g] + r.CfdfPrevalence[g - 1]) / 2 * (r.Times[g] - r.Times[g - 1]);
        Assert.True(Math.Abs(integral - r.CfdfMonths.Mean) <= 0.02, $"integral {integral} vs mean {r.CfdfMonths.Mean}");
    }

    [Fact]
    public void ResponseEverCountsEntriesIntoResponseStates()
    {
        var model = new CohortModel(60, new Strategy[]
        {
            new PathwayStrategy("s", "treated",
                new[] { TestModels.Alive("treated"), new State("responding", StateFlags.ProgressionFree | StateFlags.Response), TestModels.Dead() },
                new[]
                {
                    new Transition("treated", "responding", new Exponential(0.06)),
                    new Transition("treated", "dead", new Exponential(0.04)),
                }),
        });
        var r = TestModels.Run(model, Patients).Strategies[0];
        Tolerance.ProportionMatches(0.6 * (1 - Math.Exp(-0.1 * 60)), r.ResponseEver.Mean, Patients, "response ever");
    }
}
