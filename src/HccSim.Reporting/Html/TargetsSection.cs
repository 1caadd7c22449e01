using Plotly.NET;
using static HccSim.Reporting.Html.ReportText;
using Chart = Plotly.NET.CSharp.Chart;

namespace HccSim.Reporting.Html;

/// <summary>A forest plot of every target: simulated and published, as ratios to the published value, on a log scale.</summary>
internal static class TargetsSection
{
    public static ReportSection? Build(string dir)
    {
        if (TidyCsv.Read(Path.Combine(dir, "targets.csv")) is not { } t || t.Rows.Count == 0) return null;
        // Each target on one scale: simulated and published as ratios to the published value (1 = on target).
        var rows = t.Rows.Where(r => t.Number(r, "target") != 0).ToList();
        // Numbered: two targets of the same strategy and outcome (from two sources) keep a row each.
        bool Validation(string[] r) => t.Has("role") && t.Text(r, "role") == "validation";
        var labels = rows.Select((r, i) => P($"{i + 1}. {(Validation(r) ? "[external] " : "")}{t.Text(r, "strategy")} · {t.Text(r, "outcome")}{(t.Has("subgroup") && t.Text(r, "subgroup").Length > 0 ? $" ({t.Text(r, "subgroup")})" : "")}")).ToArray();
        double Ratio(string[] r, string c) => t.Number(r, c) / t.Number(r, "target");
        string Met(string[] r) => t.Has("conflict") && t.Text(r, "conflict").Length > 0 ? "#D55E00" : t.Text(r, "inside") == "TRUE" ? "#009E73" : "#CC79A7";
        var traces = new[]
        {
            Chart.Point<double, string, string>(rows.Select(_ => 1.0).ToArray(), labels, Name: "published (interval where given)",
                    MultiText: rows.Select(r => P($"published {F(t.Number(r, "target"))} — {t.Text(r, "source")}")).ToArray(),
                    Marker: Plot.Marker(10, "#000", symbol: StyleParam.MarkerSymbol.NewModified(StyleParam.MarkerSymbol.Diamond, StyleParam.SymbolStyle.Open)), UseDefaults: false)
                .WithHover("%{text}<extra></extra>")
                .WithXError(rows.Select(r => Ratio(r, "target_upper") - 1), rows.Select(r => 1 - Ratio(r, "target_lower")), "#666"),
            Chart.Point<double, string, string>(rows.Select(r => Ratio(r, "simulated")).ToArray(), labels, Name: "simulated (95% CI)",
                    MultiText: rows.Select(r => P($"simulated {F(t.Number(r, "simulated"))} ({F(t.Number(r, "lower"))}–{F(t.Number(r, "upper"))})")).ToArray(),
                    Marker: Plot.Marker(9, colours: rows.Select(Met)), UseDefaults: false)
                .WithHover("%{text}<extra></extra>")
                .WithXError(rows.Select(r => Ratio(r, "upper") - Ratio(r, "simulated")), rows.Select(r => Ratio(r, "simulated") - Ratio(r, "lower")), "#444"),
        };
        var figure = Plot.Figure(traces, Plot.Axis("simulated ÷ published (1 = on target)", log: true), Plot.Axis("", reversed: true, autoMargin: true),
            height: Math.Max(300, 28 * rows.Count + 120), margin: Plot.Margins(20, 20, 20, 60));
        var table = HtmlTable.Of(new[] { "role", "strategy", "outcome", "subgroup", "published", "simulated (95% CI)", "patients", "met", "source" }, t.Rows.Select(r => new[]
        {
            Validation(r) ? "external validation" : "calibration", t.Text(r, "strategy"), t.Text(r, "outcome"), t.Has("subgroup") ? t.Text(r, "subgroup") : "",
            F(t.Number(r, "target")) + (double.IsFinite(t.Number(r, "target_lower")) ? $" ({F(t.Number(r, "target_lower"))}–{F(t.Number(r, "target_upper"))})" : ""),
            $"{F(t.Number(r, "simulated"))} ({F(t.Number(r, "lower"))}–{F(t.Number(r, "upper"))})",
            t.Has("patients") && t.Text(r, "patients") != "NA" ? t.Text(r, "patients") : "–",
            t.Has("conflict") && t.Text(r, "conflict").Length > 0 ? "conflict: " + t.Text(r, "conflict") : t.Text(r, "inside") == "TRUE" ? "yes" : t.Text(r, "inside") == "FALSE" ? "no" : "–",
            t.Text(r, "source"),
        }));
        return new ReportSection("targets", "Simulated against published figures", new[] { new ReportChart("chart-targets", figure) }, table,
            "Every target of the scenario as a ratio to its published value, on a log scale so that halving and doubling look alike. Green: the published value lies in the simulated 95% interval " +
            "(or the intervals overlap); pink: missed; orange: a figure the scenario declares in conflict with those it follows (reported, never counted as met). " +
            "Rows marked [external] are validation figures the scenario was never calibrated to: they show how it predicts. " +
            "Patients: the simulated patients a value rests on; a subgroup's are its share of the one cohort, so its interval is wider than the whole cohort's.");
    }
}
