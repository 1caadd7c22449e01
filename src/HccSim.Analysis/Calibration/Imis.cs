using System.Diagnostics;
using HccSim.Core.Distributions;
using HccSim.Core.Parallel;
using HccSim.Core.Random;

namespace HccSim.Analysis.Calibration;

/// <summary>
/// Incremental mixture importance sampling (Raftery and Bao, Biometrics 2010; the DARTH tutorial, Menzies et al.,
/// PharmacoEconomics 2017) under a uniform prior on a box. It starts from a sample of the prior; each round finds the point
/// of highest importance weight, fits a normal there — the weighted covariance of its B nearest points (Mahalanobis distance
/// under the prior's covariance), weights (w + 1/N)/2 as Raftery and Bao — and adds B draws from it. Every point's weight is
/// prior × likelihood / mixture, the mixture being the prior and every normal so far in proportion to their draws. Rounds stop
/// when the effective sample size 1/Σw² reaches (1 − 1/e)·J, J the size of the resample asked for. Raftery and Bao's
/// optimisation stage is left out: the first rounds find the mode from the prior sample.
/// </summary>
/// <remarks>
/// Deterministic: the prior sample, each round's draws and the resample come from their own streams of (seed, round), drawn on
/// one thread; only likelihoods are computed in parallel, each into its own slot, so a seed gives the same bits on any
/// number of threads.
/// </remarks>
public static class Imis
{
    /// <param name="logLikelihood">ln L(θ) of a point within the bounds; −∞ for likelihood 0, NaN for a point the model refuses
    /// (weight 0, counted apart). Called from several threads at once, each with its own array.</param>
    public static ImisResult Run(double[] lower, double[] upper, Func<double[], double> logLikelihood, ImisOptions options)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        if (options.Problems().FirstOrDefault() is { } problem) throw new ArgumentException(problem, nameof(options));
        int d = lower.Length;
        if (d == 0 || upper.Length != d) throw new ArgumentException("lower and upper must name the same parameters, at least one");
        for (int j = 0; j < d; j++)
            if (!(lower[j] < upper[j]) || !double.IsFinite(upper[j] - lower[j])) throw new ArgumentException($"parameter {j}: expected finite bounds lower < upper (got {lower[j]}, {upper[j]})");
        var clock = Stopwatch.StartNew();
        double logVolume = 0;
        var priorVariance = new double[d];
        for (int j = 0; j < d; j++)
        {
            logVolume += Math.Log(upper[j] - lower[j]);
            priorVariance[j] = (upper[j] - lower[j]) * (upper[j] - lower[j]) / 12;
        }

        var points = new List<double>();        // row-major, d a row
        var logLik = new List<double>();
        var inside = new List<bool>();
        var sumDensity = new List<double>();    // Σ over the normals so far of their density at the point
        var normals = new List<MixtureNormal>();
        int evaluations = 0, refused = 0;

        void Evaluate(int from)
        {
            int count = inside.Count - from;
            int finished = 0; // for progress as each point finishes (the ESS is known only once the batch is in)
            var values = new double[count];
            var flat = points;
            Scheduler.Run(count, options.Threads, _ => new double[d], (buffer, item) =>
            {
                int i = from + item;
                if (!inside[i]) { values[item] = double.NegativeInfinity; return; }
                for (int j = 0; j < d; j++) buffer[j] = flat[i * d + j];
                values[item] = logLikelihood(buffer);
            }, options.Cancellation, _ => options.Progress?.Report((evaluations + Interlocked.Increment(ref finished), double.NaN)));
            for (int item = 0; item < count; item++)
            {
                if (inside[from + item]) { evaluations++; if (double.IsNaN(values[item])) refused++; }
                logLik.Add(values[item]);
            }
        }

        // The prior sample: uniform in the box.
        var rng = RandomStreams.For(options.Seed, 0, 0, StreamPurpose.Calibration);
        for (int i = 0; i < options.Initial; i++)
        {
            for (int j = 0; j < d; j++) points.Add(lower[j] + rng.NextDouble() * (upper[j] - lower[j]));
            inside.Add(true);
            sumDensity.Add(0);
        }
        Evaluate(0);

