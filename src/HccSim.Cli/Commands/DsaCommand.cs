using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using HccSim.Analysis.Uncertainty;
using HccSim.Core.Outcomes;
using HccSim.Reporting;
using HccSim.Reporting.Publishing;
using HccSim.Scenarios;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>`hccsim dsa SCENARIO`: one-way sensitivity (tornado) over the uncertainty section's parameters, and a two-way grid.</summary>
internal static class DsaCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML) with an uncertainty section" };
        var cohort = new Options.Cohort();
        var outcome = Options.Text("--outcome", "What the bars show: inmb (default: incremental net benefit of the best base-case strategy over the runner-up), nmb:STRATEGY, or STRATEGY:OUTCOME (e.g. tace:os_median)");
        var wtp = Options.Text("--wtp", "Willingness to pay per QALY for net benefit (default: the scenario's)");
        var twoWay = Options.Text("--two-way", "Two parameters for a two-way grid, 'PATH_X;PATH_Y' (paths as in the uncertainty section)");
        var steps = Options.Text("--steps", "Grid points per parameter of the two-way analysis (default 5)");
        var output = Options.Text("--out", "Folder for the results (default: results/<scenario>/dsa)");
        var command = new Command("dsa",
            "Deterministic sensitivity analysis: each uncertain parameter at its low and high values (the uncertainty section's low/high, else its distribution's 2.5th and 97.5th percentiles), the others at their " +
            "written values, on the same patients; a tornado table on net benefit or any outcome, and optionally a two-way grid.\n\n" +
            "Examples:\n  hccsim dsa scenarios/intermediate-stage.yaml --patients 20000\n  hccsim dsa scenarios/intermediate-stage.yaml --outcome tiered:discounted_qalys\n\n" + ExitCodes.Help)
        {
            file, outcome, wtp, twoWay, steps, output,
        };
        foreach (var option in cohort.All) command.Options.Add(option);
        command.SetAction(result =>
        {
            string path = result.GetValue(file)!;
            var definition = ScenarioLoader.Define(path);
            var scenario = definition.Scenario;
            if (scenario.Uncertainty is null)
                throw new UsageException($"{path} has no 'uncertainty' section: no parameter has a range to vary (see docs/scenario-format.md)");
            var (n, seed, threads) = cohort.Read(result, scenario);
            if (result.GetValue(cohort.Patients) is null) n = Math.Min(n, 20_000);
            double? lambda = Options.Positive(result, wtp) ?? scenario.Economics.WillingnessToPay;
            (string, string, int)? grid = null;
            if (result.GetValue(twoWay) is { } tw)
            {
                var parts = tw.Split(';', StringSplitOptions.TrimEntries);
                if (parts.Length != 2) throw new UsageException($"--two-way expects 'PATH_X;PATH_Y' (got '{tw}')");
                grid = (parts[0], parts[1], Options.Whole(result, steps, 2, 50) ?? 5);
            }
            string outDir = result.GetValue(output) ?? Path.Combine("results", scenario.Name, "dsa");
            if (File.Exists(outDir)) throw new UsageException($"--out {outDir} is a file (expected a folder for the results)");

            using var folder = ResultPublishing.Claim(outDir, "dsa");
            var clock = Stopwatch.StartNew();
            DsaResult dsa;
            int totalRuns = 1 + 2 * scenario.Uncertainty.Parameters.Count + (grid is { } g ? g.Item3 * g.Item3 : 0);
            try
            {
                dsa = ProgressDisplay.Run(context, $"one-way sensitivity of {scenario.Name}", totalRuns, "runs", progress =>
                    DsaRunner.Run(definition, n, seed, threads, result.GetValue(outcome) ?? "inmb", lambda, grid, context.Cancellation, progress));
            }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            clock.Stop();
            // Parameters that change nothing (overridden elsewhere, or unused) and strategies the analysis leaves out are said, not hidden.
            foreach (var idle in dsa.WithoutEffect)
                context.Error.WriteLine($"hccsim: warning: {idle}: setting it to its high value changes no strategy's costs, QALYs or life-years on 1,000 patients (is it overridden by the scenario, or unused?)");
            if (scenario.Partitioned.Count > 0)
                context.Error.WriteLine($"hccsim: warning: partitioned-survival strategies ({string.Join(", ", scenario.Partitioned.Select(x => x.Name))}) are solved from their curves and are not in this analysis");

            var stamp = new RunStamp(Program.Version, scenario.Name, scenario.File, scenario.Sha256, seed, n, threads, clock.Elapsed.TotalSeconds, DateTimeOffset.UtcNow);
            var staged = ResultPublishing.Stage(folder, () => DsaWriter.Write(folder.Staging, stamp, dsa));
            var written = ResultPublishing.Publish(folder, staged, DsaWriter.Files, report: true).Select(p => Path.GetFileName(p)).ToList();

            var table = new Table().Title($"one-way sensitivity of {Markup.Escape(dsa.Outcome)} (base {F(dsa.BaseOutcome)}); each parameter at its low and high values")
                .AddColumns("parameter", "low → high", "outcome at low", "outcome at high", "range", "");
            double widest = dsa.Tornado.Count > 0 ? Math.Max(dsa.Tornado[0].Range, 1e-300) : 1;
            foreach (var b in dsa.Tornado)
                table.AddRow(Markup.Escape(b.Parameter), $"{F(b.Low)} → {F(b.High)}", F(b.OutcomeAtLow), F(b.OutcomeAtHigh), F(b.Range), new string('█', (int)Math.Round(20 * b.Range / widest)));
            context.Console.Write(table);
            if (dsa.Omitted.Count > 0) context.Console.MarkupLineInterpolated($"[grey]not in the tornado (shares that must sum to 1 are not varied one at a time): {string.Join(", ", dsa.Omitted)}[/]");
            context.Console.MarkupLineInterpolated($"[grey]{dsa.Tornado.Count * 2 + 1 + dsa.TwoWay.Count} runs of {n:N0} patients in {clock.Elapsed.TotalSeconds:F1} s; seed {seed}; sha256 {scenario.Sha256[..12]}…; wrote {string.Join(", ", written)} to {outDir}[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string F(double x) => double.IsFinite(x) ? (Math.Abs(x) >= 100 ? x.ToString("N0", CultureInfo.InvariantCulture) : x.ToString("0.####", CultureInfo.InvariantCulture)) : "–";
}
