using Plotly.NET;
using static HccSim.Reporting.Html.ReportText;
using Chart = Plotly.NET.CSharp.Chart;

namespace HccSim.Reporting.Html;

/// <summary>A parameter sweep: an outcome of each strategy against the first swept parameter, and the sweep's first rows.</summary>
internal static class SweepSection
{
    public static ReportSection? Build(string dir, StrategyColours colours)
    {
        if (TidyCsv.Read(Path.Combine(dir, "sweep.csv")) is not { } s || s.Rows.Count == 0) return null;
        string x = s.Header[1];
        int strategyColumn = s.Header.ToList().IndexOf("strategy");
        if (strategyColumn < 2 || strategyColumn + 1 >= s.Header.Count) throw new InvalidDataException("sweep.csv has no parameter or no outcome column");
        string outcome = s.Has("discounted_qalys") ? "discounted_qalys" : s.Header[strategyColumn + 1];
        var traces = TidyRows.Strategies(s).Select(st =>
        {
            var mine = s.Rows.Where(r => s.Text(r, "strategy") == st && double.IsFinite(s.Number(r, x))).OrderBy(r => s.Number(r, x)).ToList();
            return Chart.Line<double, double, string>(mine.Select(r => s.Number(r, x)).ToArray(), mine.Select(r => s.Number(r, outcome)).ToArray(), ShowMarkers: true, Name: P(st),
                    LineColor: Plot.Colour(colours.Of(st)), MarkerColor: Plot.Colour(colours.Of(st)), UseDefaults: false)
                .WithHover($"{P(st)}<br>%{{x:.4g}}: %{{y:.4g}}<extra></extra>");
        });
        return new ReportSection("sweep", "Parameter sweep", new[] { new ReportChart("chart-sweep", Plot.Figure(traces, Plot.Axis(x), Plot.Axis(outcome))) },
            HtmlTable.Of(s.Header, s.Rows.Take(200)),
            $"{outcome} of each strategy at each design point, against the first swept parameter ({(strategyColumn > 2 ? "points differing in the other parameters share an x; see the table" : "the only one")}); the table shows the first 200 rows of sweep.csv.");
    }
}
