using System.CommandLine;
using System.Diagnostics;
using System.Text;
using HccSim.Scenarios;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>
/// `hccsim slurm SCENARIO --command psa --shards N`: writes a Slurm job array (one task per shard, each running its
/// shard with the task's CPUs) and a merge job that waits for every task (afterok), and with --submit submits both.
/// </summary>
internal static class SlurmCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML)" };
        var rest = new Argument<string[]>("options") { Description = "Options passed to every shard after '--', e.g. -- --draws 1000 --patients 10000", Arity = ArgumentArity.ZeroOrMore };
        var what = Options.Text("--command", "The analysis to split: psa (draws), run (patients), sweep (design points) or trial (replicates)");
        var shards = Options.Text("--shards", "Number of shards (array tasks)");
        var partition = Options.Text("--partition", "Slurm partition (default: the cluster's default)");
        var time = Options.Text("--time", "Time limit of each task, Slurm syntax (e.g. 1:00:00)");
        var cpus = Options.Text("--cpus", "CPUs per task (default 1); each shard uses them all");
        var mem = Options.Text("--mem", "Memory per task, Slurm syntax (e.g. 4G)");
        var output = Options.Text("--out", "Folder for the job scripts, partial files, logs and merged results (default: results/<scenario>/<command>-slurm)");
        var submit = new Option<bool>("--submit") { Description = "Submit the array and the dependent merge job with sbatch and print their job ids" };
        var command = new Command("slurm",
            "Write (and with --submit, submit) a Slurm job array that runs an analysis in shards, and a merge job that runs after every shard succeeded. " +
            "A failed task can be rerun alone (sbatch --array=I <array script>); the merge names any shard still missing.\n\n" +
            "Examples:\n  hccsim slurm scenarios/intermediate-stage.yaml --command psa --shards 20 --cpus 4 --time 1:00:00 -- --draws 10000 --patients 10000\n" +
            "  hccsim slurm scenarios/intermediate-stage.yaml --command psa --shards 4 --submit -- --draws 1000\n\n" + ExitCodes.Help)
        {
            file, rest, what, shards, partition, time, cpus, mem, output, submit,
        };
        command.SetAction(result =>
        {
            string scenarioPath = Path.GetFullPath(result.GetValue(file)!);
            var scenario = ScenarioLoader.Load(scenarioPath);
            string kind = result.GetValue(what) ?? throw new UsageException("slurm needs --command (psa, run, sweep or trial)");
            if (kind is not ("psa" or "run" or "sweep" or "trial")) throw new UsageException($"--command {kind} cannot be split into shards (expected psa, run, sweep or trial)");
            if (kind == "psa" && scenario.Uncertainty is null) throw new UsageException($"{scenarioPath} has no 'uncertainty' section: nothing for a psa to draw");
            int n = Options.Whole(result, shards, 1, 10_000) ?? throw new UsageException("slurm needs --shards N");
            int c = Options.Whole(result, cpus, 1, 1024) ?? 1;
            var extra = result.GetValue(rest) ?? Array.Empty<string>();
            foreach (var forbidden in new[] { "--shard", "--out", "--threads", "--until-se" })
                if (extra.Contains(forbidden)) throw new UsageException($"{forbidden} is set by the job scripts (expected only the analysis options after '--')");
            if (kind == "psa" && !extra.Contains("--draws")) throw new UsageException("a sharded psa needs --draws after '--' (e.g. -- --draws 1000)");
            if (extra.Contains("--power")) throw new UsageException("--power searches sample sizes one after another: it cannot be split into shards");
            string outDir = Path.GetFullPath(result.GetValue(output) ?? Path.Combine("results", scenario.Name, $"{kind}-slurm"));
            Directory.CreateDirectory(Path.Combine(outDir, "logs"));
            string partials = Path.Combine(outDir, "partials");

            // The same hccsim that writes the scripts runs the tasks: its own assembly, started by dotnet.
            string dll = typeof(Program).Assembly.Location;
            string host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
            string hccsim = $"{Quote(host)} {Quote(dll)}";
            string Header(string name, string log, bool array)
            {
                var sb = new StringBuilder("#!/bin/bash\n");
                sb.Append($"#SBATCH --job-name={name}\n#SBATCH --output={log}\n");
                if (array) sb.Append($"#SBATCH --array=0-{n - 1}\n#SBATCH --cpus-per-task={c}\n");
                if (result.GetValue(partition) is { } pa) sb.Append($"#SBATCH --partition={pa}\n");
                if (result.GetValue(time) is { } ti) sb.Append($"#SBATCH --time={ti}\n");
                if (array && result.GetValue(mem) is { } me) sb.Append($"#SBATCH --mem={me}\n");
                return sb.Append("set -euo pipefail\n").ToString();
            }
            string arrayScript = Path.Combine(outDir, $"{scenario.Name}-{kind}.array.sbatch");
            string mergeScript = Path.Combine(outDir, $"{scenario.Name}-{kind}.merge.sbatch");
            File.WriteAllText(arrayScript, Header($"hccsim-{scenario.Name}-{kind}", Path.Combine(outDir, "logs", "shard-%a.out"), true) +
                $"# shard ${{SLURM_ARRAY_TASK_ID}} of {n}, with the task's CPUs; a shard writes its partial file atomically or not at all\n" +
                $"{hccsim} {kind} {Quote(scenarioPath)} {string.Join(" ", extra.Select(Quote))} --shard \"${{SLURM_ARRAY_TASK_ID}}/{n}\" --threads \"${{SLURM_CPUS_PER_TASK:-1}}\" --out {Quote(partials)}\n");
            File.WriteAllText(mergeScript, Header($"hccsim-{scenario.Name}-{kind}-merge", Path.Combine(outDir, "logs", "merge.out"), false) +
                $"{hccsim} merge {Quote(partials)} --out {Quote(outDir)}\n");
            string submitScript = Path.Combine(outDir, "submit.sh");
            File.WriteAllText(submitScript, "#!/bin/bash\nset -euo pipefail\n" +
                $"array=$(sbatch --parsable {Quote(arrayScript)})\n" +
                $"merge=$(sbatch --parsable --dependency=afterok:${{array%%;*}} {Quote(mergeScript)})\n" +
                "echo \"array job ${array%%;*}, merge job ${merge%%;*}\"\n");
            context.Console.MarkupLineInterpolated($"wrote {arrayScript}, {mergeScript} and {submitScript}");
            if (!result.GetValue(submit)) return ExitCodes.Success;

            string arrayId = Sbatch(arrayScript);
            string mergeId = Sbatch($"--dependency=afterok:{arrayId}", mergeScript);
            context.Console.MarkupLineInterpolated($"submitted array job {arrayId} ({n} tasks) and merge job {mergeId} (after every task succeeds); results in {outDir}");
            context.Console.WriteLine($"array {arrayId}");
            context.Console.WriteLine($"merge {mergeId}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Quote(string s) => s.Length > 0 && s.All(ch => char.IsLetterOrDigit(ch) || "-_./:=,@+%".Contains(ch)) ? s : "'" + s.Replace("'", "'\\''") + "'";

    /// <summary>Submits with sbatch --parsable; the job id, or a usage error saying why not.</summary>
    private static string Sbatch(params string[] args)
    {
        var info = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--parsable");
        foreach (var a in args) info.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(info)!; }
        catch (System.ComponentModel.Win32Exception) { throw new UsageException("--submit needs Slurm's sbatch on the PATH (not found; the scripts are written — submit them on the cluster)"); }
        using (process)
        {
            string stdout = process.StandardOutput.ReadToEnd(), stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new UsageException($"sbatch failed (exit {process.ExitCode}): {stderr.Trim()}");
            return stdout.Trim().Split(';')[0];
        }
    }
}
