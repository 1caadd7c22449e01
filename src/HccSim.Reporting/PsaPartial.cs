using System.Text.Json;
using HccSim.Analysis.Uncertainty;

namespace HccSim.Reporting;

/// <summary>
/// A shard's share of a probabilistic analysis, as a file: the raw per-draw numbers (parameters, outcomes with their
/// batch means — mergeable accumulators, not summaries), the base case, and what ties it to one analysis
/// (scenario SHA-256, seed, HccSim version, settings, shard index and count). Doubles are written in round-trip form, so a
/// merge rebuilds the unsharded analysis to the bit.
/// </summary>
public static class PsaPartial
{
    public const string Format = "hccsim-partial/2";

    private sealed record Group(string Name, int[] Members);
    private sealed record Outcome(double Cost, double Qalys, double LifeYears, double[]? CostBatches, double[]? QalyBatches);
    private sealed record File1(string Format, string Kind, string Version, string Scenario, string ScenarioFile, string Sha256, ulong Seed,
        int ShardIndex, int ShardCount, int Draws, int Patients, double Wtp, double[] WtpGrid, Group[] Groups, int Bins, double? PopulationFactor, string Currency,
        string[] Strategies, string[] ParameterNames, int FirstDraw, double[][] Parameters, Outcome[][] Outcomes, Outcome[] BaseCase);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private static DrawOutcome D(Outcome o) => new(o.Cost, o.Qalys, o.LifeYears) { CostBatches = o.CostBatches, QalyBatches = o.QalyBatches };

    public static string FileName(int index, int count) => $"psa.shard-{index}-of-{count}.json";

    /// <summary>Writes shard <paramref name="index"/> of <paramref name="count"/> into <paramref name="directory"/> (temporary name, then renamed: a killed shard leaves no partial file).</summary>
    public static string Write(string directory, RunStamp stamp, PsaSettings settings, int index, int count, PsaResult psa)
    {
        Directory.CreateDirectory(directory);
        var a = psa.Analysis;
        static Outcome O(DrawOutcome d) => new(d.Cost, d.Qalys, d.LifeYears, d.CostBatches, d.QalyBatches);
        var file = new File1(Format, "psa", stamp.HccSimVersion, stamp.Scenario, stamp.ScenarioFile, stamp.ScenarioSha256, stamp.Seed, index, count,
            settings.Draws, settings.Patients, settings.Wtp, settings.WtpGrid, settings.Groups.Select(g => new Group(g.Name, g.Members)).ToArray(), settings.Bins, settings.PopulationFactor, settings.Currency,
            a.Strategies.ToArray(), psa.ParameterNames.ToArray(), psa.FirstDraw,
            Enumerable.Range(0, a.Draws).Select(k => Enumerable.Range(0, psa.ParameterNames.Count).Select(j => psa.Parameters[k, j]).ToArray()).ToArray(),
            Enumerable.Range(0, a.Draws).Select(k => Enumerable.Range(0, a.Strategies.Count).Select(s => O(a[k, s])).ToArray()).ToArray(),
            psa.BaseCase.Select(O).ToArray());
        string path = Path.Combine(directory, FileName(index, count));
        ResultWriter.WriteAtomically(path, JsonSerializer.Serialize(file, Json));
        return path;
    }

