using System.Globalization;
using System.Text.Json;
using Plotly.NET;
using static HccSim.Reporting.Html.ReportText;
using Chart = Plotly.NET.CSharp.Chart;

namespace HccSim.Reporting.Html;

/// <summary>
/// A simulated trial: the distribution of the estimated hazard ratio over replicates, and the power of each sample size tried;
/// with assurance, the hazard ratios estimated under the parameter draws beside them and the assurance beside the power.
/// </summary>
internal static class TrialSection
{
    public static ReportSection? Build(string dir)
    {
        if (TidyCsv.Read(Path.Combine(dir, "replicates.csv")) is not { } reps || reps.Rows.Count == 0) return null;
        var hr = reps.Rows.Select(r => reps.Number(r, "hr")).Where(double.IsFinite).ToArray();
        double power = reps.Rows.Count(r => reps.Text(r, "significant") == "TRUE") / (double)reps.Rows.Count;
        var assurance = Assurance(dir);
        // Under the draws, from assurance.csv, only when trial.json says this run computed assurance (an older file is another run's).
        var drawn = assurance is null || TidyCsv.Read(Path.Combine(dir, "assurance.csv")) is not { } a ? Array.Empty<double>()
            : a.Rows.Select(r => Math.Exp(a.Number(r, "log_hr"))).Where(double.IsFinite).ToArray();
        var logs = hr.Concat(drawn).Where(h => h > 0).Select(h => Math.Log(h)).ToArray();
        double lo = logs.Length > 0 ? logs.Min() : 0, hi = logs.Length > 0 ? logs.Max() : 0;
        // One set of bins for both series (about √n of the larger).
        int bins = Math.Clamp((int)Math.Round(Math.Sqrt(Math.Max(hr.Count(h => h > 0), drawn.Count(h => h > 0)))), 5, 40);
        // Two series of different sizes (base-case replicates, trials under the draws) compare only as shares of their own.
        bool shares = drawn.Length > 0;
        var traces = new List<GenericChart> { Histogram(hr, shares ? "at the base case" : "estimated hazard ratio", StrategyColours.Nth(0), lo, hi, bins, shares) };
        if (shares) traces.Add(Histogram(drawn, "under the parameter draws", StrategyColours.Nth(1), lo, hi, bins, shares));
        var charts = new List<ReportChart>
        {
            new("chart-trial-hr", Plot.Figure(traces, Plot.Axis("estimated hazard ratio (experimental vs control)", log: true),
                Plot.Axis(shares ? "share of the series' simulated trials" : "simulated trials", toZero: true))),
        };
        if (PowerCurve(dir) is { Count: > 0 } pts)
        {
            var curve = Chart.Line<double, double, string>(pts.Select(p => p.Patients).ToArray(), pts.Select(p => p.Power).ToArray(), ShowMarkers: true, Name: "simulated power",
                    LineColor: Plot.Colour(StrategyColours.Nth(2)), MarkerColor: Plot.Colour(StrategyColours.Nth(2)), UseDefaults: false)
                .WithHover("%{x} patients: power %{y:.3f}<extra></extra>");
            charts.Add(new("chart-trial-power", Plot.Figure(new[] { curve }, Plot.Axis("patients randomised"), Plot.Axis("power", range: (0, 1.02)))));
        }
        var header = new List<string> { "replicates", "power", "median estimated HR", "2.5th–97.5th percentile" };
        var row = new List<string> { reps.Rows.Count.ToString(CultureInfo.InvariantCulture), F(power, "0.000"), F(Quantile(hr, 0.5)), hr.Length > 0 ? $"{F(Quantile(hr, 0.025))}–{F(Quantile(hr, 0.975))}" : "–" };
        string footnote = "Distribution over simulated trials of the Cox hazard ratio (Efron ties), and — when a sample size was searched — the simulated power at each size tried.";
        if (assurance is { } s)
        {
            header.AddRange(new[] { "assurance", "parameter draws × trials" });
            row.AddRange(new[] { $"{F(s.Value, "0.000")} ± {F(s.Se, "0.000")}", $"{s.Draws:N0} × {s.PerDraw}" });
            footnote += " Assurance: the probability of success averaged over the scenario's parameter draws (each draw's model running its own trials; ± one Monte Carlo standard error over draws), beside the power at the base case (± its binomial error); the histogram's second series is the hazard ratio estimated by the trials under the draws.";
        }
        return new ReportSection("trial", "Simulated trial", charts, HtmlTable.Of(header, new[] { row }), footnote);
    }

