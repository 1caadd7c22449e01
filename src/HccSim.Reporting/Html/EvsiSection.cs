using Plotly.NET;
using static HccSim.Reporting.Html.ReportText;
using Chart = Plotly.NET.CSharp.Chart;

namespace HccSim.Reporting.Html;

/// <summary>
/// What a trial is worth, from an evsi folder's evsi.csv: EVSI by sample size (for the population when one was given,
/// with the trial's cost beside it), and the expected net benefit of sampling with its optimum.
/// </summary>
internal static class EvsiSection
{
    public static ReportSection? Build(string dir)
    {
        if (TidyCsv.Read(Path.Combine(dir, "evsi.csv")) is not { } evsi || evsi.Rows.Count == 0) return null;
        var rows = evsi.Rows.OrderBy(r => evsi.Number(r, "patients")).ToList();
        var n = rows.Select(r => evsi.Number(r, "patients")).ToArray();
        bool population = rows.All(r => double.IsFinite(evsi.Number(r, "population_evsi")));
        bool costed = rows.All(r => double.IsFinite(evsi.Number(r, "trial_cost")));
        string valueColumn = population ? "population_evsi" : "evsi", seColumn = population ? "population_evsi_se" : "evsi_se";
        var value = rows.Select(r => evsi.Number(r, valueColumn)).ToArray();
        var band = rows.Select(r => 1.959963984540054 * evsi.Number(r, seColumn)).ToArray();
        string what = population ? "population EVSI" : "EVSI per patient";
        var traces = new List<GenericChart>
        {
            Chart.Line<double, double, string>(n, value, ShowMarkers: true, Name: what, LineColor: Plot.Colour(StrategyColours.Nth(0)), MarkerColor: Plot.Colour(StrategyColours.Nth(0)), UseDefaults: false)
                .WithYError(band, band, StrategyColours.Nth(0))
                .WithHover($"%{{x}} patients: {what} %{{y:,.4~g}}<extra></extra>"),
        };
        if (costed && population)
            traces.Add(Chart.Line<double, double, string>(n, rows.Select(r => evsi.Number(r, "trial_cost")).ToArray(), Name: "the trial's cost", LineColor: Plot.Colour("#8c8c8c"),
                    LineDash: StyleParam.DrawingStyle.Dash, UseDefaults: false)
                .WithHover("%{x} patients: the trial costs %{y:,.0f}<extra></extra>"));
        var charts = new List<ReportChart>
        {
            new("chart-evsi", Plot.Figure(traces, Plot.Axis("patients randomised"), Plot.Axis(what, tickFormat: ",.4~g", toZero: true))),
        };
        if (costed && population)
        {
            var enbs = rows.Select(r => evsi.Number(r, "enbs")).ToArray();
            var best = rows.Where(r => evsi.Text(r, "optimal") == "TRUE").ToList();
            var enbsTraces = new List<GenericChart>
            {
                Chart.Line<double, double, string>(n, enbs, ShowMarkers: true, Name: "expected net benefit of sampling", LineColor: Plot.Colour(StrategyColours.Nth(2)),
                        MarkerColor: Plot.Colour(StrategyColours.Nth(2)), UseDefaults: false)
                    .WithHover("%{x} patients: ENBS %{y:,.0f}<extra></extra>"),
            };
            if (best.Count > 0)
                enbsTraces.Add(Chart.Point<double, double, string>(best.Select(r => evsi.Number(r, "patients")).ToArray(), best.Select(r => evsi.Number(r, "enbs")).ToArray(), Name: "optimal sample size",
                        Marker: Plot.Marker(14, "#000", symbol: StyleParam.MarkerSymbol.NewModified(StyleParam.MarkerSymbol.Circle, StyleParam.SymbolStyle.Open)), UseDefaults: false)
                    .WithHover("optimal: %{x} patients, ENBS %{y:,.0f}<extra></extra>"));
            charts.Add(new("chart-enbs", Plot.Figure(enbsTraces, Plot.Axis("patients randomised"), Plot.Axis("ENBS (population EVSI − the trial's cost)", tickFormat: ",.0f"))));
        }
        bool timed = evsi.Has("reporting_months");
        var table = HtmlTable.Of(new[] { "patients", "reports at (months)", "EVSI per patient (± SE)", "population EVSI", "trial cost", "ENBS", "" }, rows.Select(r => new[]
        {
            F(evsi.Number(r, "patients"), "0"), timed ? F(evsi.Number(r, "reporting_months"), "F1") : "–", $"{NumberText.Significant(evsi.Number(r, "evsi"))} ± {NumberText.Significant(evsi.Number(r, "evsi_se"))}",
            NumberText.Significant(evsi.Number(r, "population_evsi")), F(evsi.Number(r, "trial_cost"), "N0"), F(evsi.Number(r, "enbs"), "N0"),
            evsi.Text(r, "optimal") == "TRUE" ? "optimal" : "",
        }));
        return new ReportSection("evsi", "What the trial is worth: EVSI and ENBS", charts, table,
            $"Expected value of sample information of the scenario's trial at each sample size, by regression of each parameter draw's incremental net benefit on its simulated trial's summary " +
            $"(Strong et al. 2015); error bars ±1.96 SE (the draws' error with the regression's). EVPI per patient from the same draws, the most any study could be worth: {NumberText.Significant(evsi.Number(rows[0], "evpi"))}. " +
            "Population EVSI counts the patients who face the decision after the trial's analysis (mean over the draws' trials; those before it are treated on today's information) " +
            "unless the run was told --no-delay. ENBS is the population EVSI less what the trial costs; the optimal size has the largest positive ENBS among those simulated.");
    }
}
