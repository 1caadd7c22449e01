using Plotly.NET;
using static HccSim.Reporting.Html.ReportText;
using Chart = Plotly.NET.CSharp.Chart;

namespace HccSim.Reporting.Html;

/// <summary>Where patients are: for each strategy, the share of the cohort in each state over time, stacked.</summary>
internal static class OccupancySection
{
    public static ReportSection? Build(string dir)
    {
        if (TidyCsv.Read(Path.Combine(dir, "curves.csv")) is not { } curves) return null;
        // One pass over the file: each strategy's occupancy curves, in the order they first appear, each with its points.
        var strategies = new Dictionary<string, StatesOf>(StringComparer.Ordinal);
        foreach (var r in curves.Rows)
        {
            string curve = curves.Text(r, "curve");
            if (!curve.StartsWith("occupancy(", StringComparison.Ordinal)) continue;
            string strategy = curves.Text(r, "strategy");
            if (!strategies.TryGetValue(strategy, out var states)) strategies[strategy] = states = new StatesOf();
            states.Add(curve, r);
        }
        if (strategies.Count == 0) return null;
        var charts = new List<ReportChart>();
        var tableRows = new List<string[]>();
        foreach (var s in TidyRows.Strategies(curves))
        {
            if (!strategies.TryGetValue(s, out var curvesOf)) continue;
            var states = curvesOf.Order;
            double horizon = states.SelectMany(st => curvesOf.Points[st]).Max(r => curves.Number(r, "time"));
            var traces = states.Select((st, i) =>
            {
                var pts = curvesOf.Points[st];
                string name = State(st);
                return Chart.StackedArea<double, double, string>(pts.Select(r => curves.Number(r, "time")).ToArray(), pts.Select(r => curves.Number(r, "value")).ToArray(),
                        Name: P(name), LineWidth: 0.5, LineColor: Plot.Colour(name.EndsWith("dead", StringComparison.Ordinal) ? "#bdbdbd" : StrategyColours.Nth(i)), UseDefaults: false)
                    .WithHover($"{P(name)}<br>%{{x:.2f}} months: %{{y:.2%}}<extra></extra>");
            });
            var figure = Plot.Figure(traces, Plot.MonthAxis(horizon), Plot.Axis("share in each state", range: (0, 1), tickFormat: ".0%"),
                height: 380, margin: Plot.Margins(60, 10, 40, 60), legendRight: 11, title: s);
            charts.Add(new ReportChart($"chart-occupancy-{charts.Count}", figure));
            foreach (var st in states)
            {
                var pts = curvesOf.Points[st];
                tableRows.Add(new[] { s, State(st), TidyRows.ShareAt(pts, curves, s, 12), TidyRows.ShareAt(pts, curves, s, 36), TidyRows.ShareAt(pts, curves, s, 60) });
            }
        }
        return new ReportSection("occupancy", "Where patients are: state occupancy", charts, HtmlTable.Of(new[] { "strategy", "state", "at 1 year", "at 3 years", "at 5 years" }, tableRows),
            "Share of the cohort in each state at each quarter-month, stacked (each column sums to 1; the dead state is the top band).");
    }

    /// <summary>A strategy's occupancy curves in the order they first appear, and each one's rows.</summary>
    private sealed class StatesOf
    {
        public List<string> Order { get; } = new();
        public Dictionary<string, List<string[]>> Points { get; } = new(StringComparer.Ordinal);

        public void Add(string curve, string[] row)
        {
            if (!Points.TryGetValue(curve, out var points)) { Points[curve] = points = new List<string[]>(); Order.Add(curve); }
            points.Add(row);
        }
    }

    /// <summary>"occupancy(state)" → "state".</summary>
    private static string State(string curve) => curve["occupancy(".Length..^1];
}
