using System.Globalization;
using System.Text;
using System.Text.Json;
using HccSim.Analysis.Trials;
using HccSim.Reporting;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>What `hccsim trial` (and the merge of its shards) prints: the summary table (the files are <see cref="TrialWriter"/>'s).</summary>
internal static class TrialOutput
{
    public static void Print(IAnsiConsole console, string scenario, TrialResult trial, int count)
    {
        var d = trial.Design;
        static string F(double x, string f = "0.###") => double.IsFinite(x) ? x.ToString(f, CultureInfo.InvariantCulture) : "not reached";
        var table = new Table().Title($"[bold]{Markup.Escape(scenario)}[/]: {Markup.Escape(d.Experimental)} vs {Markup.Escape(d.Control)}, {count:N0} simulated trials")
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

    /// <summary>Assurance beside the power at the base case, each with its Monte Carlo standard error, and how long the draws took.</summary>
    public static void PrintAssurance(IAnsiConsole console, TrialResult trial, DrawnTrialsResult drawn, TimeSpan elapsed)
    {
        static string F(double x, string f = "0.000") => double.IsFinite(x) ? x.ToString(f, CultureInfo.InvariantCulture) : "–";
        var a = drawn.Assurance(0);
        var hr = new List<double>();
        for (int k = 0; k < drawn.Draws; k++)
            for (int j = 0; j < drawn.TrialsPerDraw; j++)
                if (double.IsFinite(drawn[0, k, j].LogHazardRatio)) hr.Add(drawn[0, k, j].HazardRatio);
        hr.Sort();
        string Q(double p) => hr.Count == 0 ? "–" : F(hr[Math.Clamp((int)Math.Floor(p * (hr.Count - 1) + 0.5), 0, hr.Count - 1)]);
        var table = new Table().Title($"[bold]assurance[/]: {drawn.Draws:N0} parameter draws × {drawn.TrialsPerDraw} trial{(drawn.TrialsPerDraw == 1 ? "" : "s")} (the scenario's uncertainty section)")
            .AddColumns("measure", "value");
        table.AddRow("conditional power at the base case (significant in the experimental arm's favour)", $"{F(trial.PowerInFavour)} ± {F(trial.PowerInFavourStandardError, "0.0000")} ({trial.Replicates.Count:N0} trials)");
        table.AddRow("assurance (probability of success over the draws, the same success)", $"{F(a.Mean)} ± {F(a.StandardError, "0.0000")}");
        table.AddRow("hazard ratio under the draws: median (2.5%–97.5%)", $"{Q(0.5)} ({Q(0.025)}–{Q(0.975)})");
        console.Write(table);
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        console.MarkupLineInterpolated($"[grey]{drawn.Draws:N0} draws in {elapsed.TotalSeconds:F1} s ({drawn.Draws / seconds:N1} draws/s, {(long)drawn.Draws * drawn.TrialsPerDraw * drawn.Stride / seconds:N0} patients/s through both arms)[/]");
    }
}
