using System.Globalization;
using Plotly.NET;
using static HccSim.Reporting.Html.ReportText;
using Chart = Plotly.NET.CSharp.Chart;

namespace HccSim.Reporting.Html;

/// <summary>Overall or progression-free survival: each strategy's curve with its 95% band, and the published whole-cohort targets on it.</summary>
internal static class SurvivalSection
{
    public static ReportSection? Build(string dir, string curve, string title, StrategyColours colours)
    {
        if (TidyCsv.Read(Path.Combine(dir, "curves.csv")) is not { } curves) return null;
        var rows = curves.Rows.Where(r => curves.Text(r, "curve") == curve).ToList();
        if (rows.Count == 0) return null;
        var strategies = TidyRows.Strategies(curves);
        double horizon = rows.Max(r => curves.Number(r, "time"));
        var traces = new List<GenericChart>();
        foreach (var s in strategies)
        {
            var mine = rows.Where(r => curves.Text(r, "strategy") == s).ToList();
            var t = mine.Select(r => curves.Number(r, "time")).ToArray();
            var colour = Plot.Colour(colours.Of(s));
            // The 95% band: upper edge, then the lower edge filled up to it; neither in the legend.
            traces.Add(Chart.Line<double, double, string>(t, mine.Select(r => curves.Number(r, "upper")).ToArray(), ShowLegend: false, LineWidth: 0, LineColor: colour, UseDefaults: false)
                .WithoutHover().InGroup(s));
            traces.Add(Chart.Line<double, double, string>(t, mine.Select(r => curves.Number(r, "lower")).ToArray(), ShowLegend: false, LineWidth: 0, LineColor: colour,
                    Fill: StyleParam.Fill.ToNext_y, FillColor: Plot.Band(colours.Of(s)), UseDefaults: false)
                .WithoutHover().InGroup(s));
            traces.Add(Chart.Line<double, double, string>(t, mine.Select(r => curves.Number(r, "value")).ToArray(), Name: P(s), LineWidth: 2, LineColor: colour, UseDefaults: false)
                .WithHover($"{P(s)}<br>%{{x:.2f}} months: %{{y:.4f}}<extra></extra>").InGroup(s));
        }
        if (Targets(dir, curve) is { } targets) traces.Add(targets);
        var summary = TidyCsv.Read(Path.Combine(dir, "summary.csv"));
        string Cell(string s, string o)
        {
            var row = summary?.Rows.FirstOrDefault(r => summary.Text(r, "strategy") == s && summary.Text(r, "outcome") == o);
            return row is null ? "–" : $"{F(summary!.Number(row, "value"), "0.0##")} ({F(summary.Number(row, "lower"), "0.0##")}–{F(summary.Number(row, "upper"), "0.0##")})";
        }
        // A strategy with no progression-free state has PFS 0 from the start: no median to speak of.
        bool NeverFree(string s) => curve == "pfs" && rows.Where(r => curves.Text(r, "strategy") == s).All(r => curves.Number(r, "value") == 0);
        string table = HtmlTable.Of(new[] { "strategy", $"median {curve.ToUpperInvariant()}, months (95% CI)", "at 1 year", "at 2 years", "at 3 years", "at 5 years" },
            strategies.Select(s => new[] { s, NeverFree(s) ? "– (never progression-free)" : Cell(s, $"{curve}_median"),
                TidyRows.ShareAt(rows, curves, s, 12), TidyRows.ShareAt(rows, curves, s, 24), TidyRows.ShareAt(rows, curves, s, 36), TidyRows.ShareAt(rows, curves, s, 60) }));
        var figure = Plot.Figure(traces, Plot.MonthAxis(horizon),
            Plot.Axis(curve == "pfs" ? "share alive and progression-free" : "share alive", range: (0, 1.02), tickFormat: ".0%"));
        return new ReportSection(curve, title, new[] { new ReportChart($"chart-{curve}", figure) }, table,
            $"Kaplan–Meier-type share of the simulated cohort event-free at each quarter-month (no censoring but the horizon), with a pointwise 95% binomial band. " +
            $"Diamonds: published whole-cohort targets (a median drawn at 50% with its interval across; a landmark at its time with its interval up and down); subgroup targets are in the targets section.");
    }

    /// <summary>
    /// Published whole-cohort targets for this curve: a median at survival 0.5 (its interval horizontal), a landmark at its
    /// time (its interval vertical); null when there are none.
    /// </summary>
    private static GenericChart? Targets(string dir, string curve)
    {
        if (TidyCsv.Read(Path.Combine(dir, "targets.csv")) is not { } targets) return null;
        var points = new List<(double X, double Y, double Lo, double Hi, bool Horizontal, string Label)>();
        foreach (var r in targets.Rows.Where(r => !targets.Has("subgroup") || targets.Text(r, "subgroup").Length == 0))
        {
            string outcome = targets.Text(r, "outcome");
            double v = targets.Number(r, "target"), lo = targets.Number(r, "target_lower"), hi = targets.Number(r, "target_upper");
            string label = $"{targets.Text(r, "strategy")}: {outcome} = {F(v)}{(double.IsFinite(lo) ? $" ({F(lo)}–{F(hi)})" : "")} — {targets.Text(r, "source")}";
            if (outcome == $"{curve}_median") points.Add((v, 0.5, lo, hi, true, label));
            else if (outcome.StartsWith($"{curve}_at(", StringComparison.Ordinal) && double.TryParse(outcome[(curve.Length + 4)..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double at))
                points.Add((at, v, lo, hi, false, label));
        }
        if (points.Count == 0) return null;
        // An interval that is not given, or runs the other way, is NaN: plotly.js draws no bar there.
        return Chart.Point<double, double, string>(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), Name: "published targets",
                MultiText: points.Select(p => P(p.Label)).ToArray(), Marker: Plot.Marker(10, "#000", symbol: StyleParam.MarkerSymbol.Diamond), UseDefaults: false)
            .WithHover("%{text}<extra></extra>")
            .WithXError(points.Select(p => p.Horizontal ? p.Hi - p.X : double.NaN), points.Select(p => p.Horizontal ? p.X - p.Lo : double.NaN), "#000")
            .WithYError(points.Select(p => !p.Horizontal ? p.Hi - p.Y : double.NaN), points.Select(p => !p.Horizontal ? p.Y - p.Lo : double.NaN), "#000");
    }
}
