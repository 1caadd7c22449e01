using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace HccSim.Analysis.TrialValue;

/// <summary>
/// The nonparametric regression behind regression-based EVSI (the role mgcv's GAM plays in Strong et al. 2015): an additive
/// penalised cubic regression spline of y on one or more summary statistics. Each statistic is scaled to [0, 1] and gets
/// x, x², x³ and a truncated cubic (x − κ)³₊ at each of its knots (interior quantiles); a ridge penalty λ on the
/// truncated terms (Ruppert, Wand and Carroll 2003) is chosen by generalised cross-validation. With λ large the fit is a
/// cubic polynomial in each statistic; with λ small, an interpolating spline. The intercept is never penalised, so the
/// fitted values have the (weighted) mean of y — which EVSI relies on: deciding now is worth what it was.
/// </summary>
public sealed class PenalisedSpline
{
    /// <summary>Knots per statistic at most: enough for a smooth conditional mean of a few thousand draws.</summary>
    public const int DefaultKnots = 20;

    /// <summary>The smoothing parameters tried, as multiples of the basis's scale: 10^−10 … 10^4 in half decades.</summary>
    private static readonly double[] Grid = Enumerable.Range(0, 29).Select(i => Math.Pow(10, -10 + 0.5 * i)).ToArray();

    private readonly double[] _rows;             // the basis, K × p row-major
    private readonly bool[] _penalised;          // which columns λ acts on

    /// <param name="summaries">[draw, statistic]: the summary statistics of each draw's simulated data.</param>
    /// <param name="knots">Knots per statistic at most; fewer with few draws (one per 10 draws per statistic), so that the fit cannot chase noise.</param>
    /// <exception cref="ArgumentException">Fewer than 10 draws, or a statistic that is not finite.</exception>
    public PenalisedSpline(double[,] summaries, int knots = DefaultKnots)
    {
        int k = summaries.GetLength(0), d = summaries.GetLength(1);
        if (k < 10) throw new ArgumentException($"a regression on summaries needs at least 10 draws (got {k})", nameof(summaries));
        Draws = k;
        var columns = new List<double[]> { Enumerable.Repeat(1.0, k).ToArray() };
        var penalised = new List<bool> { false };
        int perStatistic = Math.Min(knots, k / (10 * Math.Max(1, d)));
        // The unpenalised polynomial terms must fit within a third of the draws too: with few draws, lower degrees (at
        // 10 draws and two statistics, a straight line in each) — a cubic per statistic from about 21·d draws.
        int degree = Math.Clamp((k / 3 - 1) / Math.Max(1, d), 1, 3);
        for (int j = 0; j < d; j++)
        {
            var x = new double[k];
            for (int i = 0; i < k; i++)
            {
                x[i] = summaries[i, j];
                if (!double.IsFinite(x[i])) throw new ArgumentException($"summary statistic {j} of draw {i} is {x[i]} (expected a finite number)", nameof(summaries));
            }
            double lo = x.Min(), hi = x.Max();
            if (!(hi > lo)) continue; // a constant statistic says nothing: no column
            for (int i = 0; i < k; i++) x[i] = (x[i] - lo) / (hi - lo);
            int distinct = x.Distinct().Count();
            // A polynomial of degree below the number of distinct values, and knots only where there are values between.
            for (int power = 1; power <= Math.Min(degree, distinct - 1); power++)
            {
                columns.Add(x.Select(v => Math.Pow(v, power)).ToArray());
                penalised.Add(false);
            }
            foreach (double knot in Knots(x, Math.Min(perStatistic, distinct - 4)))
            {
                columns.Add(x.Select(v => v > knot ? (v - knot) * (v - knot) * (v - knot) : 0).ToArray());
                penalised.Add(true);
            }
        }
        Width = columns.Count;
        _rows = new double[k * Width];
        for (int i = 0; i < k; i++)
            for (int c = 0; c < Width; c++) _rows[i * Width + c] = columns[c][i];
        _penalised = penalised.ToArray();
    }

    /// <summary>Rows of the basis: one per draw.</summary>
    public int Draws { get; }

    /// <summary>Columns of the basis (1 for the intercept, then up to 3 and the knots for each statistic that varies).</summary>
    public int Width { get; }

