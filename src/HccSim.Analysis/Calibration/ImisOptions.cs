namespace HccSim.Analysis.Calibration;

/// <summary>
/// How IMIS samples: <see cref="Initial"/> points from the prior, then <see cref="PerRound"/> (B) points a round from a normal
/// around the heaviest point, until the expected number of distinct points in a resample of J = <see cref="Samples"/>,
/// Σ 1 − (1 − wᵢ)^J, reaches (1 − 1/e)·J (Raftery and Bao 2010's stopping rule), or <see cref="MaxRounds"/> rounds are spent. Every number drawn comes from streams of (<see cref="Seed"/>, round), so a seed gives one result on any
/// number of <see cref="Threads"/>.
/// </summary>
public sealed record ImisOptions(int Initial, int PerRound, int MaxRounds, int Samples, ulong Seed, int Threads)
{
    /// <summary>
    /// The expected number of distinct points in the resample that ends the rounds: (1 − 1/e)·J, Raftery and Bao's (2010)
    /// goal — what J draws from J equally weighted points give. It asks for an effective sample size of about J.
    /// </summary>
    public double UniqueGoal => (1 - 1 / Math.E) * Samples;

    public CancellationToken Cancellation { get; init; }
    /// <summary>Told (points done so far, effective sample size) as each point finishes (ESS NaN: known only once its batch is in) and after each batch; from several threads at once.</summary>
    public IProgress<(int Evaluations, double Ess)>? Progress { get; init; }

    /// <summary>Defaults for d free parameters: B = 100·d a round, 10·B from the prior (Raftery and Bao's proportions), at most 50 rounds.</summary>
    public static ImisOptions For(int dimensions, int samples, ulong seed, int threads)
        => new(1000 * dimensions, 100 * dimensions, 50, samples, seed, threads);

    public IEnumerable<string> Problems()
    {
        if (Initial < 2) yield return $"the initial sample is {Initial} (expected at least 2 points from the prior)";
        if (PerRound < 2) yield return $"{PerRound} points a round (expected at least 2)";
        if (MaxRounds < 0) yield return $"at most {MaxRounds} rounds (expected 0 or more)";
        if (Samples < 1) yield return $"a posterior sample of {Samples} (expected at least 1)";
        if (Threads < 1) yield return $"{Threads} threads (expected at least 1)";
    }
}
