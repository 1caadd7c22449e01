namespace HccSim.Core.Tests.Oracles;

/// <summary>
/// Exact results for a time-homogeneous continuous-time Markov chain by uniformisation, written apart from
/// the engine: P(t) = Σₙ Pois(n; λt)·Pⁿ with P = I + Q/λ, λ ≥ max exit rate. Truncated where the Poisson
/// tail is below 1e-16, so results are exact to rounding.
/// </summary>
public sealed class MarkovOracle
{
    private readonly double[,] _p;
    private readonly double _lambda;
    private readonly int _n;

    /// <param name="rates">Off-diagonal rates q[i, j] per month; the diagonal is ignored.</param>
    public MarkovOracle(double[,] rates)
    {
        _n = rates.GetLength(0);
        var exit = new double[_n];
        for (int i = 0; i < _n; i++)
            for (int j = 0; j < _n; j++)
                if (i != j) exit[i] += rates[i, j];
        _lambda = Math.Max(1e-300, exit.Max());
        _p = new double[_n, _n];
        for (int i = 0; i < _n; i++)
        {
            for (int j = 0; j < _n; j++) _p[i, j] = i == j ? 0 : rates[i, j] / _lambda;
            _p[i, i] = 1 - exit[i] / _lambda;
        }
    }

    /// <summary>Row <paramref name="from"/> of exp(Qt): occupancy at t of a cohort starting in one state.</summary>
    public double[] Occupancy(int from, double t)
    {
        var result = new double[_n];
        var row = new double[_n];
        row[from] = 1;
        double mu = _lambda * t;
        double weight = Math.Exp(-mu), cumulative = 0;
        for (int k = 0; cumulative < 1 - 1e-16 && k < 10_000; k++)
        {
            if (k > 0) { row = Step(row); weight *= mu / k; }
            for (int j = 0; j < _n; j++) result[j] += weight * row[j];
            cumulative += weight;
        }
        return result;
    }

    /// <summary>
    /// ∫₀ᴴ exp(−δt)·exp(Qt) dt, row <paramref name="from"/>: expected discounted months in each state.
    /// Each term is Pⁿ·λⁿ/(λ+δ)ⁿ⁺¹·P(Pois((λ+δ)H) ≥ n+1), from ∫₀ᴴ e^{−(λ+δ)t}(λt)ⁿ/n! dt.
    /// </summary>
    public double[] DiscountedTime(int from, double horizon, double delta)
    {
        var result = new double[_n];
        var row = new double[_n];
        row[from] = 1;
        double a = _lambda + delta, mu = a * horizon;
        double ratio = _lambda / a;
        double coefficient = 1 / a;          // λⁿ/(λ+δ)ⁿ⁺¹
        double poissonTerm = Math.Exp(-mu);  // Pois(n; μ)
        double below = poissonTerm;          // P(Pois ≤ n)
        for (int k = 0; k < 100_000; k++)
        {
            if (k > 0)
            {
                row = Step(row);
                coefficient *= ratio;
                poissonTerm *= mu / k;
                below += poissonTerm;
            }
            double tail = Math.Max(0, 1 - below); // P(Pois ≥ n+1)
            double w = coefficient * tail;
            for (int j = 0; j < _n; j++) result[j] += w * row[j];
            if (tail < 1e-17 || w < 1e-18) break;
        }
        return result;
    }

    private double[] Step(double[] row)
    {
        var next = new double[_n];
        for (int i = 0; i < _n; i++)
            if (row[i] != 0)
                for (int j = 0; j < _n; j++) next[j] += row[i] * _p[i, j];
        return next;
    }
}
