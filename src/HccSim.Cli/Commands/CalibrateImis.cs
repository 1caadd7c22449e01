using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HccSim.Analysis.Calibration;
using HccSim.Reporting;
using HccSim.Scenarios;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>`hccsim calibrate SCENARIO --method imis`: the free parameters' posterior, printed and written as a resample (CSV).</summary>
internal static class CalibrateImis
{
    /// <summary>The options only IMIS reads.</summary>
    public sealed class ImisOptionSet
    {
        public Option<string?> Samples { get; } = Options.Text("--samples", "imis: rows of the posterior sample written (default 1,000); IMIS stops once a resample of this many is expected to hold (1 − 1/e) × this distinct points (Raftery and Bao 2010)");
        public Option<string?> Initial { get; } = Options.Text("--initial", "imis: points drawn from the prior first (default 1,000 per free parameter)");
        public Option<string?> PerRound { get; } = Options.Text("--per-round", "imis: points added a round around the heaviest point (default 100 per free parameter)");
        public Option<string?> MaxRounds { get; } = Options.Text("--max-rounds", "imis: rounds before giving up (default 50); exit code 3 when the stopping rule is still not met");

        public IEnumerable<Option> All => new Option[] { Samples, Initial, PerRound, MaxRounds };

        /// <summary>IMIS's options given to another method are refused, not ignored.</summary>
        public void RefuseWith(string method, ParseResult result)
        {
            foreach (var o in All)
                if (result.GetValue((Option<string?>)o) is not null) throw new UsageException($"{o.Name} is an option of --method imis (expected it without --method {method}, or --method imis)");
        }
    }

