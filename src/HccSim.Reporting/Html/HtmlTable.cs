using System.Text;

namespace HccSim.Reporting.Html;

/// <summary>The table beside a chart: every header and cell HTML-encoded.</summary>
internal static class HtmlTable
{
    public static string Of(IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        var sb = new StringBuilder("<div class=\"table\"><table><thead><tr>");
        foreach (var h in header) sb.Append("<th>").Append(ReportText.H(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in rows)
        {
            sb.Append("<tr>");
            foreach (var c in r) sb.Append("<td>").Append(ReportText.H(c)).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table></div>").ToString();
    }
}
