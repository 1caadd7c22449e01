namespace HccSim.Analysis.Uncertainty;

/// <summary>
/// One parameter draw's outcome for one strategy: discounted cost, QALYs and life-years per patient, and the same means
/// for each batch of the cohort (consecutive blocks of patients, together the whole cohort). The batches carry the
/// patient-level (inner) error: the spread of batch means, taken strategy minus strategy on the same patients, estimates
/// the variance of a difference of the whole cohort's means, common random numbers included.
/// </summary>
public readonly record struct DrawOutcome(double Cost, double Qalys, double LifeYears)
{
    /// <summary>Each batch's mean discounted cost (null: not measured).</summary>
    public double[]? CostBatches { get; init; }
    /// <summary>Each batch's mean discounted QALYs, batch for batch with <see cref="CostBatches"/>.</summary>
    public double[]? QalyBatches { get; init; }

    /// <summary>Equal when every number is, batches included (by value, not by array).</summary>
    public bool Equals(DrawOutcome other)
        => Cost.Equals(other.Cost) && Qalys.Equals(other.Qalys) && LifeYears.Equals(other.LifeYears)
           && Same(CostBatches, other.CostBatches) && Same(QalyBatches, other.QalyBatches);

    public override int GetHashCode() => HashCode.Combine(Cost, Qalys, LifeYears, CostBatches?.Length ?? -1);

    private static bool Same(double[]? a, double[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
}

/// <summary>A strategy's mean over draws with the 2.5th and 97.5th percentiles of the draws.</summary>
public sealed record Spread(double Mean, double Lower, double Upper, double Sd);

/// <summary>
/// The decision-analytic summaries of a probabilistic sensitivity analysis, from K draws × S strategies of (cost,
/// QALYs): expected outcomes, acceptability curves and frontier, expected value of perfect information, and EVPPI for
/// parameter groups by partition regression (see <see cref="Evppi"/>). Net monetary benefit is λ·QALYs − cost.
/// </summary>
public sealed class ProbabilisticAnalysis
{
    private readonly DrawOutcome[,] _outcomes; // [draw, strategy]

    public ProbabilisticAnalysis(IReadOnlyList<string> strategies, DrawOutcome[,] outcomes)
    {
        if (outcomes.GetLength(1) != strategies.Count) throw new ArgumentException("one column of outcomes per strategy", nameof(outcomes));
        // One draw is a shard's share of an analysis; spreads need two.
        if (outcomes.GetLength(0) < 1) throw new ArgumentException("a probabilistic analysis needs at least 1 draw", nameof(outcomes));
        Strategies = strategies;
        _outcomes = outcomes;
    }

    public IReadOnlyList<string> Strategies { get; }
    public int Draws => _outcomes.GetLength(0);
    public DrawOutcome this[int draw, int strategy] => _outcomes[draw, strategy];

    public Spread Cost(int s) => SpreadOf(k => _outcomes[k, s].Cost);
    public Spread Qalys(int s) => SpreadOf(k => _outcomes[k, s].Qalys);
    public Spread LifeYears(int s) => SpreadOf(k => _outcomes[k, s].LifeYears);
    public Spread NetBenefit(int s, double wtp) => SpreadOf(k => Nmb(k, s, wtp));

    private double Nmb(int k, int s, double wtp) => wtp * _outcomes[k, s].Qalys - _outcomes[k, s].Cost;

    private Spread SpreadOf(Func<int, double> value)
    {
        var x = new double[Draws];
        for (int k = 0; k < x.Length; k++) x[k] = value(k);
        double mean = x.Average();
        double sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
        Array.Sort(x);
        return new Spread(mean, Percentile(x, 0.025), Percentile(x, 0.975), sd);
    }

    /// <summary>Linear interpolation between order statistics (type 7, as R's default).</summary>
    public static double Percentile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>The strategy with the highest expected net benefit at <paramref name="wtp"/> (ties: the first listed).</summary>
    public int Optimal(double wtp)
    {
        int best = 0;
        double bestValue = double.NegativeInfinity;
        for (int s = 0; s < Strategies.Count; s++)
        {
            double mean = 0;
            for (int k = 0; k < Draws; k++) mean += Nmb(k, s, wtp);
            mean /= Draws;
            if (mean > bestValue) { bestValue = mean; best = s; }
        }
        return best;
    }

    /// <summary>Share of draws in which each strategy has the highest net benefit at <paramref name="wtp"/> (the acceptability curve's points; ties to the first listed).</summary>
    public double[] Acceptability(double wtp)
    {
        var wins = new double[Strategies.Count];
        for (int k = 0; k < Draws; k++) wins[BestIn(k, wtp)]++;
        for (int s = 0; s < wins.Length; s++) wins[s] /= Draws;
        return wins;
    }

    private int BestIn(int k, double wtp)
    {
        int best = 0;
        for (int s = 1; s < Strategies.Count; s++) if (Nmb(k, s, wtp) > Nmb(k, best, wtp)) best = s;
        return best;
    }

    /// <summary>
    /// Expected value of perfect information per patient at <paramref name="wtp"/>: E[max_s NMB] − max_s E[NMB], taken as the
    /// mean over draws of what the draw's best strategy gains over the optimal one, E[max_s (NMB_s − NMB_opt)]: never negative,
    /// and exactly 0 (not a rounding residue of two large means) when the optimal strategy is best in every draw.
    /// </summary>
    public double Evpi(double wtp)
    {
        int optimal = Optimal(wtp);
        double gain = 0;
        for (int k = 0; k < Draws; k++) gain += Nmb(k, BestIn(k, wtp), wtp) - Nmb(k, optimal, wtp);
        return gain / Draws;
    }

    /// <summary>
    /// Expected value of partial perfect information for a group of parameters at <paramref name="wtp"/>, by regression of each
    /// strategy's net benefit on the group (Strong, Oakley and Brennan 2014), with a partition (histogram) regressor: each
    /// parameter's draws are cut into <paramref name="bins"/> equal-count bins by rank, a cell is one bin of every parameter of
    /// the group, and the fitted net benefit of a draw is its cell's mean. Adding a parameter to a group refines the cells, so
    /// the fitted values are a conditional expectation of the coarser group's: by Jensen's inequality the EVPPI of a group
    /// never falls when a parameter is added, and never exceeds the EVPI (each draw its own cell). With few draws per cell
    /// the estimate is biased upwards; keep K / bins^|group| well above 1.
    /// </summary>
    /// <param name="parameters">[draw, parameter] values; only the columns in <paramref name="group"/> are used.</param>
    public double Evppi(double[,] parameters, IReadOnlyList<int> group, double wtp, int bins)
    {
        if (parameters.GetLength(0) != Draws) throw new ArgumentException("one row of parameters per draw", nameof(parameters));
        if (group.Count == 0) return 0;
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins));
        if (group.Count * Math.Log2(bins) > 62) throw new ArgumentException($"{bins} bins for each of {group.Count} parameters make more cells than can be counted (expected bins^|group| < 2^62; use fewer bins)", nameof(bins));
        var cell = new long[Draws];
        foreach (int j in group)
        {
            var order = Enumerable.Range(0, Draws).OrderBy(k => parameters[k, j]).ThenBy(k => k).ToArray();
            // Equal values share a bin (ties broken by value, not by draw order), so the partition depends on the values only.
            var bin = new int[Draws];
            for (int r = 0; r < Draws; r++)
            {
                int k = order[r];
                bin[k] = r > 0 && parameters[k, j] == parameters[order[r - 1], j] ? bin[order[r - 1]] : (int)((long)r * bins / Draws);
            }
            for (int k = 0; k < Draws; k++) cell[k] = cell[k] * bins + bin[k];
        }
        // Each cell's summed net benefit of every strategy over the optimal one: the cell gains max(0, largest sum) — its count
        // times what deciding by the cell's mean gains — and exactly nothing when no cell's mean favours another strategy.
        int optimal = Optimal(wtp);
        var sums = new Dictionary<long, double[]>();
        for (int k = 0; k < Draws; k++)
        {
            if (!sums.TryGetValue(cell[k], out var sum)) sums[cell[k]] = sum = new double[Strategies.Count];
            double reference = Nmb(k, optimal, wtp);
            for (int s = 0; s < Strategies.Count; s++) sum[s] += Nmb(k, s, wtp) - reference;
        }
        double gain = 0;
        foreach (var sum in sums.Values) gain += Math.Max(0, sum.Max());
        return gain / Draws;
    }

    /// <summary>
    /// Bins per parameter so that the largest group's cells hold about <paramref name="drawsPerCell"/> draws on average:
    /// one resolution for every group of an analysis keeps the groups' cells nested (so EVPPI never falls when a parameter
    /// joins a group) while bounding the upward bias of cell means that are too noisy. At least 2.
    /// </summary>
    public static int DefaultBins(int draws, int largestGroup, int drawsPerCell = 50)
        => Math.Max(2, (int)Math.Floor(Math.Pow(Math.Max(1.0, (double)draws / drawsPerCell), 1.0 / Math.Max(1, largestGroup)) + 1e-9));

    /// <summary>
    /// What the partition regression reports for the group when the group carries no information: its EVPPI with the group's
    /// rows shuffled across draws (breaking any tie to net benefit), over <paramref name="permutations"/> fixed shuffles —
    /// the mean and standard deviation. An EVPPI within a few standard deviations of this floor is indistinguishable from 0.
    /// The floor is exactly (0, 0) when no shuffle moves any cell's mean net benefit past the optimal strategy's — a clear
    /// decision at this resolution: then noise adds nothing, and any EVPPI above 0 is a cell whose decision the group changes.
    /// </summary>
    public (double Mean, double Sd) EvppiNoiseFloor(double[,] parameters, IReadOnlyList<int> group, double wtp, int bins, int permutations = 20, ulong seed = 1)
    {
        if (group.Count == 0) return (0, 0);
        var values = new double[permutations];
        var shuffled = new double[Draws, parameters.GetLength(1)];
        var rng = HccSim.Core.Random.RandomStreams.For(seed, 0, 0, HccSim.Core.Random.StreamPurpose.Design);
        var order = Enumerable.Range(0, Draws).ToArray();
        for (int p = 0; p < permutations; p++)
        {
            for (int i = order.Length - 1; i > 0; i--)
            {
                int k = (int)(rng.NextDouble() * (i + 1));
                (order[i], order[k]) = (order[k], order[i]);
            }
            for (int k = 0; k < Draws; k++)
                foreach (int j in group) shuffled[k, j] = parameters[order[k], j];
            values[p] = Evppi(shuffled, group, wtp, bins);
        }
        double mean = values.Average();
        return (mean, permutations > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (permutations - 1)) : 0);
    }

    /// <summary>
    /// Monte Carlo standard error of the expected incremental net benefit of <paramref name="a"/> over <paramref name="b"/>:
    /// outer (parameter) part SD/√K; inner (patient) part √(mean over draws of each draw's batch-means variance of its
    /// incremental net benefit). (Two half cohorts, as before, gave each draw one degree of freedom — and since every draw
    /// has the same patients, the whole analysis one: an estimate that scattered by a factor of two between cohort sizes.)
    /// Every draw simulates the same patients, so the inner error does not average out across draws: it is
    /// not divided by √K (an upper bound), and more draws cannot bring the total below it — more patients can.
    /// </summary>
    public (double Outer, double Inner, double Total) IncrementalNetBenefitError(int a, int b, double wtp)
    {
        var inb = new double[Draws];
        double innerVariance = 0;
        int measured = 0;
        for (int k = 0; k < Draws; k++)
        {
            inb[k] = Nmb(k, a, wtp) - Nmb(k, b, wtp);
            if (BatchVariance(_outcomes[k, a], _outcomes[k, b], wtp) is { } v) { innerVariance += v; measured++; }
        }
        double inner = measured > 0 ? Math.Sqrt(innerVariance / measured) : double.NaN;
        double mean = inb.Average();
        double sd = Math.Sqrt(inb.Sum(v => (v - mean) * (v - mean)) / (Draws - 1));
        double outer = sd / Math.Sqrt(Draws);
        return (outer, inner, double.IsNaN(inner) ? outer : Math.Sqrt(outer * outer + inner * inner));
    }

    /// <summary>
    /// The batch-means estimate of the variance of one draw's incremental net benefit (x minus y) from its patients: with B
    /// batches of (nearly) equal size, s²/B where s² is the sample variance of the B batch differences — B − 1 degrees of
    /// freedom. Null when the draw holds no batches.
    /// </summary>
    private static double? BatchVariance(DrawOutcome x, DrawOutcome y, double wtp)
    {
        if (x.CostBatches is not { Length: > 1 } cx || x.QalyBatches is not { } qx || y.CostBatches is not { } cy || y.QalyBatches is not { } qy || cy.Length != cx.Length) return null;
        int batches = cx.Length;
        double mean = 0;
        for (int j = 0; j < batches; j++) mean += wtp * (qx[j] - qy[j]) - (cx[j] - cy[j]);
        mean /= batches;
        double sum = 0;
        for (int j = 0; j < batches; j++)
        {
            double d = wtp * (qx[j] - qy[j]) - (cx[j] - cy[j]) - mean;
            sum += d * d;
        }
        return sum / (batches - 1) / batches;
    }
}
