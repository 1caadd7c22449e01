using Plotly.NET;
using static HccSim.Reporting.Html.ReportText;
using Chart = Plotly.NET.CSharp.Chart;

namespace HccSim.Reporting.Html;

/// <summary>
/// The probabilistic analysis, from a psa folder's psa_draws.csv, ceac.csv and psa_summary.csv (and evppi.csv where it was
/// estimated): the cost-effectiveness plane of the draws, the acceptability curves with the frontier, and the value of information.
/// </summary>
internal static class PsaSections
{
    public static IEnumerable<ReportSection> Build(string dir, StrategyColours colours)
    {
        var draws = TidyCsv.Read(Path.Combine(dir, "psa_draws.csv"));
        var ceac = TidyCsv.Read(Path.Combine(dir, "ceac.csv"));
        var summary = TidyCsv.Read(Path.Combine(dir, "psa_summary.csv"));
        if (draws is null || ceac is null || summary is null) yield break;
        var strategies = TidyRows.Strategies(summary);
        yield return Plane(draws, summary, strategies, colours);
        yield return Acceptability(ceac, strategies, colours);
        yield return ValueOfInformation(dir, ceac);
    }

    private static ReportSection Plane(TidyCsv draws, TidyCsv summary, List<string> strategies, StrategyColours colours)
    {
        var traces = strategies.Select(s =>
        {
            var mine = draws.Rows.Where(r => draws.Text(r, "strategy") == s).ToList();
            return Chart.Point<double, double, string>(mine.Select(r => draws.Number(r, "qalys")).ToArray(), mine.Select(r => draws.Number(r, "cost")).ToArray(), Name: P(s),
                    Marker: Plot.Marker(4, colours.Of(s), opacity: 0.5), UseDefaults: false)
                .WithHover($"{P(s)}<br>%{{x:.3f}} QALYs, %{{y:,.0f}}<extra></extra>");
        });
        var figure = Plot.Figure(traces, Plot.Axis("discounted QALYs per patient"), Plot.Axis("discounted cost per patient", tickFormat: ",.0f"));
        return new ReportSection("psa-plane", "Probabilistic analysis: the cost-effectiveness plane", new[] { new ReportChart("chart-psa-plane", figure) },
            HtmlTable.Of(new[] { "strategy", "cost (95% range)", "QALYs (95% range)", "life-years (95% range)", "P(cost-effective)" }, summary.Rows.Select(r => new[]
            {
                summary.Text(r, "strategy"), $"{F(summary.Number(r, "cost"), "N0")} ({F(summary.Number(r, "cost_lower"), "N0")}–{F(summary.Number(r, "cost_upper"), "N0")})",
                $"{F(summary.Number(r, "qalys"), "0.000")} ({F(summary.Number(r, "qalys_lower"), "0.000")}–{F(summary.Number(r, "qalys_upper"), "0.000")})",
                $"{F(summary.Number(r, "life_years"), "0.000")} ({F(summary.Number(r, "life_years_lower"), "0.000")}–{F(summary.Number(r, "life_years_upper"), "0.000")})",
                F(summary.Number(r, "p_cost_effective"), "0.000"),
            })),
            "One point per parameter draw and strategy: its discounted cost and QALYs per patient, every draw simulating the same patients. Ranges are the 2.5th–97.5th percentiles of the draws.");
    }

