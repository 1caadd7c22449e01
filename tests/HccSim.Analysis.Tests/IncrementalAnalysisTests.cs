using HccSim.Analysis.Economics;

namespace HccSim.Analysis.Tests;

public class IncrementalAnalysisTests
{
    private static StrategyOutcome S(string name, double cost, double qalys, double lifeYears = 0) => new(name, cost, qalys, lifeYears);

    // Worked by hand. By cost: A 10,000/5.0, B 12,000/5.5, D 14,000/5.4, C 15,000/5.6, E 20,000/6.0.
    // D: B costs less and gains more → strictly dominated by B.
    // ICERs on A, B, C, E: B 2,000/0.5 = 4,000; C 3,000/0.1 = 30,000; E 5,000/0.4 = 12,500 < 30,000 → C extendedly
    // dominated (between B and E); then E against B: 8,000/0.5 = 16,000. Frontier A → B (4,000) → E (16,000).
    private static readonly StrategyOutcome[] Textbook =
    {
        S("E", 20_000, 6.0, 7.0), S("C", 15_000, 5.6, 6.6), S("A", 10_000, 5.0, 6.0), S("D", 14_000, 5.4, 6.4), S("B", 12_000, 5.5, 6.5),
    };

    [Fact]
    public void DominatedStrategiesLeaveTheFrontierAndIcersRiseAlongIt()
    {
        var a = IncrementalAnalysis.Of(Textbook, 20_000);
        Assert.Equal(new[] { "A", "B", "D", "C", "E" }, a.Rows.Select(r => r.Outcome.Strategy));
        Assert.Equal(new[] { "A", "B", "E" }, a.Frontier.Select(r => r.Outcome.Strategy));
        var row = a.Rows.ToDictionary(r => r.Outcome.Strategy);
        Assert.Equal(Dominance.Strict, row["D"].Status);
        Assert.Equal(new[] { "B" }, row["D"].DominatedBy);
        Assert.Equal(Dominance.Extended, row["C"].Status);
        Assert.Equal(new[] { "B", "E" }, row["C"].DominatedBy);
        Assert.True(double.IsNaN(row["A"].Icer) && row["A"].Comparator is null);
        Assert.Equal(4_000, row["B"].Icer, 9);
        Assert.Equal("A", row["B"].Comparator);
        Assert.Equal(16_000, row["E"].Icer, 9);
        Assert.Equal("B", row["E"].Comparator);
        Assert.Equal(8_000, row["E"].IncrementalCost, 9);
        Assert.Equal(0.5, row["E"].IncrementalQalys, 12);
        Assert.Equal(0.5, row["E"].IncrementalLifeYears, 12);
        Assert.True(double.IsNaN(row["C"].Icer) && double.IsNaN(row["D"].Icer));
        // λ = 20,000: NMB A 90,000, B 98,000, D 94,000, C 97,000, E 100,000; NHB = QALYs − cost/λ; both also against A.
        Assert.Equal(new[] { 90_000.0, 98_000, 94_000, 97_000, 100_000 }, a.Rows.Select(r => Math.Round(r.NetMonetaryBenefit, 6)));
        Assert.Equal(4.9, row["B"].NetHealthBenefit, 12);
        Assert.Equal(10_000, row["E"].IncrementalNetMonetaryBenefit, 9);
        Assert.Equal(0.5, row["E"].IncrementalNetHealthBenefit, 12);
        Assert.Equal("E", a.Optimal);
        Assert.Equal("B", IncrementalAnalysis.Of(Textbook, 10_000).Optimal); // 16,000 > λ ≥ 4,000
        Assert.Equal("A", IncrementalAnalysis.Of(Textbook, 3_000).Optimal);
        Assert.Null(IncrementalAnalysis.Of(Textbook).Optimal);
    }

    [Fact]
    public void TiesAreBrokenTheSameWayWhateverTheOrderGiven()
    {
        // F is A again (listed after it); G costs what B costs for fewer QALYs; H gains what B gains for more.
        var outcomes = new[] { S("A", 10_000, 5.0), S("B", 12_000, 5.5), S("F", 10_000, 5.0), S("G", 12_000, 5.2), S("H", 13_000, 5.5) };
        foreach (var given in new[] { outcomes, outcomes.Reverse().ToArray() })
        {
            var row = IncrementalAnalysis.Of(given).Rows.ToDictionary(r => r.Outcome.Strategy);
            Assert.Equal(Dominance.None, row["B"].Status);
            Assert.Equal(Dominance.Strict, row["G"].Status);
            Assert.Equal(new[] { "B" }, row["G"].DominatedBy);
            Assert.Equal(Dominance.Strict, row["H"].Status);
            Assert.Equal(new[] { "B" }, row["H"].DominatedBy);
            // Identical strategies: the one listed first stays.
            string first = Array.FindIndex(given, o => o.Strategy == "A") < Array.FindIndex(given, o => o.Strategy == "F") ? "A" : "F";
            string second = first == "A" ? "F" : "A";
            Assert.Equal(Dominance.None, row[first].Status);
            Assert.Equal(Dominance.Strict, row[second].Status);
            Assert.Equal(new[] { first }, row[second].DominatedBy);
        }
    }