    /// <summary>
    /// The hazard ratios' histogram on a log axis: equal bins of log HR (about √n of them), drawn as a filled step line
    /// through each bin's left edge at its count, then the last bin's right edge. Not a plotly histogram trace: on a log
    /// axis plotly.js (2.28.0, and 3.1.2 before it) mixes log and linear units in its bins and counts nothing.
    /// </summary>
    /// <param name="lo">With <paramref name="hi"/> and <paramref name="k"/>, the range of log HR and its bins (shared by the series of one chart).</param>
    /// <param name="shares">Heights as shares of the series' trials rather than counts.</param>
    private static GenericChart Histogram(double[] hr, string name, string colour, double lo, double hi, int k, bool shares)
    {
        var logs = hr.Where(h => h > 0).Select(h => Math.Log(h)).ToArray();
        if (hi - lo < 1e-9) { lo -= 0.05; hi += 0.05; }
        double width = (hi - lo) / k;
        var counts = new int[k];
        foreach (var l in logs) counts[Math.Min(k - 1, (int)((l - lo) / width))]++;
        var edges = Enumerable.Range(0, k + 1).Select(i => Math.Exp(lo + i * width)).ToArray();
        var labels = Enumerable.Range(0, k).Select(i => $"HR {F(edges[i], "0.###")}–{F(edges[i + 1], "0.###")}: {counts[i]} trials" +
            (shares ? $" ({F(counts[i] / (double)Math.Max(1, logs.Length), "0.0%")})" : "")).ToArray();
        var heights = counts.Select(c => shares ? c / (double)Math.Max(1, logs.Length) : c).ToArray();
        return Chart.Line<double, double, string>(edges, heights.Append(heights[^1]).ToArray(), Name: name, MultiText: labels.Append(labels[^1]).ToArray(),
                Line: Plot.StepLine(colour), Fill: StyleParam.Fill.ToZero_y, FillColor: Plot.Band(colour), UseDefaults: false)
            .WithHover("%{text}<extra></extra>");
    }

    /// <summary>trial.json's assurance (value, standard error, draws, trials per draw); null when the run computed none.</summary>
    private static (double Value, double Se, int Draws, int PerDraw)? Assurance(string dir)
    {
        string path = Path.Combine(dir, "trial.json");
        if (!File.Exists(path)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (!doc.RootElement.TryGetProperty("assurance", out var a) || a.ValueKind != JsonValueKind.Object) return null;
        double se = a.GetProperty("se").ValueKind == JsonValueKind.Number ? a.GetProperty("se").GetDouble() : double.NaN;
        return (a.GetProperty("assurance").GetDouble(), se, a.GetProperty("draws").GetInt32(), a.GetProperty("trials_per_draw").GetInt32());
    }

    /// <summary>trial.json's power curve (patients, power), by size; null when the trial searched no sample size.</summary>
    private static List<(double Patients, double Power)>? PowerCurve(string dir)
    {
        string path = Path.Combine(dir, "trial.json");
        if (!File.Exists(path)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (!doc.RootElement.TryGetProperty("power_curve", out var pc) || pc.ValueKind != JsonValueKind.Array) return null;
        return pc.EnumerateArray().Select(e => (e.GetProperty("patients").GetDouble(), e.GetProperty("power").GetDouble())).OrderBy(p => p.Item1).ToList();
    }

    private static double Quantile(double[] x, double p)
    {
        if (x.Length == 0) return double.NaN;
        var s = x.OrderBy(v => v).ToArray();
        return HccSim.Analysis.Uncertainty.ProbabilisticAnalysis.Percentile(s, p);
    }
}
