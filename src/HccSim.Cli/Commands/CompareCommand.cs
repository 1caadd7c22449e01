using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HccSim.Core.Analytic;
using HccSim.Core.Cycles;
using HccSim.Core.Engine;
using HccSim.Reporting;
using HccSim.Reporting.Publishing;
using HccSim.Scenarios;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>`hccsim compare SCENARIO`: the continuous microsimulation beside the cohort trace and, where it exists, the exact solution.</summary>
internal static class CompareCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML)" };
        var cycle = Options.Text("--cycle", "Cycle length in months for the cohort trace (default: the scenario's cycle, else 1)");
        var output = Options.Text("--out", "Folder for compare.csv (default: results/<scenario>/compare)");
        var cohort = new Options.Cohort();
        var command = new Command("compare",
            "Run one scenario three ways — continuous-time microsimulation, cycle-based cohort trace, and (for a time-homogeneous model) " +
            "the exact matrix-exponential solution — and show each outcome side by side with the microsimulation's distance in standard errors; " +
            "write the table, in full precision, to compare.csv.\n\n" +
            "Examples:\n  hccsim compare scenarios/examples/reference-chain.yaml --cycle 0.25 --patients 100000\n" +
            "  hccsim compare scenarios/examples/sick-sicker.yaml --out results/sick-sicker-compare\n\n" + ExitCodes.Help)
        {
            file, cycle, output,
        };
        foreach (var option in cohort.All) command.Options.Add(option);
        command.SetAction(result =>
        {
            var scenario = ScenarioLoader.Load(result.GetValue(file)!);
            double months = 1;
            if (result.GetValue(cycle) is { } text)
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out months) || !(months > 0))
                    throw new UsageException($"--cycle expects a number of months > 0 (got '{text}')");
            }
            else if (scenario.Cycle is { } c) months = c.CycleMonths;
            var settings = new CycleSettings(months, scenario.Cycle?.Correction ?? WithinCycleCorrection.LifeTable);
            var problems = settings.Problems(scenario.HorizonMonths).ToArray();
            if (problems.Length > 0) throw new UsageException(string.Join("; ", problems));
            var (patients, seed, threads) = cohort.Read(result, scenario);
            string folder = result.GetValue(output) ?? Path.Combine("results", scenario.Name, "compare");
            var options = new SimulationOptions { Patients = patients, Seed = seed, Threads = threads, Cancellation = context.Cancellation };
            using var claimed = ResultPublishing.Claim(folder, "compare");
            var clock = Stopwatch.StartNew();
            IReadOnlyList<MethodRow> rows;
            try { rows = MethodComparison.Compare(scenario.RequireSimulated(), options, settings); }
            catch (InvalidOperationException e) { throw new UsageException($"{scenario.File}: {e.Message}"); }
            clock.Stop();
            context.Cancellation.ThrowIfCancellationRequested();
            var stamp = new RunStamp(Program.Version, scenario.Name, scenario.File, scenario.Sha256, seed, patients, threads, clock.Elapsed.TotalSeconds, DateTimeOffset.UtcNow)
            {
                Method = string.Join(", ", RunMethods.Names), CycleMonths = months, Correction = WithinCycleCorrectionNames.Of(settings.Correction),
            };
            var staged = ResultPublishing.Stage(claimed, () => new[] { CompareWriter.Write(claimed.Staging, stamp, rows) });
            string written = ResultPublishing.Publish(claimed, staged, new[] { "compare.csv" }, report: false)[0];
            var table = new Table().Title($"[bold]{Markup.Escape(scenario.Name)}[/]: {options.Patients:N0} patients; trace cycle {months:0.###} months ({settings.Correction})")
                .AddColumns("strategy", "outcome", "microsimulation ± SE", "exact", "z", "cycle microsimulation ± SE", "cohort trace", "z (cycles)");
            foreach (var r in rows)
                table.AddRow(Markup.Escape(r.Strategy), Markup.Escape(r.Outcome), $"{r.Microsimulation:G6} ± {r.StandardError:G2}",
                    r.Exact is { } e ? $"{e:G6}" : "–", r.ZScore is { } z ? $"{z:0.00}" : "–",
                    $"{r.CycleMicrosimulation:G6} ± {r.CycleStandardError:G2}", $"{r.CohortTrace:G6}", r.CycleZScore is { } cz ? $"{cz:0.00}" : "–");
            context.Console.Write(table);
            context.Console.MarkupLine("[grey]z: the continuous microsimulation against the exact solution; z (cycles): the cycle microsimulation against the cohort trace — each in Monte Carlo standard errors. " +
                "The cycle methods differ from the continuous ones by the discretisation a cycle brings.[/]");
            context.Console.MarkupLineInterpolated($"[grey]wrote {written}[/]");
            return ExitCodes.Success;
        });
        return command;
    }
}
