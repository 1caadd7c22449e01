using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HccSim.Analysis.Trials;
using HccSim.Reporting;
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
        var shard = Options.Text("--shard", "I/N: simulate only shard I (0-based) of N — replicates ⌊R·I/N⌋ to ⌊R·(I+1)/N⌋ − 1 — into trial.shard-I-of-N.json for hccsim merge");
        var command = new Command("trial",
            "Simulate a two-arm trial of the scenario's strategies again and again: power (share of trials whose two-sided log-rank p is below alpha), " +
            "the estimated hazard ratio's distribution (Cox, Efron ties), events and duration; --power searches for the sample size.\n\n" +
            "Examples:\n  hccsim trial scenarios/examples/reference-chain.yaml --arms reference,reference --n 300 --replicates 200 --analysis-time 36\n" +
            "  hccsim trial SCENARIO --arms tace,abc --n 300 --replicates 2000 --events 150 --dropout 0.005 --strata burden\n" +
            "  hccsim trial SCENARIO --arms tace,abc --analysis-time 48 --power 0.8\n\n" + ExitCodes.Help)
        {
            file, arms, n, replicates, allocation, accrual, ramp, analysis, events, dropout, endpoint, strata, alpha, power, interim, landmark, ipd, output, seed, threads, shard,
        };
        command.SetAction(result =>
        {
            var scenario = ScenarioLoader.Load(result.GetValue(file)!);
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
            var problems = design.Problems().ToArray();
            if (problems.Length > 0) throw new UsageException(string.Join("; ", problems));
            int count = Options.Whole(result, replicates, 1, 1_000_000) ?? scenario.Trial?.Replicates ?? 2000;
            ulong s = Options.Seed(result, seed) ?? scenario.Seed;
            int t = Options.Whole(result, threads, 1, 1024) ?? 0;
            string folder = result.GetValue(output) ?? Path.Combine("results", scenario.Name, "trial");
            if (ResultWriter.Problem(folder) is { } bad) throw new UsageException(bad);

            TrialResult Evaluate(TrialDesign d, int? stride)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                try { return TrialSimulator.Run(model, d, count, s, t, stride); }
                catch (ArgumentException ex) { throw new UsageException(ex.Message); }
            }

            TrialResult trial;
            var curve = new SortedDictionary<int, double>();
            if (result.GetValue(shard) is { } shardText)
            {
                var (si, sn) = Shard.Parse(shardText);
                if (result.GetValue(power) is not null || result.GetValue(ipd) is not null) throw new UsageException("--shard runs a block of replicates of one design: not with --power (a search) or --ipd");
                if (sn > count) throw new UsageException($"--shard {si}/{sn}: more shards than the {count:N0} replicates");
                int from = (int)((long)count * si / sn), to = (int)((long)count * (si + 1) / sn);
                TrialResult part;
                try { part = TrialSimulator.Run(model, design, count, s, t, null, from, to - from); }
                catch (ArgumentException ex) { throw new UsageException(ex.Message); }
                // The command line without --shard and --out: the merge runs it again with the shards' replicates.
                var args = new List<string>();
                var tokens = result.Tokens.Select(x => x.Value).ToList();
                for (int i = 0; i < tokens.Count; i++)
                {
                    if (tokens[i] is "--shard" or "--out" or "--threads") { i++; continue; }
                    if (tokens[i] == "trial" && i == 0) continue;
                    args.Add(tokens[i]);
                }
                string partial = TrialPartial.Write(folder, Program.Version, scenario.Sha256, s, count, si, sn, args, part.Replicates);
                context.Console.MarkupLineInterpolated($"shard {si}/{sn}: replicates {from}–{to - 1}; wrote {partial} ({new FileInfo(partial).Length:N0} bytes)");
                return ExitCodes.Success;
            }
            if (Merged is { } mergedReplicates)
            {
                // hccsim merge: the shards' replicates instead of a simulation (checked to be every replicate once).
                if (mergedReplicates.Count != count) throw new UsageException($"the shards hold {mergedReplicates.Count} replicates, the design has {count}");
                trial = new TrialResult(design, mergedReplicates) { Stride = design.SampleSize };
            }
            else if (Number(result, power) is { } target)
            {
                if (!(target > 0 && target < 1)) throw new UsageException($"--power expects a share between 0 and 1 (got {target})");
                trial = SampleSizeSearch(design, target, (d, stride) =>
                {
                    var r = Evaluate(d, stride);
                    // The sizes tried, for the report's power curve (the nested ones, sharing patients, replace the first pass's).
                    curve[d.SampleSize] = r.Power;
                    return r;
                }, context.Console);
            }
            else trial = Evaluate(design, null);

            Print(context.Console, scenario, trial, count);
            Directory.CreateDirectory(folder);
            Write(folder, scenario, trial, s, curve);
            if (result.GetValue(ipd) is { } ipdPath)
            {
                // As analysed: at the look where replicate 0 stopped (the final analysis when it did not stop early).
                var individual = TrialSimulator.IndividualData(model, trial.Design, 0, s, trial.Stride, trial.Replicates[0].Look);
                var (data, at) = individual;
                var d = trial.Design;
                // The cfdf endpoint's time and event columns are its overall-survival analysis.
                string endpointName = d.Endpoint == TrialEndpoint.CancerFreeDrugFree ? "cfdf (time and event: overall survival)" : d.EndpointText;
                string look = d.InterimFractions.Count > 0 ? $" (look {trial.Replicates[0].Look} of {d.InterimFractions.Count + 1}, where replicate 0 ended)" : "";
                var sb = new StringBuilder($"# hccsim {Program.Version}; scenario {scenario.Name}; sha256 {scenario.Sha256}; seed {s}; replicate 0; endpoint {endpointName}; analysis at {at.ToString("R", CultureInfo.InvariantCulture)} months{look}\n");
                int strataIndex = d.StrataAttribute is { } sa ? model.AttributeNames.ToList().IndexOf(sa) : -1;
                var levels = strataIndex >= 0 ? model.AttributeLevels(strataIndex) : null;
                // With the cancer-free drug-free endpoint, the two columns its z-test reads (among assessable patients).
                bool flags = individual.CfdfAtLandmark is not null;
                sb.AppendLine("patient,arm,stratum,time,event" + (flags ? ",cfdf_at_landmark,assessable" : ""));
                for (int i = 0; i < data.Count; i++)
                    sb.AppendLine(FormattableString.Invariant($"{i + 1},{(data.Groups[i] == 0 ? trial.Design.Control : trial.Design.Experimental)},{(levels is null ? "all" : levels[data.Strata[i]])},{data.Times[i]:R},{(data.Events[i] ? 1 : 0)}")
                        + (flags ? $",{(individual.CfdfAtLandmark![i] ? 1 : 0)},{(individual.Assessable![i] ? 1 : 0)}" : ""));
                ResultWriter.WriteAtomically(ipdPath, sb.ToString());
                context.Console.MarkupLineInterpolated($"[grey]wrote replicate 0's individual patient data to {ipdPath}[/]");
            }
            bool report = Reporting.Html.HtmlReport.Write(folder, Program.Version) is not null;
            context.Console.MarkupLineInterpolated($"[grey]wrote replicates.csv, trial.json{(report ? " and report.html" : "")} to {folder}[/]");
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

    /// <summary>
    /// The smallest sample size (a multiple of the allocation block) whose simulated power reaches the target: doubling
    /// until it does, then bisection over nested patients (every size draws from the same patients, so power changes
    /// only by the patients added). An event-driven design keeps its events per patient as N changes.
    /// </summary>
    private static TrialResult SampleSizeSearch(TrialDesign design, double target, Func<TrialDesign, int?, TrialResult> evaluate, IAnsiConsole console)
    {
        int block = design.ControlShare + design.ExperimentalShare;
        double eventsPerPatient = design.AnalysisEvents is { } d ? (double)d / design.SampleSize : 0;
        TrialDesign With(int patients) => design with
        {
            SampleSize = patients,
            AnalysisEvents = design.AnalysisEvents is null ? null : Math.Max(1, (int)Math.Round(eventsPerPatient * patients)),
        };
        int lo = block, hi = Math.Max(block, design.SampleSize / block * block);
        var high = evaluate(With(hi), null);
        while (high.Power < target)
        {
            lo = hi;
            hi *= 2;
            if (hi > 100_000) throw new UsageException($"no sample size up to 100,000 reaches power {target} (the effect may be too small or the follow-up too short)");
            high = evaluate(With(hi), null);
            console.MarkupLineInterpolated($"[grey]N = {hi}: power {high.Power:0.000}[/]");
        }
        int stride = hi;
        high = evaluate(With(hi), stride);
        while (hi - lo > block)
        {
            int mid = (lo + hi) / 2 / block * block;
            if (mid <= lo) break;
            var r = evaluate(With(mid), stride);
            console.MarkupLineInterpolated($"[grey]N = {mid}: power {r.Power:0.000}[/]");
            if (r.Power >= target) (hi, high) = (mid, r); else lo = mid;
        }
        return high;
    }

    /// <summary>Set by hccsim merge for one run of this command: the replicates of every shard, in order.</summary>
    [ThreadStatic] internal static IReadOnlyList<TrialReplicate>? Merged;

    private static void Print(IAnsiConsole console, Scenario scenario, TrialResult trial, int count)
    {
        var d = trial.Design;
        static string F(double x, string f = "0.###") => double.IsFinite(x) ? x.ToString(f, CultureInfo.InvariantCulture) : "not reached";
        var table = new Table().Title($"[bold]{Markup.Escape(scenario.Name)}[/]: {Markup.Escape(d.Experimental)} vs {Markup.Escape(d.Control)}, {count:N0} simulated trials")
            .AddColumns("measure", "value");
        table.AddRow("patients per trial", $"{d.SampleSize} ({d.ControlShare}:{d.ExperimentalShare})");
        table.AddRow("analysis", d.AnalysisMonths is { } a ? $"at {F(a)} months"
            : trial.ShortOfEvents == 0 ? $"at {d.AnalysisEvents} events"
            : $"at {d.AnalysisEvents} events, [yellow]never reached in {trial.ShortOfEvents} of {count} trials[/] (analysed at the end of follow-up)");
        if (d.InterimFractions.Count > 0)
        {
            var bounds = GroupSequential.Boundaries(d.InterimFractions.Append(1.0).ToArray(), d.Alpha);
            table.AddRow("looks (share of events: |Z| boundary)", string.Join(", ", d.InterimFractions.Append(1.0).Select((f, k) => $"{F(f)}: {F(bounds[k], "0.0000")}")));
            table.AddRow("stopped early", $"{trial.Replicates.Count(r => r.Look < d.InterimFractions.Count + 1)} of {count}");
        }
        bool cfdf = d.Endpoint == TrialEndpoint.CancerFreeDrugFree;
        string test = d.LandmarkMonths is not { } lm ? "log-rank"
            : cfdf ? $"cancer-free drug-free at {F(lm)} months, two-proportion z" : $"event-free proportions at {F(lm)} months";
        table.AddRow($"power (two-sided α = {F(d.Alpha)}, {test})", $"{F(trial.Power)} ± {F(trial.PowerStandardError, "0.0000")}");
        if (d.LandmarkMonths is { } at)
        {
            string what = cfdf ? "cancer-free drug-free" : "event-free";
            var shares = trial.Replicates.Where(r => double.IsFinite(r.LandmarkControl) && double.IsFinite(r.LandmarkExperimental)).ToArray();
            table.AddRow($"{what} at {F(at)} months: mean control, experimental",
                shares.Length == 0 ? "not estimable" : $"{F(shares.Average(r => r.LandmarkControl), "0.000")}, {F(shares.Average(r => r.LandmarkExperimental), "0.000")}");
        }
        // With a cancer-free drug-free endpoint the time-to-event rows are overall survival, analysed alongside.
        string of = cfdf ? " (overall survival)" : "";
        table.AddRow($"hazard ratio{of}: median (2.5%–97.5%)", $"{F(trial.HazardRatioQuantile(0.5))} ({F(trial.HazardRatioQuantile(0.025))}–{F(trial.HazardRatioQuantile(0.975))})");
        table.AddRow($"events{of}: mean", F(trial.MeanEvents, "0.0"));
        table.AddRow("time to analysis: mean months", F(trial.MeanAnalysisMonths, "0.0"));
        var diffs = trial.Replicates.Select(r => r.MedianExperimental - r.MedianControl).Where(double.IsFinite).OrderBy(x => x).ToArray();
        table.AddRow($"median difference{of}, months: median", diffs.Length == 0 ? "not reached" : F(diffs[diffs.Length / 2], "0.0") + $" (in {diffs.Length} of {count} trials both medians were reached)");
        table.AddRow($"RMST difference{of}, months: mean", F(trial.Replicates.Average(r => r.RmstDifference), "0.00"));
        console.Write(table);
    }

    private static void Write(string folder, Scenario scenario, TrialResult trial, ulong seed, IReadOnlyDictionary<int, double> powerCurve)
    {
        string stamp = $"# hccsim {Program.Version}; scenario {scenario.Name}; sha256 {scenario.Sha256}; seed {seed}";
        var sb = new StringBuilder(stamp).AppendLine().AppendLine("replicate,patients,events,analysis_months,look,significant,chi_square,p_value,log_hr,se_log_hr,hr,median_control,median_experimental,rmst_difference,landmark_control,landmark_experimental,landmark_p_value,short_of_events");
        static string N(double x) => double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "NA";
        foreach (var r in trial.Replicates)
            sb.AppendLine(string.Join(',', r.Index, r.Patients, r.Events, N(r.AnalysisMonths), r.Look, r.Significant ? "TRUE" : "FALSE", N(r.ChiSquare), N(r.PValue), N(r.LogHazardRatio),
                N(r.HazardRatioStandardError), N(r.HazardRatio), N(r.MedianControl), N(r.MedianExperimental), N(r.RmstDifference),
                N(r.LandmarkControl), N(r.LandmarkExperimental), N(r.LandmarkPValue), r.ShortOfEvents ? "TRUE" : "FALSE"));
        // Serialised before either file is written: a failure leaves neither. No hazard ratio estimable is null.
        static double? J(double x) => double.IsFinite(x) ? x : null;
        var json = new
        {
            hccsim = Program.Version, scenario = scenario.Name, sha256 = scenario.Sha256, seed,
            design = trial.Design,
            power = trial.Power, power_se = trial.PowerStandardError,
            hazard_ratio = new { median = J(trial.HazardRatioQuantile(0.5)), lower = J(trial.HazardRatioQuantile(0.025)), upper = J(trial.HazardRatioQuantile(0.975)) },
            mean_events = trial.MeanEvents, mean_analysis_months = trial.MeanAnalysisMonths, short_of_events = trial.ShortOfEvents,
            power_curve = powerCurve.Select(p => new { patients = p.Key, power = p.Value }),
        };
        string text = JsonSerializer.Serialize(json, ResultWriter.JsonOptions);
        ResultWriter.WriteAtomically(Path.Combine(folder, "replicates.csv"), sb.ToString());
        ResultWriter.WriteAtomically(Path.Combine(folder, "trial.json"), text);
    }
}