        double[] weights = Weights();
        double ess = Ess(weights), unique = ExpectedUnique(weights, options.Samples);
        options.Progress?.Report((evaluations, ess));
        int rounds = 0;
        var point = new double[d];
        while (!(unique >= options.UniqueGoal) && rounds < options.MaxRounds && weights.Length > 0 && !double.IsNaN(weights[0]))
        {
            options.Cancellation.ThrowIfCancellationRequested();
            rounds++;
            int n = weights.Length;
            int heaviest = 0;
            for (int i = 1; i < n; i++) if (weights[i] > weights[heaviest]) heaviest = i;
            var centre = points.GetRange(heaviest * d, d).ToArray();

            // The B nearest points by Mahalanobis distance under the prior's (diagonal) covariance; ties by index.
            var distance = new double[n];
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < d; j++) { double z = points[i * d + j] - centre[j]; s += z * z / priorVariance[j]; }
                distance[i] = s;
            }
            var order = Enumerable.Range(0, n).OrderBy(i => distance[i]).ThenBy(i => i).Take(Math.Min(options.PerRound, n)).ToArray();
            var covariance = new double[d, d];
            double total = 0;
            foreach (int i in order) total += (weights[i] + 1.0 / n) / 2;
            foreach (int i in order)
            {
                double w = (weights[i] + 1.0 / n) / 2 / total;
                for (int a = 0; a < d; a++)
                    for (int b = 0; b <= a; b++)
                        covariance[a, b] += w * (points[i * d + a] - centre[a]) * (points[i * d + b] - centre[b]);
            }
            for (int a = 0; a < d; a++) for (int b = a + 1; b < d; b++) covariance[a, b] = covariance[b, a];
            var normal = MixtureNormal.Of(centre, covariance, priorVariance);
            normals.Add(normal);

            // B draws from it, one stream a round; a draw outside the bounds has prior 0: weight 0, never run.
            rng = RandomStreams.For(options.Seed, rounds, 0, StreamPurpose.Calibration);
            int from = inside.Count;
            var z2 = new double[d];
            for (int k = 0; k < options.PerRound; k++)
            {
                for (int j = 0; j < d; j++) z2[j] = NormalMath.Quantile(rng.NextOpen());
                normal.Draw(z2, point);
                bool within = true;
                for (int j = 0; j < d; j++) { within &= point[j] >= lower[j] && point[j] <= upper[j]; points.Add(point[j]); }
                inside.Add(within);
                sumDensity.Add(0);
            }
            Evaluate(from);
            // Each point's mixture density gains the new normal; the new points take every normal's.
            for (int i = 0; i < from; i++) sumDensity[i] += normal.Density(points, i * d);
            for (int i = from; i < inside.Count; i++)
            {
                double s = 0;
                foreach (var g in normals) s += g.Density(points, i * d);
                sumDensity[i] = s;
            }
            weights = Weights();
            ess = Ess(weights);
            unique = ExpectedUnique(weights, options.Samples);
            options.Progress?.Report((evaluations, ess));
        }

        bool converged = unique >= options.UniqueGoal;
        var resample = Resample(weights);
        clock.Stop();
        return new ImisResult(d, points.ToArray(), weights, logLik.ToArray(), resample)
        {
            Evaluations = evaluations, Refused = refused, Rounds = rounds, Ess = double.IsNaN(ess) ? 0 : ess, ExpectedUnique = double.IsNaN(unique) ? 0 : unique,
            MaxWeight = weights.Length == 0 || double.IsNaN(weights[0]) ? double.NaN : weights.Max(), Converged = converged, Elapsed = clock.Elapsed,
        };

        // Normalised weights prior × likelihood / mixture, computed on the log scale; all NaN when every likelihood is 0.
        double[] Weights()
        {
            int n = inside.Count;
            double priorShare = (double)options.Initial / n, mixtureShare = (double)options.PerRound / n;
            var lw = new double[n];
            double max = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                double ll = logLik[i];
                if (!inside[i] || double.IsNaN(ll) || double.IsNegativeInfinity(ll)) { lw[i] = double.NegativeInfinity; continue; }
                double q = priorShare * Math.Exp(-logVolume) + mixtureShare * sumDensity[i];
                lw[i] = -logVolume + ll - Math.Log(q);
                if (lw[i] > max) max = lw[i];
            }
            var w = new double[n];
            if (double.IsNegativeInfinity(max)) { Array.Fill(w, double.NaN); return w; }
            double sum = 0;
            for (int i = 0; i < n; i++) sum += w[i] = Math.Exp(lw[i] - max);
            for (int i = 0; i < n; i++) w[i] /= sum;
            return w;
        }

        double[] Resample(double[] w)
        {
            if (w.Length == 0 || double.IsNaN(w[0])) return Array.Empty<double>();
            var cumulative = new double[w.Length];
            double c = 0;
            for (int i = 0; i < w.Length; i++) cumulative[i] = c += w[i];
            var draw = RandomStreams.For(options.Seed, int.MaxValue, 0, StreamPurpose.Calibration);
            var rows = new double[options.Samples * d];
            for (int k = 0; k < options.Samples; k++)
            {
                double u = draw.NextDouble() * c;
                int i = Array.BinarySearch(cumulative, u);
                if (i < 0) i = ~i;
                i = Math.Min(i, w.Length - 1);
                while (w[i] == 0 && i > 0) i--; // never a point of weight 0 (a rounding edge)
                for (int j = 0; j < d; j++) rows[k * d + j] = points[i * d + j];
            }
            return rows;
        }
    }

    /// <summary>
    /// The expected number of distinct points in <paramref name="samples"/> draws with replacement by the normalised
    /// weights, Σ 1 − (1 − wᵢ)^J; NaN when there are none.
    /// </summary>
    public static double ExpectedUnique(IReadOnlyList<double> weights, int samples)
    {
        if (weights.Count == 0 || double.IsNaN(weights[0])) return double.NaN;
        double s = 0;
        foreach (double w in weights) s += w > 0 ? 1 - Math.Pow(1 - Math.Min(w, 1), samples) : 0;
        return s;
    }

    /// <summary>The effective sample size of normalised weights, 1 / Σ w²; 0 when there are none.</summary>
    public static double Ess(IReadOnlyList<double> weights)
    {
        if (weights.Count == 0 || double.IsNaN(weights[0])) return double.NaN;
        double s = 0;
        foreach (double w in weights) s += w * w;
        return 1 / s;
    }
}
