using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HccSim.Analysis.Trials;
using HccSim.Reporting;
using HccSim.Reporting.Publishing;
using HccSim.Scenarios;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>`hccsim trial SCENARIO --arms a,b`: simulate a two-arm trial many times; power, hazard ratios, sample size.</summary>
internal static class TrialCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (YAML)" };
        var arms = Options.Text("--arms", "The control and experimental strategies, 'control,experimental' (required)");
        var n = Options.Text("--n", "Patients per trial (default 300)");
        var replicates = Options.Text("--replicates", "Simulated trials (default 2000)");
        var allocation = Options.Text("--allocation", "Allocation ratio control:experimental (default 1:1)");
        var accrual = Options.Text("--accrual", "Accrual period in months (default 24)");
        var ramp = new Option<bool>("--ramp") { Description = "Enrolment rises linearly over the accrual period (default: uniform)" };
        var analysis = Options.Text("--analysis-time", "Analyse this many months after the first enrolment");
        var events = Options.Text("--events", "Analyse at this many events (instead of --analysis-time)");
        var dropout = Options.Text("--dropout", "Drop-out rate per month (default 0)");
        var endpoint = Options.Text("--endpoint", "os (default), pfs, tag:NAME (time to a tagged event), or cfdf (share cancer-free and drug-free at --landmark, pooled two-proportion z-test)");
        var strata = Options.Text("--strata", "A categorical attribute to stratify randomisation and the log-rank test by");
        var alpha = Options.Text("--alpha", "Two-sided significance level (default 0.05)");
        var power = Options.Text("--power", "Find the smallest number of patients reaching this power (e.g. 0.8)");
        var landmark = Options.Text("--landmark", "Test the difference in event-free proportions at this many months (Kaplan–Meier, Greenwood) instead of the log-rank");
        var interim = Options.Text("--interim", "Interim looks at these shares of the events, e.g. 0.5 or 0.33,0.67 (O'Brien–Fleming-type Lan–DeMets boundaries; needs --events)");
        var ipd = Options.Text("--ipd", "Write replicate 0's individual patient data (patient, arm, stratum, time, event; with --endpoint cfdf also cfdf_at_landmark, assessable) to this CSV");
        var output = Options.Text("--out", "Folder for replicates.csv and trial.json (default results/<scenario>/trial)");
        var seed = Options.Text("--seed", "Random seed (default: the scenario's cohort.seed)");
        var threads = Options.Text("--threads", "Worker threads (results do not depend on it)");
        var assurance = new Option<bool>("--assurance") { Description = "Also the assurance: the probability of success averaged over the scenario's uncertainty section's parameter draws (the psa's draws), beside the power at the base case" };
        var draws = Options.Text("--draws", "With --assurance: parameter draws (default 1000)");
        var benefit = Options.Text("--benefit", "With --assurance: which way the experimental arm succeeds — fewer (default for os and pfs: fewer deaths or progressions) or more (a wanted tagged event, e.g. tag:conversion); required with a tag endpoint");
        var perDraw = Options.Text("--trials-per-draw", "With --assurance: trials simulated under each draw, each on its own patients (default 1)");
        var shard = Options.Text("--shard", "I/N: simulate only shard I (0-based) of N — replicates ⌊R·I/N⌋ to ⌊R·(I+1)/N⌋ − 1 — into trial.shard-I-of-N.json for hccsim merge");
        var command = new Command("trial",
            "Simulate a two-arm trial of the scenario's strategies again and again: power (share of trials whose two-sided log-rank p is below alpha), " +
            "the estimated hazard ratio's distribution (Cox, Efron ties), events and duration; --power searches for the sample size.\n\n" +
            "Examples:\n  hccsim trial scenarios/examples/reference-chain.yaml --arms reference,reference --n 300 --replicates 200 --analysis-time 36\n" +
            "  hccsim trial scenarios/intermediate-stage.yaml --arms tace,abc_conversion --n 300 --replicates 2000 --events 150 --dropout 0.005 --strata burden\n" +
            "  hccsim trial scenarios/intermediate-stage.yaml --arms tace,abc_conversion --analysis-time 48 --power 0.8\n" +
            "  hccsim trial scenarios/intermediate-stage.yaml --arms tace,abc_conversion --n 300 --events 150 --assurance --draws 1000\n\n" + ExitCodes.Help)
        {
            file, arms, n, replicates, allocation, accrual, ramp, analysis, events, dropout, endpoint, strata, alpha, power, interim, landmark, ipd, output, seed, threads, assurance, draws, benefit, perDraw, shard,
        };
        command.SetAction(result =>
        {
            string path = result.GetValue(file)!;
            bool assure = result.GetValue(assurance);
            if (!assure && (result.GetValue(draws) is not null || result.GetValue(perDraw) is not null || result.GetValue(benefit) is not null))
                throw new UsageException("--draws, --trials-per-draw and --benefit are for --assurance (expected --assurance with them)");
            if (assure && result.GetValue(power) is not null) throw new UsageException("--assurance averages one design's power over the parameter draws: not with --power (a sample-size search)");
            // Assurance builds the model again for each draw: the scenario as a definition, read once.
            var definition = assure ? ScenarioLoader.Define(path) : null;
            var scenario = definition?.Scenario ?? ScenarioLoader.Load(path);
            if (assure && scenario.Uncertainty is null)
                throw new UsageException($"{path} has no 'uncertainty' section: assurance averages over its parameter draws (expected uncertainty: {{ parameters: [ {{ path: ..., lognormal: {{ estimate: ..., ci: [..., ...] }} }} ] }}; see docs/scenario-format.md)");
            int k = Options.Whole(result, draws, 2, 10_000_000) ?? 1000, m = Options.Whole(result, perDraw, 1, 10_000) ?? 1;
            var model = scenario.RequireSimulated();
            // The scenario's own trial block, if any, gives the defaults; the command line overrides them.
            var written = scenario.Trial is { } section ? TrialDesign.From(section) : null;
            var armNames = (result.GetValue(arms) ?? (written is null ? throw new UsageException("--arms is required (or a trial block in the scenario): 'control,experimental'") : $"{written.Control},{written.Experimental}"))
                .Split(',', StringSplitOptions.TrimEntries);
            if (armNames.Length != 2) throw new UsageException($"--arms expects two strategies, 'control,experimental' (got '{result.GetValue(arms)}')");
            (int c, int e) shares = (written?.ControlShare ?? 1, written?.ExperimentalShare ?? 1);
            if (result.GetValue(allocation) is { } al)
            {
                var parts = al.Split(':');
                if (parts.Length != 2 || !int.TryParse(parts[0], out shares.c) || !int.TryParse(parts[1], out shares.e) || shares.c < 1 || shares.e < 1)
                    throw new UsageException($"--allocation expects two whole numbers like 1:1 or 1:2 (got '{al}')");
            }
            var (kind, tag) = result.GetValue(endpoint) is { } text
                ? TrialDesign.ParseEndpoint(text) ?? throw new UsageException($"--endpoint expects os, pfs, cfdf or tag:NAME (got '{text}')")
                : (written?.Endpoint ?? TrialEndpoint.OverallSurvival, written?.Tag);
            bool timing = result.GetValue(analysis) is not null || result.GetValue(events) is not null;
            var design = new TrialDesign(armNames[0], armNames[1], Options.Whole(result, n, 2, 1_000_000) ?? written?.SampleSize ?? 300)
            {
                ControlShare = shares.c, ExperimentalShare = shares.e,
                AccrualMonths = Number(result, accrual) ?? written?.AccrualMonths ?? 24,
                Accrual = result.GetValue(ramp) ? AccrualShape.RampUp : written?.Accrual ?? AccrualShape.Uniform,
                AnalysisMonths = timing ? Number(result, analysis) : written?.AnalysisMonths,
                AnalysisEvents = timing ? Options.Whole(result, events, 1, 1_000_000) : written?.AnalysisEvents,
                DropoutPerMonth = Number(result, dropout) ?? written?.DropoutPerMonth ?? 0,
                Endpoint = kind, Tag = tag,
                MoreEventsAreBetter = result.GetValue(benefit) switch
                {
                    null or "fewer" => false,
                    "more" => kind is TrialEndpoint.Tag ? true
                        : throw new UsageException($"--benefit more is for a wanted tagged event (--endpoint tag:NAME), not for {(kind == TrialEndpoint.CancerFreeDrugFree ? "cfdf (a higher share is its benefit)" : kind == TrialEndpoint.ProgressionFreeSurvival ? "pfs (fewer progressions are its benefit)" : "os (fewer deaths are its benefit)")}"),
                    var other => throw new UsageException($"--benefit expects fewer or more (got '{other}')"),
                },
                LandmarkMonths = Number(result, landmark) ?? written?.LandmarkMonths,
                StrataAttribute = result.GetValue(strata) ?? written?.StrataAttribute,
                Alpha = Number(result, alpha) ?? written?.Alpha ?? 0.05,
                InterimFractions = result.GetValue(interim) is { } looks
                    ? looks.Split(',', StringSplitOptions.TrimEntries).Select(x => double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out double f)
                        ? f : throw new UsageException($"--interim expects shares of the events like 0.5 or 0.33,0.67 (got '{looks}')")).ToArray()
                    // A calendar analysis or a landmark from the command line cannot keep the scenario's looks (they need events).
                    : result.GetValue(analysis) is not null || result.GetValue(landmark) is not null ? Array.Empty<double>()
                    : written?.InterimFractions ?? Array.Empty<double>(),
            };
            // A tagged event may be harm (a complication) or benefit (conversion to resection): success needs the direction.
            if (assure && kind == TrialEndpoint.Tag && result.GetValue(benefit) is null)
                throw new UsageException($"--assurance with --endpoint {design.EndpointText} needs --benefit: fewer (the tagged event is harmful) or more (it is wanted, e.g. conversion)");
            var problems = design.Problems().ToArray();
            if (problems.Length > 0) throw new UsageException(string.Join("; ", problems));
            int count = Options.Whole(result, replicates, 1, 1_000_000) ?? scenario.Trial?.Replicates ?? 2000;
            ulong s = Options.Seed(result, seed) ?? scenario.Seed;
            int t = Options.Whole(result, threads, 1, 1024) ?? 0;
            string folder = result.GetValue(output) ?? Path.Combine("results", scenario.Name, "trial");
            if (ResultWriter.Problem(folder) is { } bad) throw new UsageException(bad);

            if (result.GetValue(shard) is { } shardText)
            {
                var (si, sn) = Shard.Parse(shardText);
                if (result.GetValue(power) is not null || result.GetValue(ipd) is not null || assure) throw new UsageException("--shard runs a block of replicates of one design: not with --power (a search), --ipd or --assurance (run assurance whole)");
                TrialResult part;
                try { part = TrialAnalysis.RunShard(model, design, count, s, t, si, sn, context.Cancellation); }
                catch (ArgumentException ex) { throw new UsageException(ex.Message); }
                string partial = TrialPartial.Write(folder, Program.Version, scenario.Name, scenario.File, scenario.Sha256, s, count, si, sn, design, part.Replicates);
                context.Console.MarkupLineInterpolated($"shard {si}/{sn}: replicates {part.Replicates[0].Index}–{part.Replicates[^1].Index}; wrote {partial} ({new FileInfo(partial).Length:N0} bytes)");
                return ExitCodes.Success;
            }
            double? target = Number(result, power);
            using var claimed = ResultPublishing.Claim(folder, "trial");
            TrialAnalysisResult analysed;
            try
            {
                analysed = target is not null
                    ? TrialAnalysis.Run(model, design, count, s, t, target, (size, p) => context.Console.MarkupLineInterpolated($"[grey]N = {size}: power {p:0.000}[/]"), context.Cancellation)
                    : ProgressDisplay.Run(context, $"trial {design.Experimental} vs {design.Control}", count, "trials", progress =>
                        TrialAnalysis.Run(model, design, count, s, t, cancellation: context.Cancellation, progress: progress));
            }
            catch (ArgumentException ex) { throw new UsageException(ex.Message); }
            var trial = analysed.Result;
            var drawn = assure ? TrialAssurance.Run(context, definition!, trial.Design, k, m, s, t) : null;
            TrialOutput.Print(context.Console, scenario.Name, trial, count);
            if (drawn is not null) TrialOutput.PrintAssurance(context.Console, trial, drawn.Value.Result, drawn.Value.Elapsed);
            var staged = ResultPublishing.Stage(claimed, () =>
                TrialWriter.Write(claimed.Staging, Program.Version, scenario.Name, scenario.File, scenario.Sha256, trial, s, analysed.PowerCurve, drawn?.Result));
            if (result.GetValue(ipd) is { } ipdPath)
            {
                // As analysed: at the look where replicate 0 stopped (the final analysis when it did not stop early).
                var individual = TrialSimulator.IndividualData(model, trial.Design, 0, s, trial.Stride, trial.Replicates[0].Look);
                var (data, at) = individual;
                var d = trial.Design;
                // The cfdf endpoint's time and event columns are its overall-survival analysis.
                string endpointName = d.Endpoint == TrialEndpoint.CancerFreeDrugFree ? "cfdf (time and event: overall survival)" : d.EndpointText;
                string look = d.InterimFractions.Count > 0 ? $" (look {trial.Replicates[0].Look} of {d.InterimFractions.Count + 1}, where replicate 0 ended)" : "";
                var sb = new StringBuilder(CsvLine.Comment($"hccsim {Program.Version}; scenario {scenario.Name}; sha256 {scenario.Sha256}; seed {s}; replicate 0; endpoint {endpointName}; analysis at {at.ToString("R", CultureInfo.InvariantCulture)} months{look}")).Append('\n');
                int strataIndex = d.StrataAttribute is { } sa ? model.AttributeNames.ToList().IndexOf(sa) : -1;
                var levels = strataIndex >= 0 ? model.AttributeLevels(strataIndex) : null;
                // With the cancer-free drug-free endpoint, the two columns its z-test reads (among assessable patients).
                bool flags = individual.CfdfAtLandmark is not null;
                sb.AppendLine("patient,arm,stratum,time,event" + (flags ? ",cfdf_at_landmark,assessable" : ""));
                for (int i = 0; i < data.Count; i++)
                {
                    CsvCell arm = data.Groups[i] == 0 ? trial.Design.Control : trial.Design.Experimental, stratum = levels is null ? "all" : levels[data.Strata[i]];
                    sb.AppendLine(flags
                        ? CsvLine.Of(CsvCell.Number(i + 1), arm, stratum, CsvCell.Number(data.Times[i]), CsvCell.Number(data.Events[i] ? 1 : 0),
                            CsvCell.Number(individual.CfdfAtLandmark![i] ? 1 : 0), CsvCell.Number(individual.Assessable![i] ? 1 : 0))
                        : CsvLine.Of(CsvCell.Number(i + 1), arm, stratum, CsvCell.Number(data.Times[i]), CsvCell.Number(data.Events[i] ? 1 : 0)));
                }
                ResultWriter.WriteAtomically(ipdPath, sb.ToString());
                context.Console.MarkupLineInterpolated($"[grey]wrote replicate 0's individual patient data to {ipdPath}[/]");
            }
            bool report = ResultPublishing.Publish(claimed, staged, TrialWriter.Files, report: true).Any(p => p.EndsWith("report.html", StringComparison.Ordinal));
            context.Console.MarkupLineInterpolated($"[grey]wrote replicates.csv, trial.json{(drawn is null ? "" : ", assurance.csv")}{(report ? " and report.html" : "")} to {folder}[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    private static double? Number(ParseResult result, Option<string?> option)
    {
        if (result.GetValue(option) is not { } text) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw new UsageException($"{option.Name} expects a number (got '{text}')");
    }
}
