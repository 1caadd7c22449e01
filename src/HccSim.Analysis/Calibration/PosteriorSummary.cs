namespace HccSim.Analysis.Calibration;

/// <summary>The posterior of every parameter, and their correlations, from importance-weighted points.</summary>
public sealed record PosteriorSummary(IReadOnlyList<PosteriorMarginal> Marginals, double[,] Correlation)
{
    public static PosteriorSummary Of(ImisResult r)
    {
        int d = r.Dimensions, n = r.Count;
        var means = new double[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) means[j] += r.Weights[i] * r.Point(i)[j];
        var cov = new double[d, d];
        for (int i = 0; i < n; i++)
        {
            if (r.Weights[i] == 0) continue;
            var p = r.Point(i);
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) cov[a, b] += r.Weights[i] * (p[a] - means[a]) * (p[b] - means[b]);
        }
        var corr = new double[d, d];
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++) corr[a, b] = a == b ? 1 : cov[a, b] / Math.Sqrt(cov[a, a] * cov[b, b]);
        var marginals = new PosteriorMarginal[d];
        for (int j = 0; j < d; j++)
        {
            var order = Enumerable.Range(0, n).Where(i => r.Weights[i] > 0).OrderBy(i => r.Point(i)[j]).ThenBy(i => i).ToArray();
            double Quantile(double q)
            {
                double c = 0;
                foreach (int i in order) { c += r.Weights[i]; if (c >= q) return r.Point(i)[j]; }
                return r.Point(order[^1])[j];
            }
            marginals[j] = new PosteriorMarginal(means[j], Math.Sqrt(cov[j, j]), Quantile(0.025), Quantile(0.5), Quantile(0.975));
        }
        return new PosteriorSummary(marginals, corr);
    }
}
