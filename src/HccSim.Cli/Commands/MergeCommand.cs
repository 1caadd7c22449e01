using System.CommandLine;
using System.Diagnostics;
using HccSim.Analysis.Trials;
using HccSim.Reporting;
using HccSim.Reporting.Publishing;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>`hccsim merge PARTIALS… --out DIR`: check that shard files belong together and write what one machine would have.</summary>
internal static class MergeCommand
{
    public static Command Create(CommandContext context)
    {
        var partials = new Argument<string[]>("partials") { Description = "The shard files (psa.shard-I-of-N.json), or folders holding them", Arity = ArgumentArity.OneOrMore };
        var output = Options.Text("--out", "Folder for the merged results (default: the folder of the first partial file)");
        var command = new Command("merge",
            "Merge the partial files of a sharded analysis (hccsim psa --shard I/N) into the outputs a single run writes: the shards must come from " +
            "the same scenario, seed, version and options, each exactly once (missing ones are named).\n\n" +
            "Examples:\n  hccsim merge results/intermediate-stage/psa/psa.shard-*-of-4.json --out results/intermediate-stage/psa\n\n" + ExitCodes.Help)
        {
            partials, output,
        };
        command.SetAction(result =>
        {
            var files = new List<string>();
            foreach (var p in result.GetValue(partials) ?? Array.Empty<string>())
            {
                if (Directory.Exists(p)) files.AddRange(Directory.GetFiles(p, "psa.shard-*-of-*.json").Concat(Directory.GetFiles(p, "sweep.shard-*-of-*.csv")).Concat(Directory.GetFiles(p, "trial.shard-*-of-*.json")).Concat(Directory.GetFiles(p, "run.shard-*-of-*.bin")).OrderBy(f => f, StringComparer.Ordinal));
                else if (File.Exists(p)) files.Add(p);
                else throw new UsageException($"{p}: no such file or folder (expected partial files written by hccsim psa or sweep --shard)");
            }
            if (files.Count == 0) throw new UsageException("no partial files found (expected psa.shard-I-of-N.json or sweep.shard-I-of-N.csv files, or a folder holding them)");
            if (files.All(f => Path.GetFileName(f).StartsWith("run.shard-", StringComparison.Ordinal)))
                return RunPartial.Merge(context, files, result.GetValue(output));
            if (files.Any(f => Path.GetFileName(f).StartsWith("run.shard-", StringComparison.Ordinal)))
                throw new UsageException("the partial files mix a run with another analysis (expected the shards of one analysis)");
            if (files.All(f => Path.GetFileName(f).StartsWith("trial.shard-", StringComparison.Ordinal)))
            {
                // The shards hold the design and every replicate: the trial's output, with no simulation and no scenario file.
                TrialPartial.Merged shards;
                try { shards = TrialPartial.Merge(files, Program.Version); }
                catch (InvalidDataException e) { throw new UsageException(e.Message); }
                string trialDir = result.GetValue(output) ?? Path.GetDirectoryName(Path.GetFullPath(files[0]))!;
                using var claimed = ResultPublishing.Claim(trialDir, "trial");
                TrialAnalysisResult whole;
                try { whole = TrialAnalysis.FromShards(shards.Design, shards.Replicates, shards.All); }
                catch (ArgumentException e) { throw new UsageException(e.Message); }
                TrialOutput.Print(context.Console, shards.Scenario, whole.Result, shards.Replicates);
                var staged = ResultPublishing.Stage(claimed, () =>
                    TrialWriter.Write(claimed.Staging, Program.Version, shards.Scenario, shards.ScenarioFile, shards.Sha256, whole.Result, shards.Seed, whole.PowerCurve));
                bool report = ResultPublishing.Publish(claimed, staged, TrialWriter.Files, report: true).Any(p => p.EndsWith("report.html", StringComparison.Ordinal));
                context.Console.MarkupLineInterpolated($"[grey]merged {files.Count} trial shards: wrote replicates.csv, trial.json{(report ? " and report.html" : "")} to {trialDir}[/]");
                return ExitCodes.Success;
            }
            if (files.Any(f => Path.GetFileName(f).StartsWith("trial.shard-", StringComparison.Ordinal)))
                throw new UsageException("the partial files mix a trial with another analysis (expected the shards of one analysis)");
            bool sweeps = files.All(f => Path.GetFileName(f).StartsWith("sweep.shard-", StringComparison.Ordinal) && f.EndsWith(".csv", StringComparison.Ordinal));
            if (!sweeps && files.Any(f => f.EndsWith(".csv", StringComparison.Ordinal)))
                throw new UsageException("the partial files mix a psa and a sweep (expected the shards of one analysis)");
            if (sweeps)
            {
                string sweepDir = result.GetValue(output) ?? Path.GetDirectoryName(Path.GetFullPath(files[0]))!;
                string sweepCsv;
                try { sweepCsv = SweepFile.Merge(files, sweepDir); }
                catch (InvalidDataException e) { throw new UsageException(e.Message); }
                SweepFile.WriteJson(sweepCsv);
                string? report = Reporting.Html.HtmlReport.Write(sweepDir, Program.Version);
                context.Console.MarkupLineInterpolated($"merged {files.Count} sweep shards into {sweepCsv}{(report is null ? "" : $" and {report}")}");
                return ExitCodes.Success;
            }
            var clock = Stopwatch.StartNew();
            (Analysis.Uncertainty.PsaSettings Settings, Analysis.Uncertainty.PsaResult Result, RunStamp Stamp) merged;
            try { merged = PsaPartial.Merge(files, Program.Version); }
            catch (InvalidDataException e) { throw new UsageException(e.Message); }
            string outDir = result.GetValue(output) ?? Path.GetDirectoryName(Path.GetFullPath(files[0]))!;
            if (File.Exists(outDir)) throw new UsageException($"--out {outDir} is a file (expected a folder for the results)");
            clock.Stop();
            using var folder = ResultPublishing.Claim(outDir, "psa");
            PsaCommand.Finish(context, folder, merged.Stamp, merged.Settings, merged.Result, clock.Elapsed);
            return ExitCodes.Success;
        });
        return command;
    }
}
