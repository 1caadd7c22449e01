namespace HccSim.Analysis.Uncertainty;

/// <summary>What a probabilistic analysis runs: draws, patients per draw, seed, threads, and optionally when to stop early.</summary>
public sealed record PsaOptions(int Draws, int Patients, ulong Seed, int Threads)
{
    /// <summary>Stop once the Monte Carlo standard error of the expected incremental net benefit (optimal vs runner-up) is at most this.</summary>
    public double? UntilSe { get; init; }
    public double WillingnessToPay { get; init; }
    /// <summary>Draws simulated between two checks of <see cref="UntilSe"/>.</summary>
    public int Batch { get; init; } = 50;
    /// <summary>
    /// Consecutive blocks of each draw's cohort whose means measure the patient-level error (batch means, B − 1 degrees of
    /// freedom); at most one per patient.
    /// </summary>
    public int PatientBatches { get; init; } = 32;
    public IProgress<int>? Progress { get; init; }
    public CancellationToken Cancellation { get; init; }
    /// <summary>Shard I of N simulates draws ⌊K·I/N⌋ … ⌊K·(I+1)/N⌋ − 1 only (a contiguous block; together the shards are every draw once).</summary>
    public int ShardIndex { get; init; }
    public int ShardCount { get; init; } = 1;

    /// <summary>The first draw of a shard and how many it holds.</summary>
    public (int First, int Count) ShardRange()
    {
        int first = (int)((long)Draws * ShardIndex / ShardCount), end = (int)((long)Draws * (ShardIndex + 1) / ShardCount);
        return (first, end - first);
    }
}
