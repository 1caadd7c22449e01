using Plotly.NET;
using static HccSim.Reporting.Html.ReportText;
using Chart = Plotly.NET.CSharp.Chart;

namespace HccSim.Reporting.Html;

/// <summary>The cost-effectiveness plane of the compared strategies with the efficiency frontier, and the incremental table.</summary>
internal static class EconomicsSection
{
    public static ReportSection? Build(string dir, StrategyColours colours)
    {
        if (TidyCsv.Read(Path.Combine(dir, "incremental.csv")) is not { } inc || inc.Rows.Count < 2) return null;
        var rows = inc.Rows.OrderBy(r => inc.Number(r, "cost")).ToList();
        var frontier = rows.Where(r => inc.Text(r, "status") == "frontier").ToList();
        var traces = new List<GenericChart>
        {
            Chart.Line<double, double, string>(frontier.Select(r => inc.Number(r, "qalys")).ToArray(), frontier.Select(r => inc.Number(r, "cost")).ToArray(), Name: "efficiency frontier",
                    LineColor: Plot.Colour("#888"), LineDash: StyleParam.DrawingStyle.Dot, UseDefaults: false)
                .WithoutHover(),
        };
        foreach (var r in rows)
        {
            string s = inc.Text(r, "strategy");
            traces.Add(Chart.Scatter<double, double, string>(new[] { inc.Number(r, "qalys") }, new[] { inc.Number(r, "cost") }, StyleParam.Mode.Markers_Text, Name: P(s),
                    MultiText: new[] { P(s) }, TextPosition: StyleParam.TextPosition.TopCenter, Marker: Plot.Marker(12, colours.Of(s)), UseDefaults: false)
                .WithHover($"{P(s)}<br>%{{x:.3f}} QALYs, %{{y:,.0f}}<br>{P(inc.Text(r, "status"))}<extra></extra>"));
        }
        var figure = Plot.Figure(traces, Plot.Axis("discounted QALYs per patient"), Plot.Axis("discounted cost per patient", tickFormat: ",.0f"));
        var table = HtmlTable.Of(new[] { "strategy", "cost", "QALYs", "life-years", "Δ cost", "Δ QALYs", "ICER", "status", "NMB" }, rows.Select(r => new[]
        {
            inc.Text(r, "strategy"), F(inc.Number(r, "cost"), "N0"), F(inc.Number(r, "qalys"), "0.000"), F(inc.Number(r, "life_years"), "0.000"),
            F(inc.Number(r, "incremental_cost"), "N0"), F(inc.Number(r, "incremental_qalys"), "0.000"), F(inc.Number(r, "icer"), "N0"),
            inc.Text(r, "status") + (inc.Text(r, "dominated_by").Length > 0 ? $" ({inc.Text(r, "dominated_by")})" : ""), F(inc.Number(r, "nmb"), "N0"),
        }));
        return new ReportSection("economics", "Costs, QALYs and the incremental analysis", new[] { new ReportChart("chart-ce", figure) }, table,
            "Discounted expected cost and QALYs per patient of each compared strategy; the dotted line joins the efficiency frontier after strict and extended dominance are removed, and the ICERs are along it.");
    }
}
