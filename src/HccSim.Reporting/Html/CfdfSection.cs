using Plotly.NET;
using static HccSim.Reporting.Html.ReportText;
using Chart = Plotly.NET.CSharp.Chart;

namespace HccSim.Reporting.Html;

/// <summary>Cancer-free and drug-free: the share of the cohort in such a state at each time, for strategies that ever reach one.</summary>
internal static class CfdfSection
{
    public static ReportSection? Build(string dir, StrategyColours colours)
    {
        if (TidyCsv.Read(Path.Combine(dir, "curves.csv")) is not { } curves) return null;
        var rows = curves.Rows.Where(r => curves.Text(r, "curve") == "cfdf").ToList();
        var strategies = TidyRows.Strategies(curves).Where(s => rows.Any(r => curves.Text(r, "strategy") == s && curves.Number(r, "value") > 0)).ToList();
        if (strategies.Count == 0) return null;
        double horizon = rows.Max(r => curves.Number(r, "time"));
        var traces = strategies.Select(s =>
        {
            var mine = rows.Where(r => curves.Text(r, "strategy") == s).ToList();
            return Chart.Line<double, double, string>(mine.Select(r => curves.Number(r, "time")).ToArray(), mine.Select(r => curves.Number(r, "value")).ToArray(),
                    Name: P(s), LineWidth: 2, LineColor: Plot.Colour(colours.Of(s)), UseDefaults: false)
                .WithHover($"{P(s)}<br>%{{x:.2f}} months: %{{y:.2%}}<extra></extra>");
        }).ToList();
        var summary = TidyCsv.Read(Path.Combine(dir, "summary.csv"));
        string V(string s, string o) => summary?.Rows.FirstOrDefault(r => summary.Text(r, "strategy") == s && summary.Text(r, "outcome") == o) is { } r ? F(summary!.Number(r, "value"), o.StartsWith("cfdf_months", StringComparison.Ordinal) ? "0.0" : "0.0%") : "–";
        var figure = Plot.Figure(traces, Plot.MonthAxis(horizon), Plot.Axis("share cancer-free and drug-free", tickFormat: ".0%", toZero: true));
        return new ReportSection("cfdf", "Cancer-free and drug-free", new[] { new ReportChart("chart-cfdf", figure) },
            HtmlTable.Of(new[] { "strategy", "ever cancer-free drug-free", "at 3 years", "mean months cancer-free drug-free" }, strategies.Select(s => new[] { s, V(s, "cfdf_ever"), V(s, "cfdf_at(36)"), V(s, "cfdf_months") })),
            "Share of the cohort in a cancer-free state with no systemic therapy at each quarter-month (prevalence, not cumulative); strategies that never reach such a state are left out.");
    }
}
