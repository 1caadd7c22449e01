using HccSim.Core.Compilation;

namespace HccSim.Analysis.Trials;

/// <summary>
/// The one entry point of `hccsim trial` and of its merge: a fixed design simulated, a sample-size search, a shard's block of
/// replicates, or the replicates of every shard put back together.
/// </summary>
public static class TrialAnalysis
{
    /// <summary>Simulates the design's replicates; with <paramref name="powerTarget"/>, searches for the smallest size reaching it.</summary>
    /// <param name="tried">Told each size the search tried and its power.</param>
    public static TrialAnalysisResult Run(CompiledModel model, TrialDesign design, int replicates, ulong seed, int threads,
        double? powerTarget = null, Action<int, double>? tried = null, CancellationToken cancellation = default, IProgress<int>? progress = null)
    {
        // Replicates done are told for a fixed design; a search simulates an unknown number of designs, so its sizes are told instead.
        TrialResult Evaluate(TrialDesign d, int? stride)
        {
            cancellation.ThrowIfCancellationRequested();
            return TrialSimulator.Run(model, d, replicates, seed, threads, stride, cancellation: cancellation, progress: powerTarget is null ? progress : null);
        }
        if (powerTarget is not { } target) return new TrialAnalysisResult(Evaluate(design, null), new SortedDictionary<int, double>());
        // The sizes tried, for the power curve: the nested pass (sharing patients) replaces the first pass's value at a size.
        var curve = new SortedDictionary<int, double>();
        var found = SampleSizeSearch.Find(design, target, Evaluate, (n, power) => { curve[n] = power; tried?.Invoke(n, power); });
        return new TrialAnalysisResult(found, curve);
    }

    /// <summary>Shard I of N: replicates ⌊R·I/N⌋ … ⌊R·(I+1)/N⌋ − 1, each the same as in the whole run.</summary>
    public static TrialResult RunShard(CompiledModel model, TrialDesign design, int replicates, ulong seed, int threads, int shardIndex, int shardCount,
        CancellationToken cancellation = default)
    {
        if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount) throw new ArgumentException($"shard {shardIndex}/{shardCount} does not exist (expected 0 ≤ I < N)");
        if (shardCount > replicates) throw new ArgumentException($"--shard {shardIndex}/{shardCount}: more shards than the {replicates:N0} replicates");
        int from = (int)((long)replicates * shardIndex / shardCount), to = (int)((long)replicates * (shardIndex + 1) / shardCount);
        return TrialSimulator.Run(model, design, replicates, seed, threads, null, from, to - from, cancellation);
    }

    /// <summary>The whole analysis from every shard's replicates, in order (what <see cref="Run"/> gives for a fixed design).</summary>
    public static TrialAnalysisResult FromShards(TrialDesign design, int replicates, IReadOnlyList<TrialReplicate> all)
    {
        if (all.Count != replicates) throw new ArgumentException($"the shards hold {all.Count} replicates, the design has {replicates}");
        for (int r = 0; r < all.Count; r++)
            if (all[r].Index != r) throw new ArgumentException($"replicate {r} is missing from the shards (a partial file is incomplete)");
        return new TrialAnalysisResult(new TrialResult(design, all) { Stride = design.SampleSize }, new SortedDictionary<int, double>());
    }
}
