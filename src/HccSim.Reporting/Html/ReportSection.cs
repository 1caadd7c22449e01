using Plotly.NET;

namespace HccSim.Reporting.Html;

/// <summary>One chart: a figure built with Plotly.NET and the id of the element it is drawn in.</summary>
public sealed record ReportChart(string Id, GenericChart Figure)
{
    /// <summary>The figure as plotly.js reads it (data, layout, frames), serialised by Plotly.NET.</summary>
    public string Json => GenericChart.toFigureJson(Figure);
}

/// <summary>A section of the report: its charts, the table behind them and a footnote saying how they were computed.</summary>
public sealed record ReportSection(string Id, string Title, IReadOnlyList<ReportChart> Charts, string TableHtml, string Footnote);
