using System.Text.Json;
using HccSim.Analysis.Trials;
using HccSim.Reporting;

namespace HccSim.Cli.Commands;

/// <summary>
/// A shard's block of simulated trials: every replicate's analysis (the mergeable raw results, not summaries), the command
/// line that designed them, and what ties the shard to one run (scenario SHA-256, seed, version, replicates, shard I of N).
/// </summary>
internal static class TrialPartial
{
    private const string Format = "hccsim-partial/1";

    private sealed record File1(string Format, string Kind, string Version, string Sha256, ulong Seed, int Replicates, int ShardIndex, int ShardCount,
        string[] Arguments, TrialReplicate[] Results);

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string Write(string folder, string version, string sha, ulong seed, int replicates, int index, int count, IReadOnlyList<string> args, IReadOnlyList<TrialReplicate> results)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"trial.shard-{index}-of-{count}.json");
        ResultWriter.WriteAtomically(path, JsonSerializer.Serialize(new File1(Format, "trial", version, sha, seed, replicates, index, count, args.ToArray(), results.ToArray()), Json));
        return path;
    }

    /// <summary>The shards' command line and every replicate in order, after checking they belong to one run and none is missing or doubled.</summary>
    public static (string[] Arguments, IReadOnlyList<TrialReplicate> Replicates) Merge(IReadOnlyList<string> paths, string version)
    {
        var files = new List<(string Path, File1 File)>();
        foreach (var path in paths)
        {
            File1? f;
            try { f = JsonSerializer.Deserialize<File1>(File.ReadAllText(path), Json); }
            catch (Exception e) when (e is JsonException or IOException)
            {
                throw new UsageException($"{path}: not a complete partial file ({e.Message.Split('\n')[0]}; expected a trial.shard-I-of-N.json written by hccsim trial --shard)");
            }
            if (f is null || f.Format != Format || f.Kind != "trial" || f.Results is null || f.Arguments is null) throw new UsageException($"{path}: not a trial partial file of format {Format}");
            if (f.Version != version) throw new UsageException($"{path}: written by hccsim {f.Version}, this is {version} (expected every shard from the same version)");
            files.Add((path, f));
        }
        var first = files[0].File;
        foreach (var (path, f) in files.Skip(1))
            if (f.Sha256 != first.Sha256 || f.Seed != first.Seed || f.Replicates != first.Replicates || f.ShardCount != first.ShardCount || !f.Arguments.SequenceEqual(first.Arguments))
                throw new UsageException($"{path}: from another trial than {files[0].Path} (scenario, seed, replicates, options or shard count differ)");
        try { Shards.CheckComplete(files.Select(x => (x.Path, x.File.ShardIndex)), first.ShardCount); }
        catch (InvalidDataException e) { throw new UsageException(e.Message); }
        var all = files.OrderBy(x => x.File.ShardIndex).SelectMany(x => x.File.Results).ToList();
        for (int r = 0; r < all.Count; r++)
            if (all[r].Index != r) throw new UsageException($"replicate {r} is missing from the shards (a partial file is incomplete)");
        return (first.Arguments, all);
    }
}
