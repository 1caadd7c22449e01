namespace HccSim.Scenarios;

/// <summary>
/// Uncertain parameters whose draws are correlated (a Gaussian copula): their indices in
/// <see cref="UncertaintySettings.Parameters"/> and their correlation matrix, one row per member in that order.
/// </summary>
public sealed record CorrelationSpec(IReadOnlyList<int> Members, double[,] Matrix)
{
    /// <summary>Why a matrix cannot be a correlation matrix (square, symmetric, unit diagonal, positive definite); null when it can.</summary>
    public static string? Problem(double[,] r)
    {
        int n = r.GetLength(0);
        if (n != r.GetLength(1) || n < 2) return $"a correlation matrix must be square and at least 2 × 2 (got {r.GetLength(0)} × {r.GetLength(1)})";
        for (int i = 0; i < n; i++)
        {
            if (r[i, i] != 1) return $"a correlation matrix has 1 on its diagonal (row {i + 1} has {r[i, i]})";
            for (int j = 0; j < n; j++)
            {
                if (!double.IsFinite(r[i, j]) || Math.Abs(r[i, j]) > 1) return $"correlations lie between -1 and 1 (row {i + 1}, column {j + 1} is {r[i, j]})";
                if (r[i, j] != r[j, i]) return $"a correlation matrix is symmetric (row {i + 1}, column {j + 1} is {r[i, j]} but row {j + 1}, column {i + 1} is {r[j, i]})";
            }
        }
        // Positive definite exactly when the Cholesky factorisation exists with a positive diagonal.
        var l = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            double d = r[j, j];
            for (int k = 0; k < j; k++) d -= l[j, k] * l[j, k];
            if (!(d > 0) || !(Math.Sqrt(d) > 1e-10)) return "the correlation matrix is not positive definite (expected correlations that can hold together)";
            l[j, j] = Math.Sqrt(d);
            for (int i = j + 1; i < n; i++)
            {
                double s = r[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = s / l[j, j];
            }
        }
        return null;
    }
}