    private static ReportSection Acceptability(TidyCsv ceac, List<string> strategies, StrategyColours colours)
    {
        var traces = strategies.Select(s =>
        {
            var mine = ceac.Rows.Where(r => ceac.Text(r, "strategy") == s).ToList();
            return Chart.Line<double, double, string>(mine.Select(r => ceac.Number(r, "wtp")).ToArray(), mine.Select(r => ceac.Number(r, "probability_cost_effective")).ToArray(), Name: P(s),
                    LineWidth: 2, LineColor: Plot.Colour(colours.Of(s)), UseDefaults: false)
                .WithHover($"{P(s)}<br>λ %{{x:,.0f}}: %{{y:.3f}}<extra></extra>");
        }).ToList();
        var best = ceac.Rows.Where(r => ceac.Text(r, "optimal") == "TRUE").ToList();
        traces.Add(Chart.Point<double, double, string>(best.Select(r => ceac.Number(r, "wtp")).ToArray(), best.Select(r => ceac.Number(r, "probability_cost_effective")).ToArray(),
                Name: "frontier (highest expected net benefit)", MultiText: best.Select(r => P(ceac.Text(r, "strategy"))).ToArray(),
                Marker: Plot.Marker(8, "#000", symbol: StyleParam.MarkerSymbol.NewModified(StyleParam.MarkerSymbol.Circle, StyleParam.SymbolStyle.Open)), UseDefaults: false)
            .WithHover("%{text} is optimal at λ %{x:,.0f}<extra></extra>"));
        var figure = Plot.Figure(traces, Plot.Axis("willingness to pay per QALY", tickFormat: ",.0f"), Plot.Axis("probability cost-effective", range: (0, 1.02)));
        return new ReportSection("psa-ceac", "Acceptability curves and frontier", new[] { new ReportChart("chart-psa-ceac", figure) },
            HtmlTable.Of(new[] { "willingness to pay", "optimal strategy", "its probability cost-effective" }, best.Where((_, i) => i % Math.Max(1, best.Count / 12) == 0).Select(r => new[] { F(ceac.Number(r, "wtp"), "N0"), ceac.Text(r, "strategy"), F(ceac.Number(r, "probability_cost_effective"), "0.000") })),
            "Share of draws in which each strategy has the highest net monetary benefit (λ·QALYs − cost) at each willingness to pay λ; circles mark the strategy with the highest expected net benefit (the frontier).");
    }

    private static ReportSection ValueOfInformation(string dir, TidyCsv ceac)
    {
        var evpi = ceac.Rows.GroupBy(r => ceac.Text(r, "wtp")).Select(g => g.First()).ToList();
        var charts = new List<ReportChart>
        {
            new("chart-psa-evpi", Plot.Figure(
                new[]
                {
                    Chart.Line<double, double, string>(evpi.Select(r => ceac.Number(r, "wtp")).ToArray(), evpi.Select(r => ceac.Number(r, "evpi")).ToArray(), Name: "EVPI per patient",
                            LineWidth: 2, LineColor: Plot.Colour(StrategyColours.Nth(0)), UseDefaults: false)
                        .WithHover("λ %{x:,.0f}: EVPI %{y:,.0f}<extra></extra>"),
                },
                Plot.Axis("willingness to pay per QALY", tickFormat: ",.0f"), Plot.Axis("expected value of perfect information per patient", tickFormat: ",.0f", toZero: true))),
        };
        string table = "";
        if (TidyCsv.Read(Path.Combine(dir, "evppi.csv")) is { } evppi && evppi.Rows.Count > 0)
        {
            charts.Add(new ReportChart("chart-psa-evppi", EvppiFigure(evppi, ceac, evpi), Wide: true));
            var ordered = evppi.Rows.OrderByDescending(r => evppi.Number(r, "evppi")).ToList();
            bool floor = evppi.Has("noise_floor");
            table = HtmlTable.Of(new[] { "parameters", "willingness to pay", "EVPPI per patient", "population EVPPI", "noise floor (mean ± sd)" }, ordered.Select(r => new[]
            {
                evppi.Text(r, "group"), F(evppi.Number(r, "wtp"), "N0"),
                NumberText.Significant(evppi.Number(r, "evppi")) + (floor && AtFloor(evppi, r) ? " (at the floor)" : ""),
                NumberText.Significant(evppi.Number(r, "population_evppi")),
                floor ? NumberText.NoiseFloor(evppi.Number(r, "noise_floor"), evppi.Number(r, "noise_floor_sd")) : "–",
            }));
        }
        return new ReportSection("psa-voi", "Value of information", charts, table,
            "EVPI: the expected gain from deciding with every parameter known, E[max net benefit] − max E[net benefit], per patient. EVPPI: the same for a group of parameters, " +
            "by partition regression of each strategy's net benefit on the group (cells of equal-count bins); it never falls when a parameter joins a group and never exceeds the EVPI. " +
            "The noise floor is the same estimate with the group's values shuffled across draws (20 shuffles: mean ± sd): what cell-mean noise alone gives; an EVPPI within 2 sd of it " +
            "is indistinguishable from 0 (at the floor). A floor of exactly 0 means no shuffle moved any cell's decision: noise adds nothing at this resolution. " +
            "In the chart, dots are the EVPPIs, open grey diamonds the floor's mean + 2 sd, and the dashed line the EVPI at the same willingness to pay (no EVPPI can exceed it).");
    }

