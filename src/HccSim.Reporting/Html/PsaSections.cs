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
            var ordered = evppi.Rows.OrderByDescending(r => evppi.Number(r, "evppi")).ToList();
            var bars = Chart.Bar<double, string, string>(ordered.Select(r => evppi.Number(r, "evppi")).ToArray(), Keys: ordered.Select(r => P(Short(evppi.Text(r, "group")))).ToArray(),
                    Name: "EVPPI per patient", MultiText: ordered.Select(r => P(evppi.Text(r, "group"))).ToArray(), MarkerColor: Plot.Colour(StrategyColours.Nth(2)), UseDefaults: false)
                .WithHover("%{text}: %{x:,.0f}<extra></extra>");
            charts.Add(new ReportChart("chart-psa-evppi", Plot.Figure(new[] { bars },
                Plot.Axis("EVPPI per patient", tickFormat: ",.0f", range: (0, Math.Max(1, ordered.Max(r => evppi.Number(r, "evppi")) * 1.05))),
                Plot.Axis("", autoMargin: true, reversed: true), height: Math.Max(300, 26 * ordered.Count + 120))));
            bool floor = evppi.Has("noise_floor");
            table = HtmlTable.Of(new[] { "parameters", "willingness to pay", "EVPPI per patient", "population EVPPI", "noise floor (mean ± sd)" }, ordered.Select(r => new[]
            {
                evppi.Text(r, "group"), F(evppi.Number(r, "wtp"), "N0"), F(evppi.Number(r, "evppi"), "N0"), F(evppi.Number(r, "population_evppi"), "N0"),
                floor ? $"{F(evppi.Number(r, "noise_floor"), "N0")} ± {F(evppi.Number(r, "noise_floor_sd"), "N0")}" : "–",
            }));
        }
        return new ReportSection("psa-voi", "Value of information", charts, table,
            "EVPI: the expected gain from deciding with every parameter known, E[max net benefit] − max E[net benefit], per patient. EVPPI: the same for a group of parameters, " +
            "by partition regression of each strategy's net benefit on the group (cells of equal-count bins); it never falls when a parameter joins a group and never exceeds the EVPI. " +
            "The noise floor is the same estimate with the group's values shuffled across draws: what cell-mean noise alone gives; an EVPPI near it is indistinguishable from 0.");
    }
}
