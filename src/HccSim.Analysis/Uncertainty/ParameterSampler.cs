using HccSim.Core.Distributions;
using HccSim.Core.Random;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace HccSim.Analysis.Uncertainty;

/// <summary>Shares that must sum to 1 (a chance node's branches): Dirichlet(α₁…αₖ), every α &gt; 0.</summary>
public sealed record DirichletParameter(IReadOnlyList<double> Alpha)
{
    public double Mean(int i) => Alpha[i] / Alpha.Sum();
}

/// <summary>Parameters (indices into the single distributions) whose normal scores are correlated, with their correlation matrix.</summary>
public sealed record CorrelationGroup(IReadOnlyList<int> Members, double[,] Correlation);

/// <summary>
/// Draws parameter sets for a probabilistic analysis. Draw k depends only on (seed, k): its own stream, read in a
/// fixed order, so any thread or shard that draws it gets the same numbers. Each single parameter takes one uniform and
/// its quantile; a correlated group's uniforms become normal scores correlated through the Cholesky factor of the
/// group's matrix (a Gaussian copula: each keeps its own distribution); a Dirichlet normalises gamma draws.
/// </summary>
public sealed class ParameterSampler
{
    private readonly IReadOnlyList<ParameterDistribution> _singles;
    private readonly IReadOnlyList<DirichletParameter> _dirichlets;
    private readonly (int[] Members, Matrix<double> Cholesky)[] _groups;
    private readonly Scenarios.PosteriorSample? _posterior;

    /// <param name="posterior">Calibrated parameters drawn jointly: a whole row of the sample per draw, after everything else.</param>
    public ParameterSampler(IReadOnlyList<ParameterDistribution> singles, IReadOnlyList<DirichletParameter>? dirichlets = null, IReadOnlyList<CorrelationGroup>? groups = null,
        Scenarios.PosteriorSample? posterior = null)
    {
        _singles = singles;
        _posterior = posterior;
        _dirichlets = dirichlets ?? Array.Empty<DirichletParameter>();
        var list = new List<(int[], Matrix<double>)>();
        var seen = new HashSet<int>();
        foreach (var g in groups ?? Array.Empty<CorrelationGroup>())
        {
            if (Scenarios.CorrelationSpec.Problem(g.Correlation) is { } problem) throw new ArgumentException(problem, nameof(groups));
            foreach (int m in g.Members)
                if (m < 0 || m >= singles.Count || !seen.Add(m)) throw new ArgumentException($"parameter {m} is out of range or in two correlation groups", nameof(groups));
            list.Add((g.Members.ToArray(), Matrix<double>.Build.DenseOfArray(g.Correlation).Cholesky().Factor));
        }
        _groups = list.ToArray();
    }

    /// <summary>How many numbers a draw holds: one per single parameter, then each Dirichlet's components, then the posterior's columns.</summary>
    public int Width => _singles.Count + _dirichlets.Sum(d => d.Alpha.Count) + (_posterior?.Columns ?? 0);

    /// <summary>Draw <paramref name="draw"/> (0, 1, …) into <paramref name="values"/> (length <see cref="Width"/>).</summary>
    public void Draw(ulong seed, int draw, Span<double> values)
    {
        if (values.Length != Width) throw new ArgumentException($"expected {Width} values", nameof(values));
        // Sample k+1: sample 0 is the base case's patient streams, never a parameter draw's.
        var rng = RandomStreams.For(seed, draw + 1, 0, StreamPurpose.Parameters);
        Span<double> u = _singles.Count <= 256 ? stackalloc double[_singles.Count] : new double[_singles.Count];
        for (int i = 0; i < u.Length; i++) u[i] = rng.NextOpen();
        Span<double> scores = u.Length <= 256 ? stackalloc double[u.Length] : new double[u.Length];
        foreach (var (members, l) in _groups)
        {
            int n = members.Length;
            var z = scores[..n];
            for (int i = 0; i < n; i++) z[i] = NormalMath.Quantile(u[members[i]]);
            for (int i = 0; i < n; i++)
            {
                double c = 0;
                for (int j = 0; j <= i; j++) c += l[i, j] * z[j];
                // Clamped away from 0 and 1: the quantile of an unbounded family is infinite there.
                u[members[i]] = Math.Clamp(NormalMath.Cdf(c), 1e-15, 1 - 1e-15);
            }
        }
        for (int i = 0; i < u.Length; i++) values[i] = _singles[i].Quantile(u[i]);
        int at = _singles.Count;
        foreach (var d in _dirichlets)
        {
            double sum = 0;
            for (int i = 0; i < d.Alpha.Count; i++) sum += values[at + i] = Gamma.InvCDF(d.Alpha[i], 1.0, rng.NextOpen());
            for (int i = 0; i < d.Alpha.Count; i++) values[at + i] /= sum;
            at += d.Alpha.Count;
        }
        if (_posterior is { } post)
        {
            // The row is the draw's own: its stream's next number after every other parameter's, so adding a posterior leaves
            // the other parameters' draws as they were, and a draw's row depends on (seed, draw) alone.
            int row = Math.Min((int)(rng.NextDouble() * post.Count), post.Count - 1);
            post.Row(row).CopyTo(values[at..]);
        }
    }
}