    /// <summary>
    /// The regression on the draws weighted by <paramref name="weights"/> (how often each draw counts: all 1 for the draws
    /// themselves, multinomial counts for a bootstrap resample; null: all 1). Its factorisations at every λ are shared by
    /// every response fitted with it.
    /// </summary>
    public WeightedFit Weighted(double[]? weights = null)
    {
        var w = weights ?? Enumerable.Repeat(1.0, Draws).ToArray();
        if (w.Length != Draws) throw new ArgumentException($"expected {Draws} weights (one per draw), got {w.Length}", nameof(weights));
        // XᵀWX from the row-major basis (a bootstrap refits this for every resample: plain loops, no matrix temporaries).
        int p = Width;
        var g = new double[p * p];
        for (int i = 0; i < Draws; i++)
        {
            double wi = w[i];
            if (wi == 0) continue;
            int row = i * p;
            for (int a = 0; a < p; a++)
            {
                double xa = wi * _rows[row + a];
                if (xa == 0) continue;
                for (int b = a; b < p; b++) g[a * p + b] += xa * _rows[row + b];
            }
        }
        for (int a = 0; a < p; a++) for (int b = 0; b < a; b++) g[a * p + b] = g[b * p + a];
        var gram = Matrix<double>.Build.Dense(p, p, (a, b) => g[a * p + b]);
        double scale = gram.Diagonal().Sum() / Width, total = w.Sum();
        var levels = new List<(Cholesky<double> Factor, double Edf)>();
        (Cholesky<double> Factor, double Edf)? smoothest = null;
        foreach (double multiple in Grid)
        {
            var a = gram.Clone();
            for (int c = 0; c < Width; c++) if (_penalised[c]) a[c, c] += scale * multiple;
            Cholesky<double> chol;
            try { chol = a.Cholesky(); }
            catch (ArgumentException) { continue; } // not positive definite at this λ: too little penalty for the basis
            // edf = tr((XᵀWX + λP)⁻¹ XᵀWX); a fit using more than a third of the draws' worth of freedom chases noise.
            double edf = chol.Solve(gram).Diagonal().Sum();
            if (!double.IsFinite(edf)) continue;
            if (edf <= total / 3) levels.Add((chol, edf));
            smoothest = (chol, edf); // the grid rises: the last solvable level is the most penalised
        }
        // A resample with few distinct draws may allow no level under the cap: the smoothest solvable fit is the least noisy.
        if (levels.Count == 0 && smoothest is { } least) levels.Add(least);
        if (levels.Count == 0) throw new InvalidOperationException("no smoothing parameter gave a solvable fit (the summary statistics are degenerate)");
        return new WeightedFit(_rows, p, w, total, levels);
    }

    /// <summary>Knots at interior quantiles of x (equal shares of the draws between them), distinct and inside (0, 1).</summary>
    private static double[] Knots(double[] x, int count)
    {
        if (count < 1) return Array.Empty<double>();
        var sorted = x.Order().ToArray();
        return Enumerable.Range(1, count).Select(i => sorted[(int)((long)i * (sorted.Length - 1) / (count + 1))])
            .Where(v => v > 0 && v < 1).Distinct().ToArray();
    }
}

/// <summary>The spline's normal equations on weighted draws, factorised at every smoothing parameter tried.</summary>
public sealed class WeightedFit
{
    private readonly double[] _rows;
    private readonly int _width;
    private readonly double[] _weights;
    private readonly double _total;
    private readonly IReadOnlyList<(Cholesky<double> Factor, double Edf)> _levels;

    internal WeightedFit(double[] rows, int width, double[] weights, double total, IReadOnlyList<(Cholesky<double>, double)> levels)
    {
        _rows = rows;
        _width = width;
        _weights = weights;
        _total = total;
        _levels = levels;
    }

    /// <summary>
    /// E[y | summaries] at every draw (weighted or not), and the fit's effective degrees of freedom, at the λ with the
    /// lowest GCV score n·RSS / (n − edf)² (n the weights' total, RSS weighted).
    /// </summary>
    public (double[] Fitted, double DegreesOfFreedom) Fit(ReadOnlySpan<double> y)
    {
        int k = _weights.Length, p = _width;
        if (y.Length != k) throw new ArgumentException($"expected {k} responses (one per draw), got {y.Length}", nameof(y));
        var xty = new double[p];
        for (int i = 0; i < k; i++)
        {
            double wy = _weights[i] * y[i];
            if (wy == 0) continue;
            for (int c = 0; c < p; c++) xty[c] += wy * _rows[i * p + c];
        }
        var rhs = Vector<double>.Build.Dense(xty);
        double bestScore = double.PositiveInfinity, bestEdf = double.NaN;
        double[]? best = null;
        var fitted = new double[k];
        foreach (var (factor, edf) in _levels)
        {
            var beta = factor.Solve(rhs).ToArray();
            double rss = 0;
            for (int i = 0; i < k; i++)
            {
                double f = 0;
                for (int c = 0; c < p; c++) f += _rows[i * p + c] * beta[c];
                fitted[i] = f;
                double r = y[i] - f;
                rss += _weights[i] * r * r;
            }
            double score = _total * rss / ((_total - edf) * (_total - edf));
            if (score < bestScore) { bestScore = score; best = (double[])fitted.Clone(); bestEdf = edf; }
        }
        return (best!, bestEdf);
    }
}
