using HccSim.Core.Distributions;

namespace HccSim.Analysis.Trials;

/// <summary>
/// Two-sided symmetric efficacy boundaries for interim analyses with O'Brien–Fleming-type Lan–DeMets alpha spending,
/// α/2 per side as gsDesign, rpact and East do: each side spends 2(1 − Φ(z_{1−α/4} / √t)) by information fraction t
/// (twice that in all). Boundary c_k is found so that, under the null,
/// P(|Z_j| &lt; c_j for j &lt; k, |Z_k| ≥ c_k) = α*(t_k) − α*(t_{k−1}), with Z_k = W(t_k)/√t_k for a Brownian motion W:
/// the density of W on (−c_j√t_j, c_j√t_j) is carried from look to look on a fine grid (Armitage, McPherson and Rowe).
/// </summary>
public static class GroupSequential
{
    private const int Points = 4001;

    /// <summary>Two-sided alpha spent by information fraction t (α at t = 1).</summary>
    public static double Spent(double alpha, double t) => t <= 0 ? 0 : 2 * 2 * NormalMath.UpperTail(NormalMath.Quantile(1 - alpha / 4) / Math.Sqrt(Math.Min(1, t)));

    /// <summary>The z boundaries at information fractions <paramref name="fractions"/> (increasing, the last 1).</summary>
    public static double[] Boundaries(IReadOnlyList<double> fractions, double alpha)
    {
        if (fractions.Count == 0 || Math.Abs(fractions[^1] - 1) > 1e-12 || fractions.Zip(fractions.Skip(1)).Any(p => !(p.Second > p.First)) || !(fractions[0] > 0))
            throw new ArgumentException("information fractions must increase from above 0 to exactly 1");
        var c = new double[fractions.Count];
        // Density of W(t) restricted to the continuation region so far, on a grid.
        double[]? grid = null, density = null;
        double previousT = 0, previousSpent = 0;
        for (int k = 0; k < fractions.Count; k++)
        {
            double t = fractions[k], spend = Spent(alpha, t) - previousSpent;
            double dt = t - previousT;
            // P(|W(t)| ≥ c√t, not stopped before) as a function of c, from the carried density.
            double Exceed(double boundary)
            {
                double b = boundary * Math.Sqrt(t);
                if (grid is null) return 2 * NormalMath.UpperTail(boundary); // first look: W(t) ~ N(0, t)
                double p = 0, sd = Math.Sqrt(dt);
                for (int i = 0; i < grid.Length; i++)
                {
                    if (density![i] == 0) continue;
                    double outside = NormalMath.UpperTail((b - grid[i]) / sd) + NormalMath.Cdf((-b - grid[i]) / sd);
                    p += density[i] * outside;
                }
                return p;
            }
            double lo = 0, hi = 40;
            for (int iter = 0; iter < 200; iter++)
            {
                double mid = (lo + hi) / 2;
                if (Exceed(mid) > spend) lo = mid; else hi = mid;
            }
            c[k] = (lo + hi) / 2;
            if (k == fractions.Count - 1) break;
            // Carry the density to t, restricted to the continuation region |W(t)| < c_k√t.
            double bound = c[k] * Math.Sqrt(t), step = 2 * bound / (Points - 1);
            var next = new double[Points];
            var nextGrid = new double[Points];
            for (int j = 0; j < Points; j++)
            {
                double w = -bound + j * step;
                nextGrid[j] = w;
                double f;
                if (grid is null) f = Math.Exp(-w * w / (2 * t)) / Math.Sqrt(2 * Math.PI * t);
                else
                {
                    f = 0;
                    for (int i = 0; i < grid.Length; i++)
                    {
                        double z = (w - grid[i]) / Math.Sqrt(dt);
                        f += density![i] * Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI * dt);
                    }
                }
                // Trapezoid weights folded into the carried mass.
                next[j] = f * step * (j == 0 || j == Points - 1 ? 0.5 : 1);
            }
            (grid, density, previousT, previousSpent) = (nextGrid, next, t, previousSpent + spend);
        }
        return c;
    }
}
