using System.Globalization;
using System.Text.Json;
using Plotly.NET;
using static HccSim.Reporting.Html.ReportText;
using Chart = Plotly.NET.CSharp.Chart;

namespace HccSim.Reporting.Html;

/// <summary>A simulated trial: the distribution of the estimated hazard ratio over replicates, and the power of each sample size tried.</summary>
internal static class TrialSection
{
    public static ReportSection? Build(string dir)
    {
        if (TidyCsv.Read(Path.Combine(dir, "replicates.csv")) is not { } reps || reps.Rows.Count == 0) return null;
        var hr = reps.Rows.Select(r => reps.Number(r, "hr")).Where(double.IsFinite).ToArray();
        double power = reps.Rows.Count(r => reps.Text(r, "significant") == "TRUE") / (double)reps.Rows.Count;
        var charts = new List<ReportChart>
        {
            new("chart-trial-hr", Plot.Figure(new[] { Histogram(hr) }, Plot.Axis("estimated hazard ratio (experimental vs control)", log: true), Plot.Axis("simulated trials", toZero: true))),
        };
        if (PowerCurve(dir) is { Count: > 0 } pts)
        {
            var curve = Chart.Line<double, double, string>(pts.Select(p => p.Patients).ToArray(), pts.Select(p => p.Power).ToArray(), ShowMarkers: true, Name: "simulated power",
                    LineColor: Plot.Colour(StrategyColours.Nth(2)), MarkerColor: Plot.Colour(StrategyColours.Nth(2)), UseDefaults: false)
                .WithHover("%{x} patients: power %{y:.3f}<extra></extra>");
            charts.Add(new("chart-trial-power", Plot.Figure(new[] { curve }, Plot.Axis("patients randomised"), Plot.Axis("power", range: (0, 1.02)))));
        }
        return new ReportSection("trial", "Simulated trial", charts,
            HtmlTable.Of(new[] { "replicates", "power", "median estimated HR", "2.5th–97.5th percentile" }, new[] { new[] { reps.Rows.Count.ToString(CultureInfo.InvariantCulture), F(power, "0.000"), F(Quantile(hr, 0.5)), hr.Length > 0 ? $"{F(Quantile(hr, 0.025))}–{F(Quantile(hr, 0.975))}" : "–" } }),
            "Distribution over simulated trials of the Cox hazard ratio (Efron ties), and — when a sample size was searched — the simulated power at each size tried.");
    }

    /// <summary>
    /// The hazard ratios' histogram on a log axis: equal bins of log HR (about √n of them), drawn as a filled step line
    /// through each bin's left edge at its count, then the last bin's right edge. Not a plotly histogram trace: on a log
    /// axis plotly.js (2.28.0, and 3.1.2 before it) mixes log and linear units in its bins and counts nothing.
    /// </summary>
    private static GenericChart Histogram(double[] hr)
    {
        var logs = hr.Where(h => h > 0).Select(h => Math.Log(h)).ToArray();
        int k = Math.Clamp((int)Math.Round(Math.Sqrt(logs.Length)), 5, 40);
        double lo = logs.Length > 0 ? logs.Min() : 0, hi = logs.Length > 0 ? logs.Max() : 0;
        if (hi - lo < 1e-9) { lo -= 0.05; hi += 0.05; }
        double width = (hi - lo) / k;
        var counts = new int[k];
        foreach (var l in logs) counts[Math.Min(k - 1, (int)((l - lo) / width))]++;
        var edges = Enumerable.Range(0, k + 1).Select(i => Math.Exp(lo + i * width)).ToArray();
        var labels = Enumerable.Range(0, k).Select(i => $"HR {F(edges[i], "0.###")}–{F(edges[i + 1], "0.###")}: {counts[i]} trials").ToArray();
        string colour = StrategyColours.Nth(0);
        return Chart.Line<double, int, string>(edges, counts.Append(counts[^1]).ToArray(), Name: "estimated hazard ratio", MultiText: labels.Append(labels[^1]).ToArray(),
                Line: Plot.StepLine(colour), Fill: StyleParam.Fill.ToZero_y, FillColor: Plot.Band(colour), UseDefaults: false)
            .WithHover("%{text}<extra></extra>");
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
