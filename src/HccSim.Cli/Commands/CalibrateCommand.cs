using System.CommandLine;
using System.Globalization;
using HccSim.Scenarios;
using HccSim.Analysis.Calibration;
using HccSim.Scenarios.Parameters;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>`hccsim calibrate SCENARIO`: fit the file's free parameters to its targets and write the fitted file beside it.</summary>
internal static class CalibrateCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML) with a calibration section" };
        var cohort = new Options.Cohort();
        var output = Options.Text("--out", "The fitted scenario file to write (default: <scenario>.calibrated.yaml beside it; never the input)");
        var targets = Options.Text("--targets", "Comma-separated strategies or outcomes whose targets to fit (default: every target with a weight above 0)");
        var budget = Options.Text("--max-evaluations", "Simulations the optimiser may run (default: the file's calibration.max_evaluations, else 500)");
        var method = Options.Text("--method", "optimise (default): one best fit by bounded Nelder–Mead, written as a fitted scenario; imis: the posterior by incremental mixture importance sampling, written as a sample (CSV) for the uncertainty section");
        var imis = new CalibrateImis.ImisOptionSet();
        var command = new Command("calibrate",
            "Fit the parameters a scenario marks as free (calibration.free, with bounds) to its targets by bounded Nelder–Mead on " +
            "common random numbers; print each target's published, starting and fitted value and residual, and write the fitted scenario as a new file. " +
            "With --method imis, find their posterior instead (prior uniform on the bounds; likelihood from each target's published interval; docs/calibration.md) " +
            "and write a resample of it as <scenario>.posterior.csv, for uncertainty: { posterior: { file } }.\n\n" +
            "Examples:\n  hccsim calibrate scenarios/sorafenib-tace.yaml\n  hccsim calibrate scenarios/abc-conversion.yaml --patients 50000 --out scenarios/my-abc.yaml\n" +
            "  hccsim calibrate scenarios/intermediate-stage.yaml --method imis --targets tace,atezo_bev_tace --patients 2000 --initial 300 --per-round 30 --samples 50 --out scenarios/intermediate-stage.quick.posterior.csv\n\n" +
            ExitCodes.Help + " calibrate --method imis: 3 when the stopping rule (expected distinct points in the resample) was not met within --max-rounds (no posterior written).")
        {
            file, output, targets, budget, method,
        };
        foreach (var option in cohort.All) command.Options.Add(option);
        foreach (var option in imis.All) command.Options.Add(option);
        command.SetAction(result =>
        {
            string path = result.GetValue(file)!;
            switch (result.GetValue(method))
            {
                case null or "optimise" or "optimize": imis.RefuseWith("optimise", result); break;
                case "imis": return CalibrateImis.Run(context, result, path, cohort, imis, output, targets, budget);
                case var other: throw new UsageException($"--method {other} is not a calibration method (expected optimise or imis)");
            }
            var definition = ScenarioLoader.DefineForCalibration(path);
            var scenario = definition.Scenario;
            var calibration = scenario.Calibration
                ?? throw new UsageException($"{path} has no 'calibration' section: nothing is free to fit (expected calibration: {{ free: [ {{ path: ..., bounds: [lower, upper] }} ] }})");
            var (_, seed, threads) = cohort.Read(result, scenario);
            int patients = Options.Whole(result, cohort.Patients, 100, int.MaxValue) ?? calibration.Patients;
            string outPath = result.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(path) ?? "", Path.GetFileNameWithoutExtension(path) + ".calibrated.yaml");
            if (string.IsNullOrWhiteSpace(outPath)) throw new UsageException("--out is empty (expected a file name for the fitted scenario)");
            if (Path.GetFullPath(outPath) == Path.GetFullPath(path)) throw new UsageException($"--out {outPath} is the input scenario: calibration never overwrites its input (expected another file name)");
            if (Directory.Exists(outPath)) throw new UsageException($"--out {outPath} is a folder (expected a file name for the fitted scenario)");
            string outFolder = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
            if (!Directory.Exists(outFolder)) throw new UsageException($"--out {outPath}: there is no folder {outFolder} (expected an existing folder)");
            bool elsewhere = outFolder != Path.GetDirectoryName(Path.GetFullPath(path));
            if (elsewhere && scenario.InputFiles.Count > 1)
                throw new UsageException($"--out {outPath} is in another folder, but {path} reads other files by relative path ({string.Join(", ", scenario.InputFiles.Skip(1))}) (expected --out beside the input)");
            var only = Options.SplitOutsideParentheses(result.GetValue(targets));
            if (only is not null && !scenario.Targets.Any(t => t.Weight > 0 && (only.Contains(t.Strategy) || only.Contains(t.Outcome))))
                throw new UsageException($"--targets {string.Join(",", only)} matches no target with a weight above 0 (expected strategies or outcomes of {path}: {string.Join(", ", scenario.Targets.Select(t => t.Outcome).Distinct())})");
            var options = new CalibrationOptions(patients, seed, threads, Options.Whole(result, budget, 10, 1_000_000) ?? calibration.MaxEvaluations)
            {
                Only = only, Cancellation = context.Cancellation,
            };

            context.Console.MarkupLineInterpolated($"[grey]calibrating {calibration.Free.Count} parameters of {path} on {patients:N0} patients per evaluation (seed {seed}, {threads} threads)…[/]");
            var fit = ProgressDisplay.Run(context, $"calibrating {scenario.Name}", options.MaxEvaluations, "evaluations", progress =>
                ScenarioCalibration.Run(definition, options with { Progress = new Evaluations(progress) }));
            Print(context.Console, scenario, fit);

            string header = $"Calibrated by hccsim {Program.Version} calibrate from {Path.GetFileName(path)} (sha256 {scenario.Sha256[..12]}…) on {DateTimeOffset.UtcNow:yyyy-MM-dd}:\n" +
                $"objective {F(fit.ObjectiveBefore)} -> {F(fit.ObjectiveAfter)} over {fit.Fitted.Count} targets; {fit.Evaluations} evaluations of {patients:N0} patients, seed {seed}.\n" +
                string.Join("\n", fit.Parameters.Select(p => $"{p.Free.Label}: {F(p.Free.Value)} -> {F(p.Fitted)}"));
            // The fitted numbers go back at the places read at the start: text changed since would be spliced blindly.
            if (scenario.ChangedInputs() is { Count: > 0 } changed)
                throw new UsageException(changed.Count == 1 && changed[0] == scenario.InputFiles[0]
                    ? $"{path} changed while it was being calibrated (expected the file as it was read); nothing was written - calibrate again"
                    : $"{string.Join(", ", changed)} changed while {path} was being calibrated (expected the files as they were read); nothing was written - calibrate again");
            string text = File.ReadAllText(path).TrimStart('\uFEFF');
            string temp = outPath + ".partial";
            try { File.WriteAllText(temp, ScenarioCalibration.Rewrite(text, fit.Parameters, header)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--out {outPath} cannot be written: {e.Message}");
            }
            // The written file must read back as a valid scenario with the fitted numbers in place, before it takes its name.
            try { ScenarioLoader.LoadForCalibration(temp); }
            catch (Scenarios.Diagnostics.ScenarioException e)
            {
                File.Delete(temp);
                throw new InvalidOperationException($"the fitted scenario does not read back ({e.Errors[0]}); the input is unchanged and nothing was written");
            }
            File.Move(temp, outPath, overwrite: true);
            var fitted = ScenarioLoader.DefineForCalibration(outPath);
            foreach (var p in fit.Parameters)
                foreach (var place in p.Free.Places)
                {
                    double? back;
                    try { back = fitted.Locate(place.Path).Written; }
                    catch (Scenarios.Diagnostics.ScenarioException) { back = null; }
                    if (back is not { } n || Math.Abs(n - p.Fitted) > 1e-6 * Math.Max(1, Math.Abs(p.Fitted)))
                        throw new InvalidOperationException($"the fitted file {outPath} does not hold {place.Path} = {p.Fitted}");
                }
            var written = fitted.Scenario;
            context.Console.MarkupLineInterpolated($"[grey]wrote {outPath} (scenario '{written.Name}', sha256 {written.Sha256[..12]}…)[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string F(double x) => double.IsFinite(x) ? x.ToString("0.####", CultureInfo.InvariantCulture) : "–";

    private static void Print(IAnsiConsole console, Scenario scenario, CalibrationResult fit)
    {
        var parameters = new Table().Title("free parameters").AddColumns("parameter", "bounds", "start", "fitted", "constrained by (targets it moves)");
        foreach (var p in fit.Parameters)
        {
            var moved = p.Constrains.Select(t => t.SubgroupText.Length > 0 ? $"{t.Strategy} {t.Outcome} ({t.SubgroupText})" : $"{t.Strategy} {t.Outcome}").ToList();
            parameters.AddRow(Markup.Escape(string.Join("\n", p.Free.Places.Select(x => x.Path.Text))), $"{F(p.Free.Lower)}–{F(p.Free.Upper)}", F(p.Free.Value), F(p.Fitted),
                moved.Count > 0 ? Markup.Escape(string.Join("\n", moved)) : "[yellow]no fitted target: its value is not informed by the targets[/]");
        }
        console.Write(parameters);

        var targets = new Table().Title("targets: published, at the start and fitted").AddColumns("strategy", "outcome (subgroup)", "published", "start", "fitted (95% CI)", "residual", "weight");
        for (int i = 0; i < fit.After.Count; i++)
        {
            var a = fit.After[i];
            var b = fit.Before.First(x => x.Target.Index == a.Target.Index);
            var t = a.Target;
            bool isFitted = fit.Fitted.Any(x => x.Index == t.Index);
            double residual = ScenarioCalibration.Residual(a, scenario.HorizonMonths);
            string r = !isFitted ? "(not fitted)" : Math.Abs(residual) <= 1.96 ? $"[green]{F(residual)}[/]" : $"[red]{F(residual)}[/]";
            targets.AddRow(Markup.Escape(t.Strategy), Markup.Escape(t.SubgroupText.Length > 0 ? $"{t.Outcome}\n({t.SubgroupText})" : t.Outcome),
                t.Lower is { } lo && t.Upper is { } hi ? $"{F(t.Value)} ({F(lo)}–{F(hi)})" : F(t.Value),
                F(b.Simulated.Value), $"{F(a.Simulated.Value)} ({F(a.Simulated.Lower)}–{F(a.Simulated.Upper)})", r, F(t.Weight));
        }
        console.Write(targets);
        console.MarkupLine(
            $"objective (Σ weight × residual², residual = (simulated − published) / the target's spread): {F(fit.ObjectiveBefore)} → [bold]{F(fit.ObjectiveAfter)}[/]; " +
            $"{fit.Evaluations} evaluations{(fit.FailedEvaluations > 0 ? $" ({fit.FailedEvaluations} refused by the model)" : "")}, " +
            $"{(fit.Converged ? "converged" : "[yellow]stopped at the evaluation budget[/]")}, {fit.Elapsed.TotalSeconds:F1} s");
        int missed = fit.After.Count(a => fit.Fitted.Any(x => x.Index == a.Target.Index) && Math.Abs(ScenarioCalibration.Residual(a, scenario.HorizonMonths)) > 1.96);
        if (missed > 0)
            console.MarkupLineInterpolated($"[yellow]{missed} fitted targets stay more than 1.96 spreads off: they cannot be met together with the others by these free parameters (reported, not loosened)[/]");
    }

    /// <summary>The optimiser's evaluations as a count for the progress display.</summary>
    private sealed class Evaluations(IProgress<int> count) : IProgress<(int Evaluations, double Best)>
    {
        public void Report((int Evaluations, double Best) value) => count.Report(value.Evaluations);
    }
}
