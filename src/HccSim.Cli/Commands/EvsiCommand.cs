using System.CommandLine;
using System.Globalization;
using HccSim.Analysis.Trials;
using HccSim.Analysis.TrialValue;
using HccSim.Analysis.Uncertainty;
using HccSim.Reporting;
using HccSim.Scenarios;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>`hccsim evsi SCENARIO`: what the scenario's trial is worth at several sample sizes — EVSI, ENBS and the optimal size.</summary>
internal static class EvsiCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML) with a trial section and an uncertainty section" };
        var sizes = Options.Text("--sizes", "Patients per trial to value, comma-separated (default: ¼, ½, 1, 2 and 4 times the trial section's patients)");
        var arms = Options.Text("--arms", "The control and experimental strategies, 'control,experimental' (default: the trial section's)");
        var draws = Options.Text("--draws", "Parameter draws (default 1,000): each gives net benefits and one simulated trial at every size");
        var patients = Options.Text("--patients", "Patients per draw for the net benefits (default 2,000; the same patients in every draw)");
        var seed = Options.Text("--seed", "Random seed (default: the scenario's cohort.seed); draw k has the parameters psa gives draw k");
        var threads = Options.Text("--threads", $"Worker threads (default: {Environment.ProcessorCount}); results do not depend on it");
        var wtp = Options.Text("--wtp", "Willingness to pay per QALY (default: the scenario's economics.willingness_to_pay)");
        var population = Options.Text("--population", "Patients a year who face the decision, for population EVSI and ENBS");
        var years = Options.Text("--years", "Years the decision holds (discounted at the scenario's outcome rate)");
        var noDelay = new Option<bool>("--no-delay") { Description = "Count the trial's result as known at once (every patient of the population benefits, an upper bound); by default only patients after the trial's analysis do" };
        var output = Options.Text("--out", "Folder for evsi.csv, evsi.json and the report (default: results/<scenario>/evsi)");
        var command = new Command("evsi",
            "Expected value of sample information of the scenario's trial (its trial section) at several sample sizes: for each parameter draw of the " +
            "uncertainty section, the strategies' net benefits and a trial simulated under the draw on patients of its own; EVSI by regression of the net " +
            "benefits on the trials' summaries (Strong et al. 2015). With --population/--years and the trial's cost (trial.cost), the expected net benefit " +
            "of sampling and the optimal sample size.\n\n" +
            "Examples:\n  hccsim evsi scenarios/intermediate-stage.yaml --draws 1000 --population 2000 --years 10\n" +
            "  hccsim evsi scenarios/intermediate-stage.yaml --sizes 100,200,400,800 --draws 2000 --patients 5000\n\n" + ExitCodes.Help)
        {
            file, sizes, arms, draws, patients, seed, threads, wtp, population, years, noDelay, output,
        };
        command.SetAction(result =>
        {
            string path = result.GetValue(file)!;
            var definition = ScenarioLoader.Define(path);
            var scenario = definition.Scenario;
            if (scenario.Uncertainty is null)
                throw new UsageException($"{path} has no 'uncertainty' section: EVSI values what a trial teaches about uncertain parameters (expected uncertainty: {{ parameters: [...] }}; see docs/scenario-format.md)");
            if (scenario.Trial is not { } section)
                throw new UsageException($"{path} has no 'trial' section: EVSI values that trial (expected trial: {{ arms: [control, experimental], patients: 300, events: 150, cost: {{ fixed: ..., per_patient: ... }} }})");
            var design = TrialDesign.From(section);
            if (result.GetValue(arms) is { } armText)
            {
                var names = armText.Split(',', StringSplitOptions.TrimEntries);
                if (names.Length != 2) throw new UsageException($"--arms expects two strategies, 'control,experimental' (got '{armText}')");
                design = design with { Control = names[0], Experimental = names[1] };
            }
            int block = design.ControlShare + design.ExperimentalShare;
            var sizeList = result.GetValue(sizes) is { } sizeText
                ? sizeText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(x =>
                    int.TryParse(x.Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= Math.Max(2, block) && v <= 1_000_000
                        ? v : throw new UsageException($"--sizes expects whole numbers of patients from {Math.Max(2, block)} to 1,000,000, comma-separated (got '{x}' in '{sizeText}')")).Distinct().Order().ToArray()
                : new[] { 0.25, 0.5, 1, 2, 4 }.Select(f => Math.Max(block, (int)Math.Round(section.Patients * f / block) * block)).Distinct().ToArray();
            if (sizeList.Length == 0) throw new UsageException("--sizes names no sample size (expected e.g. 100,200,400)");
            int k = Options.Whole(result, draws, 10, 10_000_000) ?? 1000;
            int n = Options.Whole(result, patients, 2, int.MaxValue) ?? 2000;
            ulong s = Options.Seed(result, seed) ?? scenario.Seed;
            int t = Options.Whole(result, threads, 1, 1024) ?? Environment.ProcessorCount;
            double lambda = Options.Positive(result, wtp) ?? scenario.Economics.WillingnessToPay
                ?? throw new UsageException("evsi needs a willingness to pay: --wtp, or economics.willingness_to_pay in the scenario");
            int? pop = Options.Whole(result, population, 1, int.MaxValue);
            int? yrs = Options.Whole(result, years, 1, 200);
            if ((pop is null) != (yrs is null)) throw new UsageException("population EVSI needs both --population and --years");
            var decision = pop is { } p && yrs is { } y ? new DecisionPopulation(p, y, scenario.Model!.Discounting.OutcomesPerYear) : null;
            var cost = section.Costed ? new TrialCost(section.FixedCost, section.CostPerPatient) : null;
            string outDir = result.GetValue(output) ?? Path.Combine("results", scenario.Name, "evsi");

            using var folder = ResultPublishing.Claim(outDir, "evsi");
            if (k < 200)
                context.Console.MarkupLineInterpolated($"[yellow]{k} draws are few for EVSI by regression: the fit's noise counts as value (biased upward) and its standard error is rough; use 1,000 or more for results.[/]");
            context.Console.MarkupLineInterpolated($"[grey]evsi of {path}: {design.Experimental} vs {design.Control} at {string.Join(", ", sizeList)} patients; {k:N0} draws × {n:N0} patients for the net benefits, one trial per draw and size; seed {s}, {t} threads…[/]");
            EvsiResult evsi;
            try
            {
                var options = new EvsiOptions(k, n, sizeList, s, t, lambda) { Population = decision, CountDelay = !result.GetValue(noDelay), Cancellation = context.Cancellation, Cost = cost };
                evsi = ProgressDisplay.Run(context, $"evsi of {scenario.Name}", 2 * k, "draws", progress => EvsiAnalysis.Run(definition, design, options with { Progress = progress }));
            }
            catch (ArgumentException e) { throw new UsageException(e.Message + "; nothing was written"); }
            var strategies = evsi.Psa.Analysis.Strategies;
            var run = new EvsiRun(Program.Version, scenario.Name, scenario.File, scenario.Sha256, s, k, n, lambda, scenario.Economics.Currency, design, decision, cost)
            {
                CountDelay = !result.GetValue(noDelay), Designs = evsi.Trials.Designs,
                OptimalNow = strategies[Analysis.TrialValue.RegressionEvsi.Optimal(evsi.Value.NetBenefit)],
            };
            var staged = ResultPublishing.Stage(folder, () =>
            {
                EvsiWriter.Write(folder.Staging, run, evsi.Value);
                return EvsiWriter.Files;
            });
            var written = ResultPublishing.Publish(folder, staged, EvsiWriter.Files, report: true);
            Print(context.Console, run, evsi);
            context.Console.MarkupLineInterpolated($"[grey]wrote {string.Join(", ", written.Select(Path.GetFileName))} to {outDir}[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, EvsiRun run, EvsiResult evsi)
    {
        string cur = run.Currency.Length > 0 ? run.Currency + " " : "";
        var value = evsi.Value;
        var optimal = value.Optimal;
        var table = new Table().Title($"[bold]{Markup.Escape(run.Scenario)}[/]: what a trial of {Markup.Escape(run.Design.Experimental)} vs {Markup.Escape(run.Design.Control)} is worth at {cur}{M(run.Wtp)}/QALY")
            .AddColumns("patients", "reports at (months)", "EVSI per patient (± SE)", "population EVSI", "trial cost", "ENBS", "");
        foreach (var row in value.Sizes)
            table.AddRow(row.Patients.ToString("N0", CultureInfo.InvariantCulture), row.ReportingMonths is { } months ? months.ToString("F1", CultureInfo.InvariantCulture) : "–",
                row.Evsi.Value == 0 && row.Evsi.StandardError == 0 ? "0 (no draw's decision turns on the trial)" : $"{NumberText.Significant(row.Evsi.Value)} ± {NumberText.Significant(row.Evsi.StandardError)}",
                row.PopulationEvsi is { } pe ? M(pe) : "–", row.Cost is { } c ? M(c) : "–", row.Enbs is { } e ? M(e) : "–", ReferenceEquals(row, optimal) ? "[green]optimal[/]" : "");
        console.Write(table);
        console.MarkupLineInterpolated($"EVPI per patient from the same draws (the most any study could be worth): {NumberText.Significant(value.Evpi)}");
        if (run.Population is not null)
            console.MarkupLine(Markup.Escape(run.CountDelay
                ? $"Population: {run.Population.PerYear:N0} patients a year for {run.Population.Years} years; only those after a trial's analysis benefit from it (--no-delay counts all)."
                : $"Population: {run.Population.PerYear:N0} patients a year for {run.Population.Years} years, all counted as benefiting at once (--no-delay: an upper bound)."));
        if (run.Population is null) console.MarkupLine("[grey]No --population/--years: EVSI per patient only, no ENBS.[/]");
        else if (run.Cost is null) console.MarkupLine("[grey]The trial section gives no cost (trial.cost: { fixed, per_patient }): no ENBS or optimal size.[/]");
        else if (optimal is null) console.MarkupLine("[yellow]No size simulated has a positive ENBS: at this cost the trial is not worth running.[/]");
        else if (ReferenceEquals(optimal, value.Sizes[^1])) console.MarkupLine("[yellow]The largest size simulated is the best: the optimum may lie beyond it (try larger --sizes).[/]");
        var analysis = evsi.Psa.Analysis;
        string timing =
            $"net benefits: {analysis.Draws:N0} draws × {run.PatientsPerDraw:N0} patients × {analysis.Strategies.Count} strategies in {evsi.PsaTime.TotalSeconds:F1} s ({analysis.Draws / Math.Max(evsi.PsaTime.TotalSeconds, 1e-9):N0} draws/s); " +
            $"trials: {evsi.Trials.Draws:N0} draws × {value.Sizes.Count} sizes (up to {evsi.Trials.Stride:N0} patients) in {evsi.TrialTime.TotalSeconds:F1} s ({evsi.Trials.Draws / Math.Max(evsi.TrialTime.TotalSeconds, 1e-9):N0} draws/s); " +
            $"seed {run.Seed}; sha256 {run.Sha256[..12]}…; hccsim {run.Version}";
        console.MarkupLine("[grey]" + Markup.Escape(timing) + "[/]");
    }

    private static string M(double x) => x.ToString("N0", CultureInfo.InvariantCulture);
}