    [Fact]
    public void EqualIcersKeepTheMiddleStrategyOnTheFrontier()
    {
        var a = IncrementalAnalysis.Of(new[] { S("P", 0, 0), S("Q", 10, 1), S("R", 20, 2) });
        Assert.Equal(new[] { "P", "Q", "R" }, a.Frontier.Select(r => r.Outcome.Strategy));
        Assert.All(a.Frontier.Skip(1), r => Assert.Equal(10, r.Icer, 12));
        // Collinear in decimals whose ICERs differ in the last bits (0.7/0.3 vs 0.7/0.3 computed from other sums).
        var rounded = IncrementalAnalysis.Of(new[] { S("a", 0.3, 0.7), S("b", 0.6, 1.4), S("c", 0.9, 2.1), S("d", 1.2, 2.8) });
        Assert.Equal(new[] { "a", "b", "c", "d" }, rounded.Frontier.Select(r => r.Outcome.Strategy));
        // λ exactly at an ICER: P, Q and R tie on net benefit, and the cheapest wins.
        Assert.Equal("P", IncrementalAnalysis.Of(new[] { S("R", 20, 2), S("Q", 10, 1), S("P", 0, 0) }, 10).Optimal);
    }

    [Fact]
    public void TheBestNetBenefitIsTheFrontierStrategyWithTheLargestIcerWithinTheWillingnessToPay()
    {
        // The decision rule two ways, on random planes: the argmax of λ·QALYs − cost, computed here, against the
        // frontier strategy whose ICER is the largest not above λ.
        var rng = new System.Random(7);
        for (int set = 0; set < 300; set++)
        {
            var outcomes = Enumerable.Range(0, 2 + rng.Next(8)).Select(i => S($"s{i}", rng.Next(0, 50) * 1000.0, rng.Next(0, 40) / 10.0)).ToArray();
            var frontier = IncrementalAnalysis.Of(outcomes).Frontier;
            for (int i = 2; i < frontier.Count; i++) Assert.True(frontier[i].Icer >= frontier[i - 1].Icer, "ICERs rise along the frontier");
            // No strategy lies below the frontier: each is on or above the segment over its cost (or beyond its ends).
            foreach (var o in outcomes)
                for (int i = 1; i < frontier.Count; i++)
                {
                    var (lo, hi) = (frontier[i - 1].Outcome, frontier[i].Outcome);
                    if (o.Cost < lo.Cost || o.Cost > hi.Cost) continue;
                    double onLine = lo.Qalys + (o.Cost - lo.Cost) * (hi.Qalys - lo.Qalys) / (hi.Cost - lo.Cost);
                    Assert.True(o.Qalys <= onLine + 1e-9, $"{o} lies beyond the frontier");
                }
            foreach (double lambda in new[] { 0.0, 1_000, 5_000, 10_000, 20_000, 50_000, 1e6 })
            {
                double best = outcomes.Max(o => lambda * o.Qalys - o.Cost);
                var byRule = frontier.LastOrDefault(r => !(r.Icer > lambda)) ?? frontier[0];
                Assert.Equal(best, lambda * byRule.Outcome.Qalys - byRule.Outcome.Cost, 6);
                var optimal = IncrementalAnalysis.Of(outcomes, lambda).Optimal!;
                Assert.Equal(best, outcomes.Where(o => o.Strategy == optimal).Select(o => lambda * o.Qalys - o.Cost).Single(), 6);
            }
        }
    }

    [Fact]
    public void ImpossibleInputsAreRefusedTogether()
    {
        var e = Assert.Throws<ArgumentException>(() => IncrementalAnalysis.Of(new[] { S("a", double.NaN, 1), S("b", 1, 1), S("b", 2, 2) }, -5));
        Assert.Contains("strategy 'a' has a cost, QALYs or life-years that is not a finite number", e.Message);
        Assert.Contains("strategy 'b' is listed twice", e.Message);
        Assert.Contains("willingness to pay must be a finite amount ≥ 0 per QALY (got -5)", e.Message);
        Assert.Contains("no strategies to compare", Assert.Throws<ArgumentException>(() => IncrementalAnalysis.Of(Array.Empty<StrategyOutcome>())).Message);
    }
}
