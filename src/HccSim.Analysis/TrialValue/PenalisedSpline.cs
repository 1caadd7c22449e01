using MathNet.Numerics.LinearAlgebra;

namespace HccSim.Analysis.TrialValue;

/// <summary>
/// The nonparametric regression behind regression-based EVSI (the role mgcv's GAM plays in Strong et al. 2015): an additive
/// penalised cubic regression spline of y on one or more summary statistics. Each statistic is scaled to [0, 1] and gets
/// x, x², x³ and a truncated cubic (x − κ)³₊ at each of its knots (interior quantiles); a ridge penalty λ on the
/// truncated terms (Ruppert, Wand and Carroll 2003) is chosen by generalised cross-validation. With λ large the fit is a
/// cubic polynomial in each statistic; with λ small, an interpolating spline. The intercept is never penalised, so the
/// fitted values have the mean of y — which EVSI relies on (the expected net benefit of deciding now is unchanged).
/// </summary>
public sealed class PenalisedSpline
{
    /// <summary>Knots per statistic: enough for a smooth conditional mean of a few thousand draws, few enough to stay cheap.</summary>
    public const int DefaultKnots = 20;

    private readonly Matrix<double> _basis;      // K × p
    private readonly Matrix<double> _gram;       // XᵀX
    private readonly bool[] _penalised;          // which columns λ acts on

    /// <param name="summaries">[draw, statistic]: the summary statistics of each draw's simulated data.</param>
    /// <exception cref="ArgumentException">Fewer than 3 draws, or a statistic that is not finite.</exception>
    public PenalisedSpline(double[,] summaries, int knots = DefaultKnots)
    {
        int k = summaries.GetLength(0), d = summaries.GetLength(1);
        if (k < 3) throw new ArgumentException($"a regression needs at least 3 draws (got {k})", nameof(summaries));
        var columns = new List<double[]> { Enumerable.Repeat(1.0, k).ToArray() };
        var penalised = new List<bool> { false };
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
            var distinct = x.Distinct().Order().ToArray();
            // A polynomial of degree below the number of distinct values, and knots only where there are values between.
            for (int power = 1; power <= Math.Min(3, distinct.Length - 1); power++)
            {
                columns.Add(x.Select(v => Math.Pow(v, power)).ToArray());
                penalised.Add(false);
            }
            foreach (double knot in Knots(x, Math.Min(knots, distinct.Length - 4)))
            {
                columns.Add(x.Select(v => v > knot ? (v - knot) * (v - knot) * (v - knot) : 0).ToArray());
                penalised.Add(true);
            }
        }
        _basis = Matrix<double>.Build.Dense(k, columns.Count, (i, c) => columns[c][i]);
        _gram = _basis.TransposeThisAndMultiply(_basis);
        _penalised = penalised.ToArray();
    }

    /// <summary>Columns of the basis (1 for the intercept, then 3 and the knots for each statistic that varies).</summary>
    public int Width => _basis.ColumnCount;

    /// <summary>
    /// The fitted values E[y | summaries] at each draw, and the fit's effective degrees of freedom (the hat matrix's
    /// trace), at the λ with the lowest GCV score K·RSS / (K − edf)² over a grid of 10^−10 … 10^4 times the basis's scale.
    /// </summary>
    public SplineFit Fit(ReadOnlySpan<double> y)
    {
        int k = _basis.RowCount, p = Width;
        if (y.Length != k) throw new ArgumentException($"expected {k} responses (one per draw), got {y.Length}", nameof(y));
        var response = Vector<double>.Build.Dense(y.ToArray());
        var xty = _basis.TransposeThisAndMultiply(response);
        double scale = _gram.Diagonal().Sum() / p;
        double bestScore = double.PositiveInfinity, bestEdf = double.NaN;
        Vector<double>? best = null;
        MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double>? bestFactor = null;
        for (double e = -10; e <= 4 + 1e-9; e += 0.5)
        {
            double lambda = scale * Math.Pow(10, e);
            var a = _gram.Clone();
            for (int c = 0; c < p; c++) if (_penalised[c]) a[c, c] += lambda;
            MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> chol;
            try { chol = a.Cholesky(); }
            catch (ArgumentException) { continue; } // not positive definite at this λ (too little penalty for the basis): skip it
            var beta = chol.Solve(xty);
            var fitted = _basis * beta;
            double rss = 0;
            for (int i = 0; i < k; i++) { double r = y[i] - fitted[i]; rss += r * r; }
            // edf = tr((XᵀX + λP)⁻¹ XᵀX).
            double edf = chol.Solve(_gram).Diagonal().Sum();
            if (!double.IsFinite(edf) || edf >= k - 0.5) continue;
            double score = k * rss / ((k - edf) * (k - edf));
            if (score < bestScore) { bestScore = score; best = fitted; bestEdf = edf; bestFactor = chol; }
        }
        if (best is null) throw new InvalidOperationException("no smoothing parameter gave a solvable fit (the summary statistics are degenerate)");
        return new SplineFit(best.ToArray(), bestEdf, _basis, bestFactor!);
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

/// <summary>
/// A fitted spline: the fitted values, the effective degrees of freedom, and the leverage of each draw on a linear
/// functional of the fit — what the EVSI's standard error needs to carry the regression's own error.
/// </summary>
public sealed class SplineFit
{
    private readonly Matrix<double> _basis;
    private readonly MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> _factor;

    internal SplineFit(double[] fitted, double degreesOfFreedom, Matrix<double> basis, MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> factor)
    {
        Fitted = fitted;
        DegreesOfFreedom = degreesOfFreedom;
        _basis = basis;
        _factor = factor;
    }

    public IReadOnlyList<double> Fitted { get; }
    public double DegreesOfFreedom { get; }

    /// <summary>
    /// For the functional L(β) = Σ_k w_k·ŷ_k (fitted values weighted by <paramref name="weights"/>), how much each draw's
    /// response moves it: ∂L/∂y_j = x_jᵀ (XᵀX + λP)⁻¹ Σ_k w_k x_k.
    /// </summary>
    public double[] Influence(ReadOnlySpan<double> weights)
    {
        var v = _basis.TransposeThisAndMultiply(Vector<double>.Build.Dense(weights.ToArray()));
        return (_basis * _factor.Solve(v)).ToArray();
    }
}
