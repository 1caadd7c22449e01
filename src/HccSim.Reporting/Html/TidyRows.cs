using System.Globalization;

namespace HccSim.Reporting.Html;

/// <summary>Small readings of a tidy CSV that several sections share.</summary>
internal static class TidyRows
{
    /// <summary>The strategies of the file, in the order they first appear.</summary>
    public static List<string> Strategies(TidyCsv csv) => csv.Rows.Select(r => csv.Text(r, "strategy")).Distinct().ToList();

    /// <summary>A curve's value (a share) for the strategy at time t, as a percentage; "–" when the curve has no such point.</summary>
    public static string ShareAt(IEnumerable<string[]> rows, TidyCsv csv, string strategy, double t)
    {
        var r = rows.FirstOrDefault(x => csv.Text(x, "strategy") == strategy && Math.Abs(csv.Number(x, "time") - t) < 1e-9);
        return r is null ? "–" : csv.Number(r, "value").ToString("0.0%", CultureInfo.InvariantCulture);
    }
}
