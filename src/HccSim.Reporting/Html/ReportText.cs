using System.Globalization;
using System.Text.Encodings.Web;

namespace HccSim.Reporting.Html;

/// <summary>
/// Every string from a scenario reaches the page through one of these: <see cref="P"/> for text plotly draws (it reads its
/// strings as a little HTML), <see cref="H"/> for the page itself. Numbers are formatted here too, invariantly.
/// </summary>
internal static class ReportText
{
    /// <summary>Text for plotly, which reads its strings as a little HTML: entities keep every character as text.</summary>
    public static string P(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Text for the page: HTML-encoded.</summary>
    public static string H(string s) => HtmlEncoder.Default.Encode(s);

    /// <summary>A number as the tables show it; "–" when it is missing.</summary>
    public static string F(double x, string format = "0.###") => double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <summary>A parameter path short enough for an axis: its file and last steps (the full path is in the table and the hover).</summary>
    public static string Short(string path)
    {
        if (path.Length <= 48) return path;
        int hash = path.IndexOf('#');
        string file = hash > 0 ? path[..hash] + ": " : "";
        string rest = hash > 0 ? path[(hash + 1)..] : path;
        var steps = rest.Split('.');
        string tail = string.Join(".", steps.Skip(Math.Max(0, steps.Length - 2)));
        return file + "…" + (tail.Length > 44 ? tail[^44..] : tail);
    }
}
