using System.Globalization;
using System.CommandLine;
using System.Diagnostics;
using HccSim.Reporting;
using HccSim.Scenarios;
using HccSim.Analysis.Sweeps;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>`hccsim sweep SCENARIO --set PATH=VALUES…`: a grid, one-way or Latin-hypercube design over any numbers of the scenario; resumable.</summary>
internal static class SweepCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML)" };
        var set = new Option<string[]>("--set") { Description = "PATH=VALUES, repeatable (PATH & PATH=VALUES ties places that move together): 0.02..0.10 step 0.02, 0.02..0.10 5 points, 0.02,0.05,0.1, or a range 0.02..0.10 for a Latin hypercube (values in the unit the file writes)", AllowMultipleArgumentsPerToken = false, Arity = ArgumentArity.OneOrMore };
        var design = Options.Text("--design", "grid (default: every combination), oneway (one parameter at a time, the others as written) or lhs (Latin hypercube)");
        var points = Options.Text("--points", "Points of a Latin hypercube");
        var outcomes = Options.Text("--outcomes", $"Comma-separated outcomes per strategy (default: {string.Join(",", SweepRunner.DefaultOutcomes)})");
        var cohort = new Options.Cohort();
        var output = Options.Text("--out", "Folder for sweep.csv (default: results/<scenario>/sweep); rerunning the same sweep there resumes it");
        var force = new Option<bool>("--force") { Description = "Replace a sweep of another design found in the --out folder (by default it is kept, and this sweep refused)" };
        var shard = Options.Text("--shard", "I/N: run only shard I (0-based) of N — points ⌊P·I/N⌋ to ⌊P·(I+1)/N⌋ − 1 — into sweep.shard-I-of-N.csv for hccsim merge");
        var command = new Command("sweep",
            "Run a scenario over a design of parameter values: one row per design point and strategy in sweep.csv, written as points finish; " +
            "an interrupted sweep rerun with the same options keeps its finished points and runs the rest.\n\n" +
            "Examples:\n  hccsim sweep scenarios/abc-conversion.yaml --set \"strategies.abc_conversion.transitions[partial_response->conversion].delay=1..12 step 1\" --patients 20000\n" +
            "  hccsim sweep scenarios/conversion-timing.yaml --set \"strategies.convert_at_month.transitions[partial_response->decide_response].delay & strategies.convert_at_month.transitions[stable_disease->decide_stable].delay=1,3,6,12,24\"\n" +
            "  hccsim sweep scenarios/tiered.yaml --design lhs --points 200 --set \"strategies.curative_if_eligible.chance.eligibility.to.liver_check=0.375..0.75\" --set \"strategies.curative_first.chance.resection.cost=15000..40000\"\n\n" + ExitCodes.Help)
        {
            file, set, design, points, outcomes, output, force, shard,
        };
        foreach (var option in cohort.All) command.Options.Add(option);
        command.SetAction(result =>
        {
            string path = result.GetValue(file)!;
            var definition = ScenarioLoader.Define(path);
            var scenario = definition.Scenario;
            var (n, seed, threads) = cohort.Read(result, scenario);
            if (result.GetValue(cohort.Patients) is null) n = Math.Min(n, 20_000);
            var sets = result.GetValue(set) ?? Array.Empty<string>();
            if (sets.Length == 0) throw new UsageException("sweep needs at least one --set PATH=VALUES");
            var parameters = sets.Select(s => SweepDesign.ParseSet(s, out var error) ?? throw new UsageException(error!)).ToList();
            var dup = parameters.SelectMany(p => p.Places).GroupBy(p => p.Text).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null) throw new UsageException($"--set names {dup.Key} twice (expected each parameter once)");
            var kind = (result.GetValue(design) ?? "grid") switch
            {
                "grid" => DesignKind.Grid,
                "oneway" or "one-way" => DesignKind.OneWay,
                "lhs" => DesignKind.LatinHypercube,
                var other => throw new UsageException($"--design '{other}' is not a design (expected grid, oneway or lhs)"),
            };
            int lhs = Options.Whole(result, points, 2, 1_000_000) ?? (kind == DesignKind.LatinHypercube ? throw new UsageException("a Latin hypercube needs --points N") : 0);
            if (kind != DesignKind.LatinHypercube && parameters.Any(p => p.Values.Count == 0))
                throw new UsageException($"--set {parameters.First(p => p.Values.Count == 0).Name}: a range without step or points gives values only to a Latin hypercube (expected e.g. 0.02..0.10 step 0.02)");
            SweepDesign built;
            try { built = SweepDesign.Build(kind, parameters, lhs, seed); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            // A comma inside parentheses belongs to the outcome: tagged_at(recurrence, 60), occupancy(progressed, 24).
            var outcomeNames = Options.SplitOutsideParentheses(result.GetValue(outcomes)) ?? SweepRunner.DefaultOutcomes;
            if (outcomeNames.Length == 0) throw new UsageException("--outcomes names no outcome (expected e.g. discounted_qalys,os_median)");
            var model = SweepRunner.Parameterise(definition, built);
            SweepRunner.Check(model, built, outcomeNames);

            string outDir = result.GetValue(output) ?? Path.Combine("results", scenario.Name, "sweep");
            if (File.Exists(outDir)) throw new UsageException($"--out {outDir} is a file (expected a folder for the results)");
            var stamp = new RunStamp(Program.Version, scenario.Name, scenario.File, scenario.Sha256, seed, n, threads, 0, DateTimeOffset.UtcNow);
            int strategies = scenario.RequireSimulated().StrategyNames.Count;
            (int Index, int Count)? part = result.GetValue(shard) is null ? null : Shard.Parse(result.GetValue(shard));
            if (part is { } pr && pr.Count > built.Points.Count) throw new UsageException($"--shard {pr.Index}/{pr.Count}: more shards than the {built.Points.Count} design points");
            // The whole sweep holds its folder (a second writer is refused); its rows are its own resumable journal, written as points finish.
            using var claimed = part is null ? ResultPublishing.Claim(outDir, "sweep") : null;
            SweepFile sweep;
            try { sweep = new SweepFile(outDir, stamp, built, outcomeNames, strategies, part); }
            catch (InvalidDataException) when (result.GetValue(force))
            {
                // --force: the other design's file goes, this sweep starts afresh in its place.
                SweepFile.Discard(outDir, part);
                try { sweep = new SweepFile(outDir, stamp, built, outcomeNames, strategies, part); }
                catch (InvalidDataException e) { throw new UsageException(e.Message); }
                context.Console.MarkupLineInterpolated($"[grey]--force: replaced the sweep of another design in {outDir}[/]");
            }
            catch (InvalidDataException e) { throw new UsageException(e.Message + " (or --force to replace it)"); }
            var done = sweep.Done.ToHashSet();
            if (part is { } range)
            {
                // A shard is a contiguous block of points; the others count as done here.
                int from = (int)((long)built.Points.Count * range.Index / range.Count), to = (int)((long)built.Points.Count * (range.Index + 1) / range.Count);
                for (int i = 0; i < built.Points.Count; i++) if (i < from || i >= to) done.Add(i);
            }
            if (sweep.Resumed) context.Console.MarkupLineInterpolated($"[grey]resuming: {done.Count:N0} of {built.Points.Count:N0} points already done in {sweep.FilePath}[/]");
            var clock = Stopwatch.StartNew();
            int finished = done.Count;
            var ran = new List<SweepRow>();
            int toRun = built.Points.Count - done.Count;
            ProgressDisplay.Run(context, $"sweep of {scenario.Name}", toRun, "points", progress =>
            {
                SweepRunner.Run(model, built, outcomeNames, n, seed, threads, done, rows =>
                {
                    sweep.Add(rows);
                    ran.AddRange(rows);
                    finished++;
                    progress.Report(ran.Count / Math.Max(1, strategies));
                }, context.Cancellation);
                return 0;
            });
            sweep.Rewrite();
            clock.Stop();
            if (part is not null)
            {
                context.Console.MarkupLineInterpolated($"shard {part.Value.Index}/{part.Value.Count}: {built.Points.Count - done.Count:N0} points run in {clock.Elapsed.TotalSeconds:F1} s; wrote {sweep.FilePath}");
                return ExitCodes.Success;
            }
            SweepFile.WriteJson(sweep.FilePath);
            PrintSummary(context.Console, built, outcomeNames, ran);
            context.Console.MarkupLineInterpolated(
                $"{built.Kind} design: {built.Points.Count:N0} points × {strategies} strategies; {built.Points.Count - done.Count:N0} run now in {clock.Elapsed.TotalSeconds:F1} s on {threads} threads ({n:N0} patients each, seed {seed})");
            string? report = Reporting.Html.HtmlReport.Write(outDir, Program.Version);
            context.Console.MarkupLineInterpolated($"[grey]wrote {sweep.FilePath}{(report is null ? "" : $" and {report}")}[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The points run now, a row per point and strategy (the first 30; every row is in sweep.csv).</summary>
    private static void PrintSummary(IAnsiConsole console, SweepDesign design, IReadOnlyList<string> outcomes, IReadOnlyList<SweepRow> rows)
    {
        if (rows.Count == 0) return;
        const int Shown = 30;
        static string F(double? x) => x is { } v && double.IsFinite(v) ? (Math.Abs(v) >= 1000 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture)) : "–";
        var table = new Table().AddColumn("point");
        foreach (var p in design.Parameters) table.AddColumn(Markup.Escape(p.Name));
        table.AddColumn("strategy");
        foreach (var o in outcomes) table.AddColumn(Markup.Escape(o));
        foreach (var r in rows.OrderBy(r => r.Point).Take(Shown))
            table.AddRow(new[] { r.Point.ToString(CultureInfo.InvariantCulture) }.Concat(design.Points[r.Point].Select(v => v is null ? "(as written)" : F(v)))
                .Append(Markup.Escape(r.Strategy)).Concat(r.Values.Select(v => F(v))).ToArray());
        console.Write(table);
        if (rows.Count > Shown) console.MarkupLineInterpolated($"[grey]… {rows.Count - Shown:N0} more rows in sweep.csv[/]");
    }
}
