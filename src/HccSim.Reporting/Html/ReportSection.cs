using Plotly.NET;

namespace HccSim.Reporting.Html;

/// <summary>One chart: a figure built with Plotly.NET and the id of the element it is drawn in; a wide one takes the section's whole width (long labels).</summary>
public sealed record ReportChart(string Id, GenericChart Figure, bool Wide = false)
{
    /// <summary>The figure as plotly.js reads it (data, layout, frames), as the page holds it (see <see cref="FigureJson"/>).</summary>
    public string Json => FigureJson.Text(Figure);
}

/// <summary>A section of the report: its charts, the table behind them and a footnote saying how they were computed.</summary>
public sealed record ReportSection(string Id, string Title, IReadOnlyList<ReportChart> Charts, string TableHtml, string Footnote)
{
    /// <summary>The run the section's file comes from (null: the file has no stamp line).</summary>
    public SectionStamp? Stamp { get; init; }

    /// <summary>Why the section is not of the run the report is of (another seed or scenario); null when it is.</summary>
    public string? Stale { get; init; }
}