    /// <summary>
    /// Reads and checks shard files and merges them into the whole analysis: same scenario, seed, version, settings and shard
    /// count; every shard exactly once. Problems are named with the file they concern.
    /// </summary>
    public static (PsaSettings Settings, PsaResult Result, RunStamp Stamp) Merge(IReadOnlyList<string> paths, string expectedVersion)
    {
        if (paths.Count == 0) throw new InvalidDataException("no partial files to merge (expected the psa.shard-I-of-N.json files of one analysis)");
        var files = new List<(string Path, File1 File)>();
        foreach (var path in paths)
        {
            File1? f;
            try { f = JsonSerializer.Deserialize<File1>(File.ReadAllText(path), Json); }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                throw new InvalidDataException($"{path}: not a complete partial file ({e.Message.Split('\n')[0]}; expected a psa.shard-I-of-N.json written by hccsim psa --shard)");
            }
            if (f is null || f.Format != Format || f.Kind != "psa" || f.Outcomes is null || f.Parameters is null || f.BaseCase is null || f.Strategies is null || f.ParameterNames is null)
                throw new InvalidDataException($"{path}: not a psa partial file of format {Format}");
            if (f.Version != expectedVersion) throw new InvalidDataException($"{path}: written by hccsim {f.Version}, this is {expectedVersion} (expected every shard from the same version)");
            files.Add((path, f));
        }
        var first = files[0].File;
        foreach (var (path, f) in files.Skip(1))
        {
            string? differs = f.Sha256 != first.Sha256 ? $"scenario {f.Scenario} (sha256 {f.Sha256[..12]}…) instead of {first.Scenario} (sha256 {first.Sha256[..12]}…)"
                : f.Seed != first.Seed ? $"seed {f.Seed} instead of {first.Seed}"
                : f.ShardCount != first.ShardCount ? $"{f.ShardCount} shards instead of {first.ShardCount}"
                : f.Draws != first.Draws || f.Patients != first.Patients ? $"{f.Draws} draws × {f.Patients} patients instead of {first.Draws} × {first.Patients}"
                : f.Wtp != first.Wtp || f.Bins != first.Bins || f.PopulationFactor != first.PopulationFactor || !f.WtpGrid.SequenceEqual(first.WtpGrid)
                  || f.Groups.Length != first.Groups.Length || f.Groups.Zip(first.Groups).Any(p => p.First.Name != p.Second.Name || !p.First.Members.SequenceEqual(p.Second.Members))
                    ? "other analysis options (willingness to pay, EVPPI groups, bins or population)" : null;
            if (differs is not null) throw new InvalidDataException($"{path}: from another analysis than {files[0].Path}: {differs}");
        }
        Shards.CheckComplete(files.Select(f => (f.Path, f.File.ShardIndex)), first.ShardCount);

        var ordered = files.OrderBy(f => f.File.ShardIndex).ToList();
        int draws = ordered.Sum(f => f.File.Outcomes.Length);
        if (draws != first.Draws) throw new InvalidDataException($"the shards hold {draws} draws, the analysis has {first.Draws} (a partial file is incomplete)");
        var parameters = new double[draws, first.ParameterNames.Length];
        var outcomes = new DrawOutcome[draws, first.Strategies.Length];
        int row = 0;
        foreach (var (path, f) in ordered)
        {
            if (f.FirstDraw != row) throw new InvalidDataException($"{path}: starts at draw {f.FirstDraw}, expected {row}");
            for (int k = 0; k < f.Outcomes.Length; k++, row++)
            {
                if (f.Parameters[k].Length != first.ParameterNames.Length || f.Outcomes[k].Length != first.Strategies.Length) throw new InvalidDataException($"{path}: draw {row} is incomplete");
                for (int j = 0; j < f.Parameters[k].Length; j++) parameters[row, j] = f.Parameters[k][j];
                for (int s = 0; s < f.Outcomes[k].Length; s++) { var o = f.Outcomes[k][s]; outcomes[row, s] = D(o); }
            }
        }
        var settings = new PsaSettings(first.Draws, first.Patients, first.Seed, first.Wtp, first.WtpGrid, first.Groups.Select(g => (g.Name, g.Members)).ToArray(), first.Bins, first.PopulationFactor, first.Currency ?? "");
        var result = new PsaResult(first.ParameterNames, parameters, new ProbabilisticAnalysis(first.Strategies, outcomes),
            first.BaseCase.Select(D).ToArray(), StoppedBySe: false);
        var stamp = new RunStamp(first.Version, first.Scenario, first.ScenarioFile, first.Sha256, first.Seed, first.Patients, first.ShardCount, 0, DateTimeOffset.UtcNow);
        return (settings, result, stamp);
    }
}
