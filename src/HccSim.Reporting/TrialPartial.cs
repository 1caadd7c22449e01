using System.Text.Json;
using HccSim.Analysis.Trials;

namespace HccSim.Reporting;

/// <summary>
/// A shard's block of simulated trials: every replicate's analysis (the mergeable raw results, not summaries), the design
/// they were simulated under, and what ties the shard to one run (scenario SHA-256, seed, version, replicates, shard I of N).
/// The merge needs nothing else: not the scenario file, not the command line.
/// </summary>
public static class TrialPartial
{
    private const string Format = "hccsim-partial/2";

    private sealed record File1(string Format, string Kind, string Version, string Scenario, string ScenarioFile, string Sha256, ulong Seed, int Replicates, int ShardIndex, int ShardCount,
        TrialDesign Design, TrialReplicate[] Results);

    /// <summary>Every shard's replicates, in order, with what the output of the whole trial needs.</summary>
    public sealed record Merged(string Scenario, string ScenarioFile, string Sha256, ulong Seed, int Replicates, TrialDesign Design, IReadOnlyList<TrialReplicate> All);

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string Write(string folder, string version, string scenario, string scenarioFile, string sha, ulong seed, int replicates, int index, int count, TrialDesign design, IReadOnlyList<TrialReplicate> results)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"trial.shard-{index}-of-{count}.json");
        ResultWriter.WriteAtomically(path, JsonSerializer.Serialize(new File1(Format, "trial", version, scenario, scenarioFile, sha, seed, replicates, index, count, design, results.ToArray()), Json));
        return path;
    }

    /// <summary>The shards' design and every replicate in order, after checking they belong to one run and none is missing or doubled.</summary>
    public static Merged Merge(IReadOnlyList<string> paths, string version)
    {
        var files = new List<(string Path, File1 File)>();
        foreach (var path in paths)
        {
            File1? f;
            try { f = JsonSerializer.Deserialize<File1>(File.ReadAllText(path), Json); }
            catch (Exception e) when (e is JsonException or IOException)
            {
                throw new InvalidDataException($"{path}: not a complete partial file ({e.Message.Split('\n')[0]}; expected a trial.shard-I-of-N.json written by hccsim trial --shard)");
            }
            if (f is null || f.Format != Format || f.Kind != "trial" || f.Results is null || f.Design is null || f.Scenario is null) throw new InvalidDataException($"{path}: not a trial partial file of format {Format}");
            if (f.Version != version) throw new InvalidDataException($"{path}: written by hccsim {f.Version}, this is {version} (expected every shard from the same version)");
            files.Add((path, f));
        }
        var first = files[0].File;
        foreach (var (path, f) in files.Skip(1))
            if (f.Sha256 != first.Sha256 || f.Seed != first.Seed || f.Replicates != first.Replicates || f.ShardCount != first.ShardCount || JsonSerializer.Serialize(f.Design, Json) != JsonSerializer.Serialize(first.Design, Json))
                throw new InvalidDataException($"{path}: from another trial than {files[0].Path} (scenario, seed, replicates, options or shard count differ)");
        Shards.CheckComplete(files.Select(x => (x.Path, x.File.ShardIndex)), first.ShardCount);
        var all = files.OrderBy(x => x.File.ShardIndex).SelectMany(x => x.File.Results).ToList();
        return new Merged(first.Scenario, first.ScenarioFile ?? "", first.Sha256, first.Seed, first.Replicates, first.Design, all);
    }
}
