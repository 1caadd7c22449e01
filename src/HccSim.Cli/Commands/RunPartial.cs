using HccSim.Core.Compilation;
using HccSim.Core.Engine;
using HccSim.Core.Outcomes;
using HccSim.Reporting;
using HccSim.Scenarios;

namespace HccSim.Cli.Commands;

/// <summary>
/// A shard of a run as a file: the exact tallies (integers and exact sums, not summaries) of its block of patients for every
/// strategy, and of the same block in each subgroup the targets need, with what ties it to one run. Binary, so nothing is
/// rounded; written under a temporary name and renamed.
/// </summary>
internal static class RunPartial
{
    private const string Magic = "hccsim-partial/2 run"; // 2: the cohort profile is in the header

    public static string Write(string folder, string version, Scenario scenario, string scenarioPath, RunCommand.RunSettings settings, int index, int count,
        IReadOnlyList<(string Key, SimulationResult Result)> runs)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"run.shard-{index}-of-{count}.bin");
        string temporary = $"{path}.tmp-{Environment.ProcessId}";
        // Gzip: the event bins are mostly zeros (a shard of 20,000 patients of 8 strategies is 35 MB raw).
        using (var w = new BinaryWriter(new System.IO.Compression.GZipStream(File.Create(temporary), System.IO.Compression.CompressionLevel.Fastest)))
        {
            w.Write(Magic); w.Write(version); w.Write(scenario.Name); w.Write(scenarioPath); w.Write(scenario.Sha256);
            w.Write(settings.Seed); w.Write(settings.Patients); w.Write(string.Join(",", settings.Strategies ?? Array.Empty<string>()));
            w.Write(scenario.Profile ?? "");
            w.Write(index); w.Write(count);
            w.Write(runs.Count);
            foreach (var (key, result) in runs)
            {
                w.Write(key);
                w.Write(result.Tallies.Count);
                foreach (var t in result.Tallies) t.Write(w);
            }
        }
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    private sealed record Header(string Path, string Version, string Scenario, string ScenarioPath, string Sha, ulong Seed, int Patients, string Strategies, string Profile, int Index, int Count);

    private static BinaryReader Open(string path) => new(new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress));

    private static Header ReadHeader(string path, BinaryReader r)
    {
        if (r.ReadString() != Magic) throw new InvalidDataException();
        return new Header(path, r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadUInt64(), r.ReadInt32(), r.ReadString(), r.ReadString(), r.ReadInt32(), r.ReadInt32());
    }

    private static Header ReadHeader(string path)
    {
        try
        {
            using var r = Open(path);
            return ReadHeader(path, r);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException)
        {
            throw new UsageException($"{path}: not a complete run partial file (expected a run.shard-I-of-N.bin written by hccsim run --shard)");
        }
    }

    /// <summary>Checks the shards belong to one run and writes what that run writes.</summary>
    public static int Merge(CommandContext context, IReadOnlyList<string> paths, string? output)
    {
        var headers = paths.Select(ReadHeader).ToList();
        var first = headers[0];
        foreach (var h in headers)
        {
            if (h.Version != Program.Version) throw new UsageException($"{h.Path}: written by hccsim {h.Version}, this is {Program.Version} (expected every shard from the same version)");
            if (h.Sha != first.Sha || h.Seed != first.Seed || h.Patients != first.Patients || h.Strategies != first.Strategies || h.Profile != first.Profile || h.Count != first.Count)
                throw new UsageException($"{h.Path}: from another run than {first.Path} (scenario, seed, patients, strategies, profile or shard count differ)");
        }
        try { Shards.CheckComplete(headers.Select(h => (h.Path, h.Index)), first.Count); }
        catch (InvalidDataException e) { throw new UsageException(e.Message); }

        // The scenario itself shapes the tallies and the targets: it must be the very file the shards ran.
        var scenario = ScenarioLoader.Load(first.ScenarioPath, first.Profile.Length == 0 ? null : first.Profile);
        if (scenario.Sha256 != first.Sha) throw new UsageException($"{first.ScenarioPath} has changed since the shards ran (sha256 {scenario.Sha256[..12]}… instead of {first.Sha[..12]}…)");
        string[]? strategies = first.Strategies.Length == 0 ? null : first.Strategies.Split(',');
        var compiled = Analysis.Runs.ScenarioRun.Select(scenario, strategies)!;
        var models = new Dictionary<string, CompiledModel>(StringComparer.Ordinal) { [""] = compiled };
        foreach (var (key, model) in Analysis.Targets.TargetEvaluation.Subgroups(scenario, compiled)) models[key] = model;

        var sums = new Dictionary<string, StrategyTally[]>(StringComparer.Ordinal);
        foreach (var h in headers.OrderBy(h => h.Index))
        {
            using var r = Open(h.Path);
            try
            {
                ReadHeader(h.Path, r);
                int runs = r.ReadInt32();
                for (int k = 0; k < runs; k++)
                {
                    string key = r.ReadString();
                    if (!models.TryGetValue(key, out var model)) throw new InvalidDataException($"a subgroup '{key}' the scenario's targets do not have");
                    int n = r.ReadInt32();
                    if (n != model.StrategyNames.Count) throw new InvalidDataException($"{n} strategies where the model has {model.StrategyNames.Count}");
                    var tallies = Enumerable.Range(0, n).Select(s => StrategyTally.Read(r, model, s, TimeGrid.Default)).ToArray();
                    if (sums.TryGetValue(key, out var into)) for (int s = 0; s < n; s++) into[s].Merge(tallies[s]);
                    else sums[key] = tallies;
                }
            }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException)
            {
                throw new UsageException($"{h.Path}: not a complete run partial file ({e.Message})");
            }
        }
        if (models.Keys.Any(k => !sums.ContainsKey(k))) throw new UsageException($"the shards lack the subgroup runs {string.Join(", ", models.Keys.Where(k => !sums.ContainsKey(k)))}");
        var options = new SimulationOptions { Patients = first.Patients, Seed = first.Seed, Threads = first.Count };
        var results = sums.ToDictionary(kv => kv.Key, kv => SimulationResult.FromTallies(models[kv.Key], options, kv.Value), StringComparer.Ordinal);
        if (results[""].Strategies.Any(s => s.Patients != first.Patients)) throw new UsageException($"the shards hold {results[""].Strategies[0].Patients:N0} patients, the run has {first.Patients:N0}");
        string outDir = output ?? Path.GetDirectoryName(Path.GetFullPath(first.Path))!;
        if (ResultWriter.Problem(outDir) is { } problem) throw new UsageException(problem);
        var settings = new RunCommand.RunSettings(first.Patients, first.Seed, first.Count, strategies, outDir, 0);
        return RunCommand.Merged(context, scenario, settings, results[""], results);
    }
}