    /// <summary>An EVPPI at most two standard deviations above its noise floor's mean, as the analysis judged it (recomputed for files that predate its column).</summary>
    private static bool AtFloor(TidyCsv evppi, string[] r)
        => evppi.Has("at_floor") ? evppi.Text(r, "at_floor") == "TRUE" : evppi.Number(r, "evppi") <= evppi.Number(r, "noise_floor") + 2 * evppi.Number(r, "noise_floor_sd");

    /// <summary>
    /// Each group's EVPPI as a dot (seen even at 0, where a bar has no length), its noise floor's mean + 2 sd as an open grey
    /// diamond (an EVPPI inside it is at the floor), and the EVPI at the analysis's willingness to pay as a dashed line: the scale no EVPPI can pass.
    /// </summary>
    private static GenericChart EvppiFigure(TidyCsv evppi, TidyCsv ceac, List<string[]> evpiRows)
    {
        var ordered = evppi.Rows.OrderByDescending(r => evppi.Number(r, "evppi")).ToList();
        var keys = ordered.Select(r => P(Short(evppi.Text(r, "group")))).ToArray();
        double wtp = evppi.Number(ordered[0], "wtp");
        var at = evpiRows.FirstOrDefault(r => Math.Abs(ceac.Number(r, "wtp") - wtp) <= 1e-9 * Math.Max(1, wtp));
        double evpi = at is null ? double.NaN : ceac.Number(at, "evpi");
        bool floor = evppi.Has("noise_floor");
        double Floor(string[] r) => floor ? evppi.Number(r, "noise_floor") + 2 * evppi.Number(r, "noise_floor_sd") : double.NaN;
        var traces = new List<GenericChart>();
        if (floor)
            traces.Add(Chart.Point<double, string, string>(ordered.Select(Floor).ToArray(), keys, Name: "noise floor (mean + 2 sd)",
                    MultiText: ordered.Select(r => P($"{evppi.Text(r, "group")}: noise floor {NumberText.NoiseFloor(evppi.Number(r, "noise_floor"), evppi.Number(r, "noise_floor_sd"))}")).ToArray(),
                    Marker: Plot.Marker(14, "#8c8c8c", symbol: StyleParam.MarkerSymbol.NewModified(StyleParam.MarkerSymbol.Diamond, StyleParam.SymbolStyle.Open)), UseDefaults: false)
                .WithHover("%{text}<extra></extra>"));
        traces.Add(Chart.Point<double, string, string>(ordered.Select(r => evppi.Number(r, "evppi")).ToArray(), keys, Name: "EVPPI per patient",
                MultiText: ordered.Select(r => P(evppi.Text(r, "group"))).ToArray(), Marker: Plot.Marker(10, StrategyColours.Nth(2)), UseDefaults: false)
            .WithHover("%{text}: EVPPI %{x:,.4~g}<extra></extra>"));
        double top = new[] { evpi, ordered.Max(r => evppi.Number(r, "evppi")), ordered.Max(Floor) }.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        if (top <= 0) top = 1;
        return Plot.Figure(traces, Plot.Axis("EVPPI per patient", tickFormat: ",.4~g", range: (-0.04 * top, top * 1.08)),
            Plot.Axis("", autoMargin: true, reversed: true), height: Math.Max(300, 26 * ordered.Count + 120),
            shapes: double.IsFinite(evpi) ? new[] { Plot.VerticalLine(evpi, dashed: true) } : null);
    }
}
