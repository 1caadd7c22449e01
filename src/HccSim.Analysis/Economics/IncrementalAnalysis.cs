namespace HccSim.Analysis.Economics;

/// <summary>A strategy's expected (discounted) cost, QALYs and life-years per patient.</summary>
public sealed record StrategyOutcome(string Strategy, double Cost, double Qalys, double LifeYears);

public enum Dominance
{
    /// <summary>On the efficiency frontier.</summary>
    None,
    /// <summary>Another strategy costs no more and gains at least as many QALYs (or is identical and listed first).</summary>
    Strict,
    /// <summary>A mix of the frontier strategies either side of it would gain more QALYs for the same cost.</summary>
    Extended,
}

/// <summary>
/// One strategy of an incremental analysis. On the frontier: its increments and ICER against the previous frontier
/// strategy (none for the first). Dominated: by whom, and no ICER. Net benefits at the willingness to pay λ (NaN
/// without one): NMB = λ·QALYs − cost, NHB = QALYs − cost/λ, and both against the frontier's first (cheapest) strategy.
/// </summary>
public sealed record IncrementalRow(
    StrategyOutcome Outcome, Dominance Status, IReadOnlyList<string> DominatedBy, string? Comparator,
    double IncrementalCost, double IncrementalQalys, double IncrementalLifeYears, double Icer,
    double NetMonetaryBenefit, double NetHealthBenefit, double IncrementalNetMonetaryBenefit, double IncrementalNetHealthBenefit);

/// <summary>
/// Incremental cost-effectiveness analysis of any number of strategies: sorted by cost, strictly (and weakly)
/// dominated strategies removed, then extendedly dominated ones, leaving the efficiency frontier (the lower-right
/// convex hull of the cost-effectiveness plane) with increasing ICERs; net monetary and health benefit at λ.
/// </summary>
/// <remarks>
/// Ties: at equal cost the strategy with more QALYs dominates; identical strategies keep the one listed first; equal
/// QALYs for more cost is dominated. Two consecutive equal ICERs both stay on the frontier (the middle strategy is not
/// worse than the mix). The optimal strategy at λ is the one with the largest net monetary benefit; on a tie, the cheaper.
/// </remarks>
public sealed record IncrementalAnalysis(IReadOnlyList<IncrementalRow> Rows, double? WillingnessToPay)
{
    /// <summary>The frontier, cheapest first.</summary>
    public IReadOnlyList<IncrementalRow> Frontier => Rows.Where(r => r.Status == Dominance.None).ToArray();

    /// <summary>The strategy with the largest net monetary benefit at the willingness to pay (null without one).</summary>
    public string? Optimal
    {
        get
        {
            if (WillingnessToPay is not { } lambda) return null;
            // Net benefits equal up to the rounding of λ·QALYs − cost (λ at an ICER) are a tie, which the cheaper wins.
            double best = Rows.Max(r => r.NetMonetaryBenefit);
            double scale = Rows.Max(r => Math.Abs(lambda * r.Outcome.Qalys) + Math.Abs(r.Outcome.Cost));
            return Rows.Where(r => best - r.NetMonetaryBenefit <= RelativeTolerance * scale)
                .OrderBy(r => r.Outcome.Cost).First().Outcome.Strategy;
        }
    }

