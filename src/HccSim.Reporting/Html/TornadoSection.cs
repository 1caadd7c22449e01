using Plotly.NET;
using static HccSim.Reporting.Html.ReportText;
using Chart = Plotly.NET.CSharp.Chart;

namespace HccSim.Reporting.Html;

/// <summary>One-way sensitivity: each parameter's low and high value as bars from the base case, widest first.</summary>
internal static class TornadoSection
{
    public static ReportSection? Build(string dir)
    {
        if (TidyCsv.Read(Path.Combine(dir, "tornado.csv")) is not { } t || t.Rows.Count == 0) return null;
        double baseValue = t.Number(t.Rows[0], "outcome_base");
        var rows = t.Rows.ToList();
        // The label the scenario gives a parameter, else a shortened name (older files have no label column).
        string Shown(string[] r) => t.Has("label") && t.Text(r, "label") is { Length: > 0 } label && label != t.Text(r, "parameter") ? label : Short(t.Text(r, "parameter"));
        var names = rows.Select(r => P(Shown(r))).ToArray();
        GenericChart Bars(string name, string end, string valueColumn, string outcomeColumn, string colour)
            => Chart.Bar<double, string, string>(rows.Select(r => t.Number(r, outcomeColumn) - baseValue).ToArray(), Keys: names, Name: name,
                    MultiText: rows.Select(r => P($"{end} {F(t.Number(r, valueColumn), "G4")}: {F(t.Number(r, outcomeColumn), "N0")}")).ToArray(),
                    MarkerColor: Plot.Colour(colour), Base: double.IsFinite(baseValue) ? baseValue : default(Plotly.NET.CSharp.Optional<double>), UseDefaults: false)
                .WithHover("%{text}<extra></extra>");
        var traces = new[]
        {
            Bars("parameter at its low value", "low", "low", "outcome_low", StrategyColours.Nth(0)),
            Bars("parameter at its high value", "high", "high", "outcome_high", StrategyColours.Nth(1)),
        };
        string outcome = t.Text(rows[0], "outcome");
        var figure = Plot.Figure(traces, Plot.Axis(outcome, tickFormat: ",.0f"), Plot.Axis("", autoMargin: true, reversed: true),
            height: Math.Max(320, 30 * rows.Count + 140), barMode: StyleParam.BarMode.Overlay,
            shapes: double.IsFinite(baseValue) ? new[] { Plot.VerticalLine(baseValue) } : null);
        return new ReportSection("dsa", "One-way sensitivity: tornado", new[] { new ReportChart("chart-tornado", figure) },
            HtmlTable.Of(new[] { "parameter", "low → high", "outcome at low", "outcome at high", "range" }, rows.Select(r => new[] { t.Text(r, "parameter"), $"{F(t.Number(r, "low"), "G4")} → {F(t.Number(r, "high"), "G4")}", F(t.Number(r, "outcome_low"), "N0"), F(t.Number(r, "outcome_high"), "N0"), F(t.Number(r, "range"), "N0") })),
            $"Each uncertain parameter at its low and high value (written in the scenario, else the 2.5th and 97.5th percentiles of its distribution), the others at their written values, on the same patients; bars run from the base case ({F(baseValue, "N0")}), widest first.");
    }
}
