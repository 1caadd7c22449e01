using System.Text.RegularExpressions;

namespace HccSim.Cli.Tests;

/// <summary>
/// What each chart of a report actually paints, measured in the browser: a script added to a copy of the page (the
/// report itself carries no test code) waits until plotly has drawn every chart, then counts, trace by trace, the
/// marks that can be seen — a line with a visible stroke and some length inside the plot area, a filled area or a bar
/// with both width and height there, a marker inside it — and writes the counts on each chart's element, where
/// --dump-dom shows them. A chart that "rendered" but whose bars all have zero height, or whose points all fall
/// outside its axes, counts no mark.
/// </summary>
internal static partial class MarkProbe
{
    private const string Script = """
        <script>
        (function () {
          function painted(el, how) {
            const cs = getComputedStyle(el);
            if (cs.display === 'none' || cs.visibility === 'hidden' || parseFloat(cs.opacity) === 0) return false;
            const stroke = cs.stroke !== 'none' && parseFloat(cs.strokeWidth) > 0 && parseFloat(cs.strokeOpacity) > 0;
            const fill = cs.fill !== 'none' && parseFloat(cs.fillOpacity) > 0;
            return how === 'stroke' ? stroke : how === 'fill' ? fill : stroke || fill;
          }
          function overlap(r, a) {
            return { w: Math.min(r.right, a.right) - Math.max(r.left, a.left), h: Math.min(r.bottom, a.bottom) - Math.max(r.top, a.top) };
          }
          function probe() {
            const charts = Array.from(document.querySelectorAll('[data-chart]'));
            if (charts.some(c => !c.hasAttribute('data-rendered'))) { setTimeout(probe, 50); return; }
            for (const c of charts) {
              const box = c.getBoundingClientRect(), size = c._fullLayout._size;
              const area = { left: box.left + size.l, top: box.top + size.t, right: box.left + size.l + size.w, bottom: box.top + size.t + size.h };
              const perTrace = new Map();
              for (const g of c.querySelectorAll('.cartesianlayer g.trace')) {
                const d = g.__data__, trace = Array.isArray(d) ? d[0] && d[0].trace : d && d.trace;
                if (!trace) continue;
                let marks = 0;
                for (const p of g.querySelectorAll('path.js-line')) {
                  const o = overlap(p.getBoundingClientRect(), area);
                  if (painted(p, 'stroke') && p.getTotalLength() > 0 && o.w >= 0 && o.h >= 0 && o.w + o.h > 0) marks++;
                }
                for (const p of g.querySelectorAll('path.js-fill, .point > path, path.point')) {
                  const o = overlap(p.getBoundingClientRect(), area);
                  if (painted(p, 'any') && o.w > 0.5 && o.h > 0.5) marks++;
                }
                const key = trace.index;
                const seen = perTrace.get(key) || { name: trace.name || ('trace ' + key), legend: trace.showlegend !== false, marks: 0 };
                seen.marks += marks;
                perTrace.set(key, seen);
              }
              const traces = Array.from(perTrace.values());
              c.setAttribute('data-traces', String(traces.length));
              c.setAttribute('data-marks', String(traces.reduce((n, t) => n + t.marks, 0)));
              c.setAttribute('data-unmarked', traces.filter(t => t.legend && t.marks === 0).map(t => t.name).join(' | '));
            }
            document.body.setAttribute('data-probed', String(charts.length));
          }
          probe();
        })();
        </script>
        """;

    /// <summary>A copy of the report beside it with the probe added before &lt;/body&gt;; its path.</summary>
    public static string Instrument(string report)
    {
        string html = File.ReadAllText(report);
        int end = html.LastIndexOf("</body>", StringComparison.Ordinal);
        if (end < 0) throw new InvalidDataException($"{report} has no </body>");
        string probed = Path.Combine(Path.GetDirectoryName(report)!, "report-probed.html");
        File.WriteAllText(probed, html[..end] + Script + html[end..]);
        return probed;
    }

    /// <summary>One chart as the probe measured it.</summary>
    public sealed record Chart(string Id, int Traces, int Marks, string Unmarked);

    /// <summary>Every chart the probe measured, from the dumped DOM.</summary>
    public static IReadOnlyList<Chart> Read(string dom)
        => Measured().Matches(dom).Select(m => new Chart(m.Groups["id"].Value, int.Parse(m.Groups["traces"].Value), int.Parse(m.Groups["marks"].Value),
            System.Net.WebUtility.HtmlDecode(m.Groups["unmarked"].Value))).ToArray();

    // Attributes in the order the page and then the probe set them: id, data-chart, data-rendered, data-traces, data-marks, data-unmarked.
    [GeneratedRegex(@"<div class=""chart[^""]*"" id=""(?<id>[^""]+)""[^>]*?data-traces=""(?<traces>\d+)"" data-marks=""(?<marks>\d+)"" data-unmarked=""(?<unmarked>[^""]*)""")]
    private static partial Regex Measured();
}