    public static IncrementalAnalysis Of(IEnumerable<StrategyOutcome> outcomes, double? willingnessToPay = null)
    {
        var list = outcomes.ToList();
        var problems = new List<string>();
        if (list.Count == 0) problems.Add("no strategies to compare");
        foreach (var o in list.Where(o => !double.IsFinite(o.Cost) || !double.IsFinite(o.Qalys) || !double.IsFinite(o.LifeYears)))
            problems.Add($"strategy '{o.Strategy}' has a cost, QALYs or life-years that is not a finite number");
        foreach (var name in list.GroupBy(o => o.Strategy).Where(g => g.Count() > 1).Select(g => g.Key)) problems.Add($"strategy '{name}' is listed twice");
        if (willingnessToPay is { } w && !(w >= 0 && double.IsFinite(w))) problems.Add($"willingness to pay must be a finite amount ≥ 0 per QALY (got {w})");
        if (problems.Count > 0) throw new ArgumentException("invalid incremental analysis: " + string.Join("; ", problems));

        // By cost, then more QALYs first, then as listed (a stable sort): a strategy is dominated by any before it with
        // at least its QALYs.
        var order = list.Select((o, i) => (o, i)).OrderBy(x => x.o.Cost).ThenByDescending(x => x.o.Qalys).ThenBy(x => x.i).Select(x => x.o).ToList();
        var status = list.ToDictionary(o => o.Strategy, _ => Dominance.None);
        var by = list.ToDictionary(o => o.Strategy, _ => (IReadOnlyList<string>)Array.Empty<string>());
        var frontier = new List<StrategyOutcome>();
        for (int k = 0; k < order.Count; k++)
        {
            var o = order[k];
            // The frontier's QALYs rise, so its last strategy has the most so far.
            if (frontier.Count > 0 && frontier[^1].Qalys >= o.Qalys)
            {
                status[o.Strategy] = Dominance.Strict;
                // The cheapest earlier strategy with at least its QALYs (it, too, may be dominated later in extension).
                by[o.Strategy] = new[] { order.Take(k).First(f => f.Qalys >= o.Qalys).Strategy };
                continue;
            }
            frontier.Add(o);
        }
        // Extended dominance: while some ICER exceeds the next one, the strategy between them is off the hull.
        var extended = new List<StrategyOutcome>();
        for (bool changed = true; changed;)
        {
            changed = false;
            for (int i = 1; i + 1 < frontier.Count; i++)
            {
                if (Exceeds(Icer(frontier[i - 1], frontier[i]), Icer(frontier[i], frontier[i + 1])))
                {
                    extended.Add(frontier[i]);
                    frontier.RemoveAt(i);
                    changed = true;
                    break;
                }
            }
        }
        foreach (var o in extended)
        {
            status[o.Strategy] = Dominance.Extended;
            var below = frontier.Last(f => f.Cost < o.Cost);
            var above = frontier.First(f => f.Cost > o.Cost);
            by[o.Strategy] = new[] { below.Strategy, above.Strategy };
        }

        var reference = frontier[0];
        double lambda = willingnessToPay ?? double.NaN;
        double Nmb(StrategyOutcome o) => lambda * o.Qalys - o.Cost;
        double Nhb(StrategyOutcome o) => lambda > 0 ? o.Qalys - o.Cost / lambda : double.NaN;
        var rows = new List<IncrementalRow>();
        foreach (var o in order)
        {
            int k = frontier.IndexOf(o);
            var previous = k > 0 ? frontier[k - 1] : null;
            rows.Add(new IncrementalRow(o, status[o.Strategy], by[o.Strategy], previous?.Strategy,
                previous is null ? double.NaN : o.Cost - previous.Cost,
                previous is null ? double.NaN : o.Qalys - previous.Qalys,
                previous is null ? double.NaN : o.LifeYears - previous.LifeYears,
                previous is null ? double.NaN : Icer(previous, o),
                Nmb(o), Nhb(o), Nmb(o) - Nmb(reference), Nhb(o) - Nhb(reference)));
        }
        return new IncrementalAnalysis(rows, willingnessToPay);
    }

    private static double Icer(StrategyOutcome from, StrategyOutcome to) => (to.Cost - from.Cost) / (to.Qalys - from.Qalys);

    /// <summary>a &gt; b beyond rounding: collinear strategies give ICERs that differ in the last bits, and count as equal.</summary>
    private static bool Exceeds(double a, double b) => a - b > RelativeTolerance * Math.Max(Math.Abs(a), Math.Abs(b));

    private const double RelativeTolerance = 1e-12;
}
