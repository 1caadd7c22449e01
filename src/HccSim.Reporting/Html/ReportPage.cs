using System.Text;
using System.Text.Encodings.Web;
using static HccSim.Reporting.Html.ReportText;

namespace HccSim.Reporting.Html;

/// <summary>
/// The page: a header with the run's stamp, a link to each section, each section's charts, table and footnote, then
/// plotly.js (once) and a few lines that draw each figure from its JSON. Nothing is loaded from elsewhere, which the
/// Content-Security-Policy enforces.
/// </summary>
internal static class ReportPage
{
    /// <summary>
    /// Writes the page to <paramref name="stream"/> as UTF-8 as it is made: the figures' JSON and plotly.js go to the file
    /// as bytes, never through one string of the whole page (megabytes, copied as it grows).
    /// </summary>
    public static void Write(Stream stream, (string Title, string[] Lines) header, IReadOnlyList<ReportSection> sections)
    {
        using var text = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        var sb = new Chained(text);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        // No request leaves the page: scripts are inline, nothing else loads (a policy the browser enforces).
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:\">");
        sb.Append("<title>").Append(H(header.Title)).Append("</title><style>")
          .Append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#222;background:#fafafa}")
          .Append("header{background:#0b3d5c;color:#fff;padding:18px 28px}header h1{margin:0 0 6px;font-size:22px}header p{margin:2px 0;font-size:13px;opacity:.9;word-break:break-all}")
          .Append("nav{padding:8px 28px;background:#fff;border-bottom:1px solid #ddd;font-size:14px}nav a{margin-right:14px;color:#0b3d5c}")
          .Append("main{max-width:1200px;margin:0 auto;padding:10px 28px 40px}section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:14px 20px;margin:18px 0}")
          .Append("h2{font-size:18px;margin:4px 0 10px}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:10px}.chart{min-height:300px}.chart.wide{grid-column:1/-1}")
          .Append(".stamp{font-size:12.5px;color:#555;margin:-6px 0 10px}.stale{background:#fff3cd;border:1px solid #e0b300;color:#5c4400;border-radius:4px;padding:8px 12px;margin:0 0 10px;font-size:13.5px;font-weight:600}section.is-stale{border-color:#e0b300}")
          .Append(".note{font-size:12.5px;color:#555;margin-top:8px}.table{overflow-x:auto;margin-top:10px}table{border-collapse:collapse;font-size:13px}th,td{border-bottom:1px solid #eee;padding:4px 10px;text-align:left;vertical-align:top}th{background:#f3f5f7}")
          .Append("</style></head><body><header><h1>").Append(H(header.Title)).Append("</h1>");
        foreach (var line in header.Lines) sb.Append("<p>").Append(H(line)).Append("</p>");
        sb.Append("</header><nav>");
        foreach (var s in sections) sb.Append("<a href=\"#").Append(H(s.Id)).Append("\">").Append(H(s.Title + (s.Stale is null ? "" : " (stale)"))).Append("</a>");
        sb.Append("</nav><main>");
        foreach (var s in sections)
        {
            // Each section says which run it is of, and one of another run says so before anything else.
            sb.Append("<section id=\"").Append(H(s.Id)).Append('"').Append(s.Stale is null ? "" : " class=\"is-stale\"").Append("><h2>").Append(H(s.Title)).Append("</h2>");
            sb.Append("<p class=\"stamp\">").Append(H(s.Stamp?.Line ?? "no stamp line in its file")).Append("</p>");
            if (s.Stale is not null) sb.Append("<div class=\"stale\" role=\"alert\">").Append(H(s.Stale)).Append("</div>");
            sb.Append("<div class=\"charts\">");
            foreach (var c in s.Charts)
            {
                sb.Append("<div class=\"chart").Append(c.Wide ? " wide" : "").Append("\" id=\"").Append(H(c.Id)).Append("\" data-chart></div>");
                sb.Append("<script type=\"application/json\" id=\"").Append(H(c.Id)).Append("-data\">");
                sb.Flush();
                FigureJson.Write(stream, c.Figure);
                sb.Append("</script>");
            }
            sb.Append("</div>").Append(s.TableHtml).Append("<p class=\"note\">").Append(H(s.Footnote)).Append("</p></section>");
        }
        sb.Append("</main><footer class=\"note\" style=\"padding:0 28px 20px\">Charts built with Plotly.NET and drawn with plotly.js ")
          .Append(H(PlotlyJs.Version)).Append(" (MIT licence), inlined in this file.</footer>");
        sb.Append("<script>");
        sb.Flush();
        stream.Write(PlotlyJs.Script);
        sb.Append("</script>");
        sb.Append("<script>for(const el of document.querySelectorAll('[data-chart]')){const f=JSON.parse(document.getElementById(el.id+'-data').textContent);")
          .Append("Plotly.newPlot(el,f.data,f.layout,{responsive:true,displaylogo:false}).then(()=>el.setAttribute('data-rendered',String(el.querySelectorAll('.scatterlayer .trace, .barlayer .trace, .heatmaplayer .trace, .gl-container canvas').length)));}</script>");
        sb.Append("</body></html>\n");
    }

    /// <summary>A text writer whose Append chains, as StringBuilder's does.</summary>
    private sealed class Chained(StreamWriter writer)
    {
        public Chained Append(string? text) { writer.Write(text); return this; }
        public Chained Append(char c) { writer.Write(c); return this; }
        public void Flush() => writer.Flush();
    }
}
