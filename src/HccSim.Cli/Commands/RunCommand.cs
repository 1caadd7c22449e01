using HccSim.Analysis.Economics;
using HccSim.Analysis.Runs;
using HccSim.Analysis.Summaries;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HccSim.Core.Analytic;
using HccSim.Core.Compilation;
using HccSim.Core.Cycles;
using HccSim.Core.Engine;
using HccSim.Core.Model;
using HccSim.Core.Outcomes;
using HccSim.Reporting;
using HccSim.Reporting.Publishing;
using HccSim.Scenarios;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>`hccsim run SCENARIO`: simulate the cohort under every strategy and write tidy results.</summary>
internal static class RunCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML)" };
        var cohort = new Options.Cohort();
        var strategies = Options.Text("--strategies", "Comma-separated strategies to run (default: all); each strategy's results are the same whichever others run");
        var output = Options.Text("--out", "Folder for the results (default: results/<scenario>)");
        var trajectories = Options.Text("--trajectories", "Also write trajectories.csv for the first N patients");
        var profile = Options.Text("--profile", "NAME: draw the patients from one of the cohort's profiles (cohort.profiles: another population for the same model, e.g. a trial's; default folder results/<scenario>/profile-NAME)");
        var subgroup = Options.Text("--subgroup", "ATTR=LEVEL[,ATTR=LEVEL]: run only the patients with these levels of categorical attributes (targets about exactly that subgroup are judged; default folder results/<scenario>/subgroup-ATTR-LEVEL)");
        var shard = Options.Text("--shard", "I/N: simulate only shard I (0-based) of N — patients ⌊P·I/N⌋ to ⌊P·(I+1)/N⌋ − 1 — and write run.shard-I-of-N.bin (exact tallies) for hccsim merge");
        var method = Options.Text("--method", "continuous (microsimulation in continuous time), cycle (microsimulation in cycles), cohort (Markov cohort trace) or exact " +
            "(matrix exponential; time-homogeneous models only); default: the scenario's cycle.method, else continuous. Every method writes the same files");
        var cycle = Options.Text("--cycle", "Cycle length in months for --method cycle, cohort or exact (the exact method's curve step); default: the scenario's cycle, else 1. " +
            "The within-cycle correction is the scenario's (default life_table)");
        var command = new Command("run",
            "Simulate a scenario's cohort under each strategy; print a summary and write summary.csv, curves.csv, targets.csv and summary.json.\n\n" +
            "Examples:\n  hccsim run scenarios/tace.yaml\n  hccsim run scenarios/tace.yaml --patients 1000000 --seed 7 --threads 2\n" +
            "  hccsim run scenarios/examples/reference-chain.yaml --out results/chain --trajectories 1000\n" +
            "  hccsim run scenarios/intermediate-stage.yaml --subgroup burden=beyond_up_to_seven\n" +
            "  hccsim run scenarios/intermediate-stage.yaml --profile imbrave150\n" +
            "  hccsim run scenarios/examples/sick-sicker.yaml --method cycle --patients 100000\n\n" + ExitCodes.Help)
        {
            file, strategies, output, trajectories, subgroup, profile, shard, method, cycle,
        };
        foreach (var option in cohort.All) command.Options.Add(option);
        command.SetAction(result =>
        {
            var times = PhaseTimes.Start();
            var scenario = ScenarioLoader.Load(result.GetValue(file)!, result.GetValue(profile));
            times?.Mark("load");
            var (n, seed, threads) = cohort.Read(result, scenario);
            var levels = ParseSubgroup(result.GetValue(subgroup));
            string folder = Path.Combine("results", scenario.Name);
            if (result.GetValue(profile) is not null && scenario.Profile is { } p) folder = Path.Combine(folder, "profile-" + p);
            if (levels.Count > 0) folder = Path.Combine(folder, "subgroup-" + string.Join("-", levels.Select(l => $"{l.Attribute}-{l.Level}")));
            var settings = new RunSettings(
                Patients: n,
                Seed: seed,
                Threads: threads,
                Strategies: result.GetValue(strategies) is { } list ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null,
                Output: result.GetValue(output) ?? folder,
                Trajectories: Options.Whole(result, trajectories, 0, n) ?? 0) { Subgroup = levels };
            settings = ReadMethod(result, method, cycle, scenario, settings);
            if (result.GetValue(shard) is { } shardText)
            {
                var (i, count) = Shard.Parse(shardText);
                return RunShard(context, scenario, settings, result.GetValue(file)!, i, count);
            }
            return Run(context, scenario, settings, times);
        });
        return command;
    }

    internal sealed record RunSettings(int Patients, ulong Seed, int Threads, string[]? Strategies, string Output, int Trajectories)
    {
        public IReadOnlyList<(string Attribute, string Level)> Subgroup { get; init; } = Array.Empty<(string, string)>();
        public RunMethod Method { get; init; } = RunMethod.Continuous;
        /// <summary>The cycle of a cycle, cohort or exact run; null for continuous.</summary>
        public CycleSettings? Cycle { get; init; }
    }

    /// <summary>--method (else the scenario's cycle.method, else continuous) and --cycle (else the scenario's cycle, else 1 month), checked.</summary>
    private static RunSettings ReadMethod(ParseResult result, Option<string?> methodOption, Option<string?> cycleOption, Scenario scenario, RunSettings settings)
    {
        RunMethod method = scenario.Method ?? RunMethod.Continuous;
        if (result.GetValue(methodOption) is { } text)
            method = RunMethods.Parse(text.Trim().ToLowerInvariant())
                ?? throw new UsageException($"--method expects one of {string.Join(", ", RunMethods.Names)} (got '{text}')");
        double? months = null;
        if (result.GetValue(cycleOption) is { } cycleText)
        {
            if (!method.UsesCycles())
                throw new UsageException($"--cycle sets the cycle of --method cycle, cohort or exact; the continuous method has none (got --cycle {cycleText} with --method continuous)");
            months = double.TryParse(cycleText, NumberStyles.Float, CultureInfo.InvariantCulture, out double m) && m > 0 && double.IsFinite(m)
                ? m : throw new UsageException($"--cycle expects a number of months > 0 (got '{cycleText}')");
        }
        if (!method.UsesCycles()) return settings with { Method = method };
        var cycle = new CycleSettings(months ?? scenario.Cycle?.CycleMonths ?? 1, scenario.Cycle?.Correction ?? WithinCycleCorrection.LifeTable);
        var problems = cycle.Problems(scenario.HorizonMonths).ToArray();
        if (problems.Length > 0)
            throw new UsageException($"{(months is null ? (scenario.Cycle is null ? "the default 1-month cycle" : $"{scenario.File}: cycle") : "--cycle")}: {string.Join("; ", problems)} (for --method {method.Name()})");
        return settings with { Method = method, Cycle = cycle };
    }

    /// <summary>--subgroup burden=beyond_up_to_seven,albi=grade_1 → (attribute, level) pairs, each attribute once.</summary>
    private static IReadOnlyList<(string Attribute, string Level)> ParseSubgroup(string? text)
    {
        if (text is null) return Array.Empty<(string, string)>();
        var pairs = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p =>
        {
            var kv = p.Split('=', StringSplitOptions.TrimEntries);
            return kv.Length == 2 && kv[0].Length > 0 && kv[1].Length > 0 ? (kv[0], kv[1])
                : throw new UsageException($"--subgroup expects ATTR=LEVEL pairs separated by commas, e.g. burden=beyond_up_to_seven (got '{text}')");
        }).ToArray();
        if (pairs.Length == 0) throw new UsageException($"--subgroup expects ATTR=LEVEL pairs separated by commas, e.g. burden=beyond_up_to_seven (got '{text}')");
        if (pairs.GroupBy(p => p.Item1).FirstOrDefault(g => g.Count() > 1) is { } twice) throw new UsageException($"--subgroup names attribute '{twice.Key}' twice (expected one level per attribute)");
        return pairs;
    }

    /// <summary>One shard of a run: its block of patients through every strategy, as exact tallies cut by the subgroups the targets need.</summary>
    private static int RunShard(CommandContext context, Scenario scenario, RunSettings settings, string path, int index, int count)
    {
        var clock = Stopwatch.StartNew();
        SimulationResult run;
        try { run = ScenarioRun.RunShard(scenario, Request(context, settings), index, count); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        clock.Stop();
        long from = (long)settings.Patients * index / count, to = (long)settings.Patients * (index + 1) / count;
        string partial = RunPartial.Write(settings.Output, Program.Version, scenario, Path.GetFullPath(path), settings, index, count, run);
        context.Console.MarkupLineInterpolated($"shard {index}/{count}: patients {from:N0}–{to - 1:N0}{(run.Options.Partition is { } cut ? $" tallied in {cut.CellCount} subgroup cells" : "")} in {clock.Elapsed.TotalSeconds:F1} s; wrote {partial} ({new FileInfo(partial).Length:N0} bytes)");
        return ExitCodes.Success;
    }

    /// <summary>hccsim merge of run shards: the merged tallies written as one run writes them.</summary>
    internal static int Merged(CommandContext context, Scenario scenario, RunSettings settings, SimulationResult result)
    {
        using var folder = ResultPublishing.Claim(settings.Output, "run");
        // No time of its own to report: each shard printed its own, and a merge simulates nothing.
        return Finish(context, folder, scenario, settings, ScenarioRun.FromMerged(scenario, Request(context, settings), result), elapsed: null);
    }

    private static RunRequest Request(CommandContext context, RunSettings settings, IProgress<long>? progress = null)
        => new(settings.Patients, settings.Seed, settings.Threads)
        {
            Strategies = settings.Strategies, Trajectories = settings.Trajectories, Subgroup = settings.Subgroup, Progress = progress, Cancellation = context.Cancellation,
            Method = settings.Method, Cycle = settings.Cycle,
        };

    private static int Run(CommandContext context, Scenario scenario, RunSettings settings, PhaseTimes? times = null)
    {
        // Claimed before simulating: a folder another hccsim writes, or one that cannot be written, fails at once.
        using var folder = ResultPublishing.Claim(settings.Output, "run");
        var clock = Stopwatch.StartNew();
        RunOutcome outcome;
        // The cohort trace and the exact solution have no patients to count: no bar.
        long total = settings.Method.IsExpectation() ? 0 : settings.Patients;
        try { outcome = ProgressDisplay.Run(context, $"simulating {scenario.Name}", total, "patients", progress => ScenarioRun.Run(scenario, Request(context, settings, progress))); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        clock.Stop();
        foreach (var warning in outcome.Partitioned.SelectMany(p => p.Warnings)) context.Error.WriteLine($"hccsim: warning: {warning}");
        foreach (var line in outcome.Unjudged) context.Error.WriteLine($"hccsim: note: target not judged by the {settings.Method.Name()} method: {line}");
        times?.Mark("simulate and summarise");
        int code = Finish(context, folder, scenario, settings, outcome, clock.Elapsed, times);
        times?.Print(context.Error);
        return code;
    }

    private static int Finish(CommandContext context, OutputFolder folder, Scenario scenario, RunSettings settings, RunOutcome outcome, TimeSpan? elapsed,
        PhaseTimes? times = null)
    {
        // An expectation (cohort trace, exact solution) has no patients: the stamp says 0 rather than the unused cohort size.
        int patients = settings.Method.IsExpectation() ? 0 : settings.Patients;
        var stamp = new RunStamp(Program.Version, scenario.Name, scenario.File, scenario.Sha256, settings.Seed, patients,
            settings.Threads, elapsed?.TotalSeconds ?? 0, DateTimeOffset.UtcNow)
        {
            Subgroup = string.Join(", ", settings.Subgroup.Select(l => $"{l.Attribute}={l.Level}")),
            Profile = scenario.Profile ?? "",
            Method = settings.Method.Name(),
            CycleMonths = settings.Cycle?.CycleMonths,
            Correction = settings.Cycle is null ? null : settings.Method == RunMethod.Exact ? "exact integrals" : WithinCycleCorrectionNames.Of(settings.Cycle.Correction),
        };
        var tables = outcome.Tables;
        context.Cancellation.ThrowIfCancellationRequested();
        var staged = ResultPublishing.Stage(folder, () => ResultWriter.Write(folder.Staging, stamp, outcome.Result, tables));
        times?.Mark("write CSV and JSON");
        var written = ResultPublishing.Publish(folder, staged, ResultWriter.Files, report: true);
        times?.Mark("report and publish");

        PrintSummary(context.Console, scenario, outcome.Result, tables, Title(scenario, settings, outcome));
        if (elapsed is not { } time)
            context.Console.MarkupLineInterpolated(
                $"[grey]{settings.Patients:N0} patients × {tables.Strategies.Count} strategies merged from shards; seed {settings.Seed}; sha256 {scenario.Sha256[..12]}…; hccsim {Program.Version}[/]");
        else if (settings.Method.IsExpectation())
            context.Console.MarkupLineInterpolated(
                $"[grey]{tables.Strategies.Count} strategies by the {MethodWords(settings.Method)} in {time.TotalSeconds:F2} s; sha256 {scenario.Sha256[..12]}…; hccsim {Program.Version}[/]");
        else
            context.Console.MarkupLineInterpolated(
                $"[grey]{settings.Patients:N0} patients × {tables.Strategies.Count} strategies in {time.TotalSeconds:F2} s on {settings.Threads} threads ({settings.Patients / Math.Max(time.TotalSeconds, 1e-9):N0} patients/s); seed {settings.Seed}; sha256 {scenario.Sha256[..12]}…; hccsim {Program.Version}[/]");
        context.Console.MarkupLineInterpolated($"[grey]wrote {string.Join(", ", written.Select(Path.GetFileName))} to {settings.Output}[/]");
        return ExitCodes.Success;
    }

    private static string MethodWords(RunMethod method) => method switch
    {
        RunMethod.Cycle => "cycle microsimulation",
        RunMethod.Cohort => "Markov cohort trace",
        RunMethod.Exact => "exact matrix-exponential solution",
        _ => "continuous-time microsimulation",
    };

    /// <summary>The summary table's title: the cohort, and how its numbers were reached.</summary>
    private static string Title(Scenario scenario, RunSettings settings, RunOutcome outcome)
    {
        string name = $"[bold]{Markup.Escape(scenario.Name)}[/]";
        if (outcome.Result is { } r) return $"{name}: {r.Options.Patients:N0}-patient cohort";
        if (settings.Cycle is not { } c || outcome.CycleResults.Count == 0) return $"{name}: partitioned survival";
        string cycle = $"{c.CycleMonths.ToString("0.###", CultureInfo.InvariantCulture)}-month {(settings.Method == RunMethod.Exact ? "steps, rewards integrated exactly" : $"cycles, {WithinCycleCorrectionNames.Of(c.Correction)} correction")}";
        return settings.Method == RunMethod.Cycle
            ? $"{name}: {settings.Patients:N0}-patient cycle microsimulation, {cycle}"
            : $"{name}: {MethodWords(settings.Method)}, {cycle}";
    }

    /// <summary>A strategy whose PFS curve is 0 throughout (no progression-free state, whatever the method): no median to print.</summary>
    private static bool NeverProgressionFree(ResultTables tables, string strategy)
    {
        var pfs = tables.Curves.Where(c => c.Strategy == strategy && c.Curve == "pfs").ToList();
        return pfs.Count > 0 && pfs.All(c => c.Value == 0);
    }

    private static string Bound(double x) => double.IsNaN(x) ? "not reached" : x.ToString("0.###", CultureInfo.InvariantCulture);

    private static void PrintSummary(IAnsiConsole console, Scenario scenario, SimulationResult? result, ResultTables tables, string title)
    {
        string currency = scenario.Economics.Currency;
        var byKey = tables.Summary.ToDictionary(r => (r.Strategy, r.Outcome));
        string Cell(string strategy, string outcome, Func<SummaryRow, string> format)
            => byKey.TryGetValue((strategy, outcome), out var row) && double.IsFinite(row.Value) ? format(row) : "–";
        static string Ci(SummaryRow r, string f) => r.StandardError == 0 ? r.Value.ToString(f, CultureInfo.InvariantCulture) // an expectation: no interval
            : double.IsFinite(r.Lower)
            ? $"{r.Value.ToString(f, CultureInfo.InvariantCulture)} ({r.Lower.ToString(f, CultureInfo.InvariantCulture)}–{r.Upper.ToString(f, CultureInfo.InvariantCulture)})"
            : r.Value.ToString(f, CultureInfo.InvariantCulture) + " (upper not reached)";
        static string Pct(SummaryRow r) => (r.Value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

        var table = new Table().Title(title)
            .AddColumns("strategy", "median OS, months (95% CI)", "median PFS, months (95% CI)", "OS 1 / 3 / 5 y", "CFDF ever / at 3 y",
                "life-years", "QALYs (disc.)", $"costs{(currency.Length > 0 ? ", " + currency : "")} (disc.)");
        foreach (var (s, label) in tables.Strategies)
        {
            table.AddRow(
                Markup.Escape(label == s ? s : $"{s}\n{label}"),
                Cell(s, "os_median", x => Ci(x, "0.0")),
                NeverProgressionFree(tables, s) ? "– (never progression-free)" : Cell(s, "pfs_median", x => Ci(x, "0.0")),
                $"{Cell(s, "os_at(12)", Pct)} / {Cell(s, "os_at(36)", Pct)} / {Cell(s, "os_at(60)", Pct)}",
                $"{Cell(s, "cfdf_ever", Pct)} / {Cell(s, "cfdf_at(36)", Pct)}",
                Cell(s, "life_years", x => x.Value.ToString("0.00", CultureInfo.InvariantCulture)),
                Cell(s, "qalys", x => x.Value.ToString("0.00", CultureInfo.InvariantCulture)) + " (" + Cell(s, "discounted_qalys", x => x.Value.ToString("0.00", CultureInfo.InvariantCulture)) + ")",
                Cell(s, "costs", x => x.Value.ToString("N0", CultureInfo.InvariantCulture)) + " (" + Cell(s, "discounted_costs", x => x.Value.ToString("N0", CultureInfo.InvariantCulture)) + ")");
        }
        console.Write(table);

        var tags = result?.Model.TagNames ?? Array.Empty<string>();
        if (tags.Count > 0)
        {
            var tagTable = new Table().Title("tagged events: share of patients ever").AddColumn("strategy");
            foreach (var t in tags) tagTable.AddColumn(Markup.Escape(t));
            foreach (var (s, _) in tables.Strategies.Where(x => result!.Strategies.Any(r => r.Strategy == x.Name)))
                tagTable.AddRow(new[] { Markup.Escape(s) }.Concat(tags.Select(t => Cell(s, $"tagged_ever({t})", Pct))).ToArray());
            console.Write(tagTable);
        }

        if (tables.Incremental is { } icer)
        {
            static string M(double x) => double.IsFinite(x) ? x.ToString("N0", CultureInfo.InvariantCulture) : "–";
            static string Q(double x) => double.IsFinite(x) ? x.ToString("0.000", CultureInfo.InvariantCulture) : "–";
            string unit = currency.Length > 0 ? currency + " " : "";
            var incremental = new Table()
                .Title($"incremental analysis (discounted, per patient){(icer.WillingnessToPay is { } w ? $"; net monetary benefit at {unit}{w.ToString("N0", CultureInfo.InvariantCulture)}/QALY" : "")}")
                .AddColumns("strategy", "cost", "QALYs", "Δ cost", "Δ QALYs", $"ICER, {unit}per QALY", "status");
            if (icer.WillingnessToPay is not null) incremental.AddColumn("NMB");
            foreach (var r in icer.Rows)
            {
                string status = r.Status switch
                {
                    Dominance.Strict => $"dominated by {r.DominatedBy[0]}",
                    Dominance.Extended => $"extendedly dominated ({r.DominatedBy[0]}, {r.DominatedBy[1]})",
                    _ => r.Comparator is null ? "frontier (reference)" : $"frontier, vs {r.Comparator}",
                };
                var cells = new List<string> { Markup.Escape(r.Outcome.Strategy), M(r.Outcome.Cost), Q(r.Outcome.Qalys), M(r.IncrementalCost), Q(r.IncrementalQalys), M(r.Icer), Markup.Escape(status) };
                if (icer.WillingnessToPay is not null) cells.Add(M(r.NetMonetaryBenefit) + (icer.Optimal == r.Outcome.Strategy ? " [green](best)[/]" : ""));
                incremental.AddRow(cells.ToArray());
            }
            console.Write(incremental);
        }

        // Calibration targets first, then the external figures the scenario was never fitted to, in a table of their own.
        foreach (var (rows, heading) in new[]
        {
            (tables.Targets.Where(t => t.Role != "validation").ToList(), "simulated vs published targets"),
            (tables.Targets.Where(t => t.Role == "validation").ToList(), "external validation: published figures never calibrated to"),
        })
        {
            if (rows.Count == 0) continue;
            static string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
            var conflicts = rows.Where(t => t.Conflict is not null).Select(t => t.Conflict!).Distinct().ToList();
            var targets = new Table().Title(heading).AddColumns("strategy", "outcome (subgroup)", "published", "simulated (95% CI)", "inside", "source");
            foreach (var t in rows)
                targets.AddRow(Markup.Escape(t.Strategy), Markup.Escape(t.Subgroup.Length > 0 ? $"{t.Outcome}\n({t.Subgroup}){(t.Patients is { } n ? $"\n{n:N0} patients" : "")}" : t.Outcome),
                    t.TargetLower is { } tl && t.TargetUpper is { } tu ? $"{F(t.Target)} ({F(tl)}–{F(tu)})" : F(t.Target),
                    !double.IsFinite(t.Simulated) ? "not reached"
                        : t.Lower == t.Upper ? t.Simulated.ToString("0.###", CultureInfo.InvariantCulture) // an expectation: no interval
                        : $"{t.Simulated.ToString("0.###", CultureInfo.InvariantCulture)} ({Bound(t.Lower)}–{Bound(t.Upper)})",
                    t.Conflict is not null ? $"[yellow]{(t.Inside is true ? "yes, though marked in conflict" : "residual")} (conflict {conflicts.IndexOf(t.Conflict) + 1})[/]" :
                    t.Inside is true ? (t.ByTolerance ? $"[yellow]within ±{t.Tolerance!.Value.ToString("0.###", CultureInfo.InvariantCulture)}[/]" : "[green]yes[/]") : t.Inside is false ? "[red]no[/]" : "–",
                    Markup.Escape(t.ByTolerance ? $"{t.Source} (tolerance: {t.ToleranceReason})" : t.Source));
                // (an interval end printed as ∞ was not reached within the horizon)
            console.Write(targets);
            // Reasons in full below the table: a figure the scenario knowingly does not follow, and why.
            for (int i = 0; i < conflicts.Count; i++) console.MarkupLine($"[yellow]conflict {i + 1}:[/] {Markup.Escape(conflicts[i])}");
        }
    }
}
