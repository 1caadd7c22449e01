using HccSim.Core.Compilation;
using HccSim.Core.Engine;
using HccSim.Core.Outcomes;
using HccSim.Reporting;
using HccSim.Scenarios;

namespace HccSim.Cli.Commands;

/// <summary>
/// A shard of a run as a file: the exact tallies (integers and exact sums, not summaries) of its block of patients for every
/// strategy, cut into the cells of baseline levels the subgroup targets need, with what ties it to one run. Binary, so
/// nothing is rounded; written under a temporary name and renamed.
/// </summary>
internal static class RunPartial
{
    // 2: the cohort profile is in the header; 3: tallies by subgroup cell of one pass, instead of a rerun per subgroup.
    private const string Magic = "hccsim-partial/3 run";

    public static string Write(string folder, string version, Scenario scenario, string scenarioPath, RunCommand.RunSettings settings, int index, int count,
        SimulationResult result)
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
            var cutBy = result.Options.Partition?.AttributeNames ?? Array.Empty<string>();
            w.Write(cutBy.Count);
            foreach (var a in cutBy) w.Write(a);
            w.Write(result.Tallies.Count);
            w.Write(result.CellTallies.Count);
            foreach (var t in result.CellTallies) t.Write(w);
        }
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    private sealed record Header(string Path, string Version, string Scenario, string ScenarioPath, string Sha, ulong Seed, int Patients, string Strategies, string Profile, int Index, int Count);

    private static BinaryReader Open(string path) => new(new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress));

    private static Header ReadHeader(string path, BinaryReader r)
    {
        string magic = r.ReadString();
        if (magic != Magic && magic.StartsWith("hccsim-partial/", StringComparison.Ordinal) && magic.EndsWith(" run", StringComparison.Ordinal))
            throw new UsageException($"{path}: a run partial file of format {magic[..^4]}, which this hccsim does not read (expected {Magic[..^4]}: run the shards again with hccsim {Program.Version})");
        if (magic != Magic) throw new InvalidDataException();
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
        var partition = Analysis.Targets.TargetEvaluation.Partition(scenario, compiled);
        var cutBy = partition?.AttributeNames ?? Array.Empty<string>();
        int strategyCount = compiled.StrategyNames.Count, cells = partition?.CellCount ?? 1;

        StrategyTally[]? sums = null;
        foreach (var h in headers.OrderBy(h => h.Index))
        {
            using var r = Open(h.Path);
            try
            {
                ReadHeader(h.Path, r);
                var shardCut = Enumerable.Range(0, r.ReadInt32()).Select(_ => r.ReadString()).ToArray();
                if (!shardCut.SequenceEqual(cutBy))
                    throw new InvalidDataException($"tallies cut by [{string.Join(", ", shardCut)}] where the scenario's subgroup targets need [{string.Join(", ", cutBy)}]");
                int n = r.ReadInt32(), stored = r.ReadInt32();
                if (n != strategyCount) throw new InvalidDataException($"{n} strategies where the model has {strategyCount}");
                if (stored != n * cells) throw new InvalidDataException($"{stored} tallies where {n} strategies in {cells} cells have {n * cells}");
                var tallies = Enumerable.Range(0, stored).Select(i => StrategyTally.Read(r, compiled, i % n, TimeGrid.Default)).ToArray();
                if (sums is null) sums = tallies;
                else for (int i = 0; i < stored; i++) sums[i].Merge(tallies[i]);
            }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException)
            {
                throw new UsageException($"{h.Path}: not a complete run partial file ({e.Message})");
            }
        }
        var options = new SimulationOptions { Patients = first.Patients, Seed = first.Seed, Threads = first.Count, Partition = partition };
        var result = SimulationResult.FromTallies(compiled, options, sums!);
        if (result.Strategies.Any(s => s.Patients != first.Patients)) throw new UsageException($"the shards hold {result.Strategies[0].Patients:N0} patients, the run has {first.Patients:N0}");
        string outDir = output ?? Path.GetDirectoryName(Path.GetFullPath(first.Path))!;
        if (ResultWriter.Problem(outDir) is { } problem) throw new UsageException(problem);
        var settings = new RunCommand.RunSettings(first.Patients, first.Seed, first.Count, strategies, outDir, 0);
        return RunCommand.Merged(context, scenario, settings, result);
    }
}
