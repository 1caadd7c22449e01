using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HccSim.Analysis.Economics;
using HccSim.Reporting;
using HccSim.Reporting.Publishing;
using HccSim.Scenarios;
using HccSim.Analysis.Summaries;
using HccSim.Analysis.Uncertainty;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>`hccsim psa SCENARIO --draws K`: probabilistic sensitivity analysis over the scenario's uncertainty section.</summary>
internal static class PsaCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML) with an uncertainty section" };
        var draws = Options.Text("--draws", "Parameter draws (the most, with --until-se)");
        var patients = Options.Text("--patients", "Patients per draw (default 10,000; the same patients in every draw)");
        var seed = Options.Text("--seed", "Random seed for draws and patients (default: the scenario's cohort.seed)");
        var threads = Options.Text("--threads", $"Worker threads (default: {Environment.ProcessorCount}); results do not depend on it");
        var wtp = Options.Text("--wtp", "Willingness to pay per QALY (default: the scenario's economics.willingness_to_pay)");
        var wtpMax = Options.Text("--wtp-max", "Largest willingness to pay of the acceptability curves (default: 3 × --wtp)");
        var wtpStep = Options.Text("--wtp-step", "Step of the acceptability curves (default: --wtp-max / 60)");
        var evppi = Options.Text("--evppi", "Parameter groups for EVPPI, ';' between groups, ',' within (paths as in the uncertainty section); every parameter alone is always reported");
        var bins = Options.Text("--bins", "Bins per parameter of the EVPPI partition regression (default: about 50 draws a cell in the largest group, at least 2)");
        var population = Options.Text("--population", "Patients a year who face the decision, for population EVPI");
        var years = Options.Text("--years", "Years the decision holds, for population EVPI (discounted at the scenario's outcome rate)");
        var untilSe = Options.Text("--until-se", "Stop once the Monte Carlo standard error of the expected incremental net benefit (best vs runner-up) is at most this");
        var output = Options.Text("--out", "Folder for the results (default: results/<scenario>/psa)");
        var shard = Options.Text("--shard", "I/N: simulate only shard I (0-based) of N — draws ⌊K·I/N⌋ to ⌊K·(I+1)/N⌋ − 1 — and write psa.shard-I-of-N.json for hccsim merge");
        var command = new Command("psa",
            "Probabilistic sensitivity analysis: draw the parameters of the scenario's uncertainty section, simulate the same patients under every " +
            "strategy for each draw, and report expected costs, QALYs and life-years with intervals, acceptability curves and frontier, EVPI and EVPPI.\n\n" +
            "Examples:\n  hccsim psa scenarios/intermediate-stage.yaml --draws 1000\n  hccsim psa scenarios/intermediate-stage.yaml --draws 5000 --until-se 500 --population 2000 --years 10\n\n" + ExitCodes.Help)
        {
            file, draws, patients, seed, threads, wtp, wtpMax, wtpStep, evppi, bins, population, years, untilSe, output, shard,
        };
        command.SetAction(result =>
        {
            string path = result.GetValue(file)!;
            var definition = ScenarioLoader.Define(path);
            var scenario = definition.Scenario;
            if (scenario.Uncertainty is null)
                throw new UsageException($"{path} has no 'uncertainty' section: nothing to draw (expected uncertainty: {{ parameters: [ {{ path: ..., gamma: {{ mean: ..., se: ... }} }} ] }}; see docs/scenario-format.md)");
            int k = Options.Whole(result, draws, 2, 10_000_000) ?? throw new UsageException("psa needs --draws (the number of parameter draws, at least 2)");
            int n = Options.Whole(result, patients, 2, int.MaxValue) ?? 10_000; // batches of the cohort measure each draw's own error
            ulong s = Options.Seed(result, seed) ?? scenario.Seed;
            int t = Options.Whole(result, threads, 1, 1024) ?? Environment.ProcessorCount;
            double lambda = Options.Positive(result, wtp) ?? scenario.Economics.WillingnessToPay
                ?? throw new UsageException("psa needs a willingness to pay: --wtp, or economics.willingness_to_pay in the scenario");
            double max = Options.Positive(result, wtpMax) ?? 3 * lambda;
            double step = Options.Positive(result, wtpStep) ?? max / 60;
            double[] grid;
            try { grid = PsaSettings.Grid(max, step); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            int? chosenBins = Options.Whole(result, bins, 1, 1000);
            double? se = Options.Positive(result, untilSe);
            int? pop = Options.Whole(result, population, 1, int.MaxValue);
            int? yrs = Options.Whole(result, years, 1, 200);
            if ((pop is null) != (yrs is null)) throw new UsageException("population EVPI needs both --population and --years");
            double? factor = pop is { } p && yrs is { } y ? PsaSettings.PopulationMultiplier(p, y, scenario.Model!.Discounting.OutcomesPerYear) : null;
            string outDir = result.GetValue(output) ?? Path.Combine("results", scenario.Name, "psa");
            if (File.Exists(outDir)) throw new UsageException($"--out {outDir} is a file (expected a folder for the results)");

            (string Name, int[] Members)[] groups;
            try { groups = PsaSettings.EvppiGroups(scenario.Uncertainty, result.GetValue(evppi), path); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            int b = chosenBins ?? PsaSettings.DefaultBins(k, scenario.Uncertainty, groups);
            // Parameters that change nothing (overridden elsewhere, or unused) and strategies the analysis leaves out are said, not hidden.
            if (scenario.Partitioned.Count > 0)
                context.Error.WriteLine($"hccsim: warning: partitioned-survival strategies ({string.Join(", ", scenario.Partitioned.Select(x => x.Name))}) are solved from their curves and are not in this analysis");
            var (shardIndex, shardCount) = Shard.Parse(result.GetValue(shard));
            if (shardCount > k) throw new UsageException($"--shard {shardIndex}/{shardCount}: more shards than the {k:N0} draws (expected N ≤ --draws)");
            if (shardCount > 1 && se is not null) throw new UsageException("--until-se cannot be split into shards (it decides from all draws so far; expected a fixed --draws)");
            var settings = new PsaSettings(k, n, s, lambda, grid, groups, b, factor, scenario.Economics.Currency);

            context.Console.MarkupLineInterpolated($"[grey]psa of {path}: {(result.GetValue(shard) is null ? "up to " : $"shard {shardIndex}/{shardCount} of ")}{k:N0} draws × {n:N0} patients, seed {s}, {t} threads…[/]");
            // A whole analysis claims its folder before simulating; shards write their own files side by side, unlocked.
            using var folder = result.GetValue(shard) is null ? ResultPublishing.Claim(outDir, "psa") : null;
            var clock = Stopwatch.StartNew();
            var psaOptions = new PsaOptions(k, n, s, t) { UntilSe = se, WillingnessToPay = lambda, Cancellation = context.Cancellation, ShardIndex = shardIndex, ShardCount = shardCount };
            var psa = ProgressDisplay.Run(context, $"psa of {scenario.Name}", psaOptions.ShardRange().Count, "draws", progress =>
                PsaRunner.Run(definition, psaOptions with { Progress = progress }));
            clock.Stop();
            foreach (var idle in psa.WithoutEffect)
                context.Error.WriteLine($"hccsim: warning: {idle}: setting it to its high value changes no strategy's costs, QALYs or life-years on 1,000 patients (is it overridden by the scenario, or unused?)");
            var stamp = new RunStamp(Program.Version, scenario.Name, scenario.File, scenario.Sha256, s, n, t, clock.Elapsed.TotalSeconds, DateTimeOffset.UtcNow);
            if (result.GetValue(shard) is not null)
            {
                string partial = PsaPartial.Write(outDir, stamp, settings, shardIndex, shardCount, psa);
                context.Console.MarkupLineInterpolated($"[grey]shard {shardIndex}/{shardCount}: draws {psa.FirstDraw}–{psa.FirstDraw + psa.Analysis.Draws - 1} in {clock.Elapsed.TotalSeconds:F1} s; wrote {partial} ({new FileInfo(partial).Length:N0} bytes)[/]");
                return ExitCodes.Success;
            }
            Finish(context, folder!, stamp, settings, psa, clock.Elapsed);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The tables, files, report and summary of a whole analysis (run at once, or merged from shards).</summary>
    internal static void Finish(CommandContext context, OutputFolder folder, RunStamp stamp, PsaSettings settings, PsaResult psa, TimeSpan elapsed)
    {
        string outDir = folder.Directory;
        var tables = new PsaTables(psa, settings.Wtp, settings.WtpGrid, settings.Groups, settings.Bins, settings.PopulationFactor);
        var staged = ResultPublishing.Stage(folder, () => PsaWriter.Write(folder.Staging, stamp, psa, tables));
        var written = ResultPublishing.Publish(folder, staged, PsaWriter.Files, report: true);
        Print(context.Console, stamp.Scenario, settings.Currency, psa, tables);
        long simulated = (long)(psa.Analysis.Draws + 1) * settings.Patients;
        context.Console.MarkupLineInterpolated(
            $"[grey]{psa.Analysis.Draws:N0} draws{(psa.StoppedBySe ? " (stopped: standard error reached)" : "")} × {settings.Patients:N0} patients × {psa.Analysis.Strategies.Count} strategies in {elapsed.TotalSeconds:F1} s ({simulated / Math.Max(elapsed.TotalSeconds, 1e-9):N0} patients/s, each through every strategy); sha256 {stamp.ScenarioSha256[..12]}…; hccsim {Program.Version}[/]");
        context.Console.MarkupLineInterpolated($"[grey]wrote {string.Join(", ", written.Select(Path.GetFileName))} to {outDir}[/]");
    }

    private static string M(double x) => x.ToString("N0", CultureInfo.InvariantCulture);
    private static string Q(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);

    private static void Print(IAnsiConsole console, string name, string currency, PsaResult psa, PsaTables tables)
    {
        string cur = currency.Length > 0 ? currency + " " : "";
        var t = new Table().Title($"[bold]{Markup.Escape(name)}[/]: {psa.Analysis.Draws:N0} parameter draws (mean and 95% range of the draws; discounted, per patient)")
            .AddColumns("strategy", $"cost, {cur}", "QALYs", "life-years", $"NMB at {cur}{M(tables.Wtp)}/QALY", "P(cost-effective)", "base case cost / QALYs");
        foreach (var r in tables.Strategies)
            t.AddRow(Markup.Escape(r.Strategy), $"{M(r.Cost.Mean)} ({M(r.Cost.Lower)}–{M(r.Cost.Upper)})", $"{Q(r.Qalys.Mean)} ({Q(r.Qalys.Lower)}–{Q(r.Qalys.Upper)})",
                $"{Q(r.LifeYears.Mean)} ({Q(r.LifeYears.Lower)}–{Q(r.LifeYears.Upper)})", $"{M(r.NetBenefit.Mean)}{(r.Strategy == tables.Optimal ? " [green](best)[/]" : "")}",
                r.ProbabilityCostEffective.ToString("0.000", CultureInfo.InvariantCulture), $"{M(r.BaseCase.Cost)} / {Q(r.BaseCase.Qalys)}");
        console.Write(t);

        var means = IncrementalAnalysis.Of(tables.Strategies.Select(r => new StrategyOutcome(r.Strategy, r.Cost.Mean, r.Qalys.Mean, r.LifeYears.Mean)), tables.Wtp);
        var inc = new Table().Title("incremental analysis of the expected values").AddColumns("strategy", "Δ cost", "Δ QALYs", $"ICER, {cur}per QALY", "status");
        foreach (var r in means.Rows)
            inc.AddRow(Markup.Escape(r.Outcome.Strategy), double.IsFinite(r.IncrementalCost) ? M(r.IncrementalCost) : "–", double.IsFinite(r.IncrementalQalys) ? Q(r.IncrementalQalys) : "–",
                double.IsFinite(r.Icer) ? M(r.Icer) : "–", Markup.Escape(r.Status switch
                {
                    Dominance.Strict => $"dominated by {r.DominatedBy[0]}",
                    Dominance.Extended => $"extendedly dominated ({r.DominatedBy[0]}, {r.DominatedBy[1]})",
                    _ => r.Comparator is null ? "frontier (reference)" : $"frontier, vs {r.Comparator}",
                }));
        console.Write(inc);

        var v = new Table().Title($"value of information at {cur}{M(tables.Wtp)}/QALY (EVPPI: partition regression, {tables.Bins} bins per parameter)").AddColumns("parameters", "per patient", "population", "noise floor (mean ± sd)");
        v.AddRow("[bold]all (EVPI)[/]", NumberText.Significant(tables.Evpi), tables.PopulationEvpi is { } pe ? NumberText.Significant(pe) : "–", "");
        foreach (var r in tables.Evppi)
            v.AddRow(Markup.Escape(r.Group), NumberText.Significant(r.Evppi) + (r.AtFloor ? " [grey](at the floor)[/]" : ""), r.Population is { } p ? NumberText.Significant(p) : "–",
                Markup.Escape(NumberText.NoiseFloor(r.NoiseFloor, r.NoiseFloorSd)));
        console.Write(v);
        if (tables.Evpi > 0 && tables.Evppi.Count > 0 && tables.Evppi.All(r => r.Evppi == 0))
            console.MarkupLineInterpolated($"[grey]No parameter group changes the decision of any of its cells at {tables.Bins} bins a parameter (about {psa.Analysis.Draws / Math.Max(1, tables.Bins)} draws a bin): the EVPI comes from draws too few to place; more draws give finer cells.[/]");
        if (tables.Error is { } e)
            console.MarkupLineInterpolated($"Monte Carlo standard error of the expected incremental net benefit, {tables.Optimal} vs {tables.RunnerUp}: {M(e.Total)} ({M(e.Outer)} from the parameter draws, {M(e.Inner)} from the patients of each draw)");
    }
}