    public static int Run(CommandContext context, ParseResult result, string path, Options.Cohort cohort, ImisOptionSet set, Option<string?> output, Option<string?> targets, Option<string?> budget)
    {
        var definition = ScenarioLoader.DefineForCalibration(path);
        var scenario = definition.Scenario;
        var calibration = scenario.Calibration
            ?? throw new UsageException($"{path} has no 'calibration' section: nothing is free to fit (expected calibration: {{ free: [ {{ path: ..., bounds: [lower, upper] }} ] }})");
        if (result.GetValue(budget) is not null)
            throw new UsageException("--max-evaluations is the optimiser's budget (expected --initial, --per-round and --max-rounds with --method imis)");
        var (_, seed, threads) = cohort.Read(result, scenario);
        int patients = Options.Whole(result, cohort.Patients, 100, int.MaxValue) ?? calibration.Patients;
        int d = calibration.Free.Count;
        // No more rows than a scenario may read back (uncertainty.posterior: at most 1,000,000 rows and a 4 MB file, at up to
        // 24 characters a number): a posterior psa would refuse is not worth a long calibration.
        int readable = (int)Math.Min(1_000_000, (4L * 1024 * 1024 - 8192) / (24L * d + 2));
        int samples = Options.Whole(result, set.Samples, 1, readable) ?? 1000;
        var defaults = ImisOptions.For(d, samples, seed, threads);
        var imisOptions = defaults with
        {
            Initial = Options.Whole(result, set.Initial, 2, 100_000_000) ?? defaults.Initial,
            PerRound = Options.Whole(result, set.PerRound, 2, 100_000_000) ?? defaults.PerRound,
            MaxRounds = Options.Whole(result, set.MaxRounds, 0, 100_000) ?? defaults.MaxRounds,
            Cancellation = context.Cancellation,
        };
        string outPath = result.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(path) ?? "", Path.GetFileNameWithoutExtension(path) + ".posterior.csv");
        if (string.IsNullOrWhiteSpace(outPath)) throw new UsageException("--out is empty (expected a file name for the posterior sample)");
        // The posterior the uncertainty section references may be replaced (calibration never reads it); any other input may not.
        string? referenced = scenario.Uncertainty?.Posterior is { } post ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path) ?? "", post.File)) : null;
        if (scenario.InputFiles.Select(Path.GetFullPath).Where(f => f != referenced).Contains(Path.GetFullPath(outPath)) || Path.GetFullPath(outPath) == Path.GetFullPath(path))
            throw new UsageException($"--out {outPath} is an input of the scenario: calibration never overwrites its input (expected another file name)");
        if (Directory.Exists(outPath)) throw new UsageException($"--out {outPath} is a folder (expected a file name for the posterior sample)");
        string outFolder = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
        if (!Directory.Exists(outFolder)) throw new UsageException($"--out {outPath}: there is no folder {outFolder} (expected an existing folder)");
        var only = Options.SplitOutsideParentheses(result.GetValue(targets));
        if (only is not null && !scenario.Targets.Any(t => t.Weight > 0 && (only.Contains(t.Strategy) || only.Contains(t.Outcome))))
            throw new UsageException($"--targets {string.Join(",", only)} matches no target with a weight above 0 (expected strategies or outcomes of {path}: {string.Join(", ", scenario.Targets.Select(t => t.Outcome).Distinct())})");

        context.Console.MarkupLineInterpolated($"[grey]IMIS on {d} free parameters of {path}: {imisOptions.Initial:N0} prior points, then {imisOptions.PerRound:N0} a round (at most {imisOptions.MaxRounds}), until a resample of {imisOptions.Samples:N0} is expected to hold {imisOptions.UniqueGoal:N0} distinct points; {patients:N0} patients per evaluation (seed {seed}, common random numbers), {threads} threads…[/]");
        var clock = Stopwatch.StartNew();
        int most = imisOptions.Initial + imisOptions.PerRound * imisOptions.MaxRounds;
        var fit = ProgressDisplay.Run(context, $"IMIS on {scenario.Name}", most, "evaluations", progress =>
            BayesianCalibration.Run(definition, new BayesianCalibrationOptions(patients, imisOptions with { Progress = new Evaluations(progress) }) { Only = only }));
        clock.Stop();
        Print(context.Console, fit, imisOptions, patients, clock.Elapsed);

        var imis = fit.Imis;
        if (!imis.Converged)
        {
            context.Console.MarkupLineInterpolated($"[red]IMIS did not converge: a resample is expected to hold {imis.ExpectedUnique:N1} distinct points after {imis.Rounds} rounds (goal {imisOptions.UniqueGoal:N0}; effective sample size {imis.Ess:N1}); no posterior was written. More --max-rounds, a larger --per-round, or fewer --samples.[/]");
            return ExitCodes.NotConverged;
        }
        if (scenario.ChangedInputs() is { Count: > 0 } changed)
            throw new UsageException($"{string.Join(", ", changed)} changed while {path} was being calibrated (expected the files as they were read); nothing was written - calibrate again");
        var stamp = new RunStamp(Program.Version, scenario.Name, scenario.File, scenario.Sha256, seed, patients, threads, clock.Elapsed.TotalSeconds, DateTimeOffset.UtcNow) { Method = "imis" };
        string temp = outPath + ".partial";
        try
        {
            using (var writer = new StreamWriter(temp)) PosteriorWriter.Write(writer, stamp, fit.Free.Select(f => f.Path.Text).ToArray(), imis,
                fit.Likelihoods.Select(l => $"{l.Target.Strategy}:{l.Target.Outcome}{(l.Target.SubgroupText.Length > 0 ? $"[{l.Target.SubgroupText.Replace(" ", "", StringComparison.Ordinal)}]" : "")}").ToArray(), imisOptions, fit.Exact ? "exact" : "continuous");
            File.Move(temp, outPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out {outPath} cannot be written: {e.Message}");
        }
        context.Console.MarkupLineInterpolated($"[grey]wrote {outPath}: {imis.ResampleCount:N0} rows resampled by weight (reference it as uncertainty: {{ posterior: {{ file: {Path.GetFileName(outPath)} }} }})[/]");
        return ExitCodes.Success;
    }

    private static string F(double x) => double.IsFinite(x) ? x.ToString("G4", CultureInfo.InvariantCulture) : "–";

    private static void Print(IAnsiConsole console, BayesianCalibrationResult fit, ImisOptions options, int patients, TimeSpan elapsed)
    {
        var parameters = new Table().Title("posterior of the free parameters (prior uniform on the bounds)").AddColumns("parameter", "bounds", "start", "mean", "sd", "2.5%", "50%", "97.5%");
        for (int j = 0; j < fit.Free.Count; j++)
        {
            var f = fit.Free[j];
            var m = fit.Summary.Marginals[j];
            parameters.AddRow(Markup.Escape(f.Label), $"{F(f.Lower)}–{F(f.Upper)}", F(f.Value), F(m.Mean), F(m.Sd), F(m.Lower), F(m.Median), F(m.Upper));
        }
        console.Write(parameters);
        if (fit.Free.Count > 1)
        {
            var corr = new Table().Title("posterior correlations").AddColumn("");
            foreach (var f in fit.Free) corr.AddColumn(Markup.Escape(f.Path.Text));
            for (int a = 0; a < fit.Free.Count; a++)
                corr.AddRow(new[] { Markup.Escape(fit.Free[a].Path.Text) }.Concat(Enumerable.Range(0, fit.Free.Count).Select(b => fit.Summary.Correlation[a, b].ToString("0.00", CultureInfo.InvariantCulture))).ToArray());
            console.Write(corr);
        }
        var targets = new Table().Title("likelihood: one term per fitted target").AddColumns("strategy", "outcome (subgroup)", "published (95% interval)", "likelihood", "weight", "at the start");
        foreach (var l in fit.Likelihoods)
        {
            var t = l.Target;
            var start = fit.AtStart.FirstOrDefault(r => r.Target.Index == t.Index);
            targets.AddRow(Markup.Escape(t.Strategy), Markup.Escape(t.SubgroupText.Length > 0 ? $"{t.Outcome} ({t.SubgroupText})" : t.Outcome),
                $"{F(t.Value)} ({F(t.Lower!.Value)}–{F(t.Upper!.Value)})", l.Describe(), F(t.Weight), start is null ? "–" : F(start.Simulated.Value));
        }
        console.Write(targets);
        var imis = fit.Imis;
        console.MarkupLine(
            $"IMIS: expected distinct points in the resample [bold]{imis.ExpectedUnique:N1}[/] (goal {options.UniqueGoal:N0}), effective sample size {imis.Ess:N1}, maximum weight {F(imis.MaxWeight)}, {imis.Rounds} rounds, " +
            $"{imis.Evaluations:N0} evaluations{(imis.Refused > 0 ? $" ({imis.Refused:N0} refused by the model: likelihood 0)" : "")}, {fit.EvaluationsPerSecond:N1} evaluations/s " +
            $"({Markup.Escape(Evaluation(fit, patients))}), {elapsed.TotalSeconds:F1} s; " +
            (imis.Converged ? "[green]converged[/]" : "[red]not converged[/]"));
    }

    /// <summary>How each evaluation reached its targets, as printed and stamped.</summary>
    internal static string Evaluation(BayesianCalibrationResult fit, int patients) => fit.ExactStepMonths is { } step
        ? $"exact solution (matrix exponential, {step.ToString("0.###", CultureInfo.InvariantCulture)}-month steps) of {string.Join(", ", fit.Simulated)}"
        : $"microsimulation of {string.Join(", ", fit.Simulated)} on {patients:N0} patients, common random numbers";

    private sealed class Evaluations(IProgress<int> count) : IProgress<(int Evaluations, double Ess)>
    {
        public void Report((int Evaluations, double Ess) value) => count.Report(value.Evaluations);
    }
}
