
namespace HccSim.Analysis.Calibration;

/// <summary>One normal of the IMIS mixture: its centre and the Cholesky factor L of its covariance (Σ = L·Lᵀ).</summary>
internal sealed class MixtureNormal
{
    private readonly double[] _mean;
    private readonly double[,] _l;
    private readonly double _logNorm;

    private MixtureNormal(double[] mean, double[,] l)
    {
        _mean = mean;
        _l = l;
        int d = mean.Length;
        double logDet = 0;
        for (int i = 0; i < d; i++) logDet += Math.Log(l[i, i]);
        _logNorm = -0.5 * d * Math.Log(2 * Math.PI) - logDet;
    }

    /// <summary>
    /// The normal with this covariance; a covariance that is not positive definite (the nearest points on a line, or all one
    /// point) gets a ridge of a growing share of the prior's variances until it is.
    /// </summary>
    public static MixtureNormal Of(double[] mean, double[,] covariance, double[] priorVariance)
    {
        int d = mean.Length;
        for (double ridge = 0; ; ridge = ridge == 0 ? 1e-10 : ridge * 10)
        {
            var c = (double[,])covariance.Clone();
            for (int i = 0; i < d; i++) c[i, i] += ridge * priorVariance[i];
            if (Cholesky(c) is { } l) return new MixtureNormal(mean, l);
            if (ridge > 1) throw new InvalidOperationException("the IMIS covariance is not positive definite even with a ridge of the prior's variance");
        }
    }

    private static double[,]? Cholesky(double[,] a)
    {
        int d = a.GetLength(0);
        var l = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = a[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                if (i == j)
                {
                    if (!(s > 0) || !double.IsFinite(s)) return null;
                    l[i, i] = Math.Sqrt(s);
                }
                else l[i, j] = s / l[j, j];
            }
        return l;
    }

    /// <summary>The point μ + L·z for standard normal scores z.</summary>
    public void Draw(ReadOnlySpan<double> z, Span<double> point)
    {
        int d = _mean.Length;
        for (int i = 0; i < d; i++)
        {
            double s = _mean[i];
            for (int k = 0; k <= i; k++) s += _l[i, k] * z[k];
            point[i] = s;
        }
    }

    /// <summary>The density at the point that starts at <paramref name="at"/> in the row-major list.</summary>
    public double Density(List<double> points, int at)
    {
        int d = _mean.Length;
        Span<double> y = d <= 64 ? stackalloc double[d] : new double[d];
        double q = 0;
        for (int i = 0; i < d; i++)
        {
            double s = points[at + i] - _mean[i];
            for (int k = 0; k < i; k++) s -= _l[i, k] * y[k];
            y[i] = s / _l[i, i];
            q += y[i] * y[i];
        }
        return Math.Exp(_logNorm - 0.5 * q);
    }
}
