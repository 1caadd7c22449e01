using System.Text.Json;

namespace HccSim.Reporting.Html;

/// <summary>
/// report.html: one self-contained file (plotly.js inlined, no network needed to open it) drawn from a results folder's
/// tidy files alone — a run's summary, curves, targets and incremental analysis, and any psa/, dsa/, sweep/ or trial/
/// folder beside them. Each section is one function of the files (a *Section class beside this one), its figures built
/// with Plotly.NET; a section whose files are absent is left out. Every string from a scenario reaches the page escaped:
/// chart data as JSON whose &lt;, &gt; and &amp; are \u-escaped inside a non-executable script element, labels as entities
/// for plotly, table cells HTML-encoded.
/// </summary>
public static class HtmlReport
{
    /// <summary>Writes report.html into <paramref name="directory"/> from the files there; the path, or null when there is nothing to report.</summary>
    public static string? Write(string directory, string version)
    {
        var sections = Sections(directory);
        if (sections.Count == 0) return null;
        string path = Path.Combine(directory, "report.html");
        ResultWriter.WriteAtomically(path, ReportPage.Render(Header(directory, version), sections));
        return path;
    }

    /// <summary>Every section the folder's files support, in reading order.</summary>
    public static IReadOnlyList<ReportSection> Sections(string directory)
    {
        var order = new List<string>();
        foreach (var f in new[] { "curves.csv", "psa_summary.csv", Path.Combine("psa", "psa_summary.csv") })
            if (TidyCsv.Read(Path.Combine(directory, f)) is { } first) order.AddRange(TidyRows.Strategies(first).Where(x => !order.Contains(x)));
        var colours = new StrategyColours(order);
        var list = new List<ReportSection?>();
        // A section whose files cannot be read (a sweep cut short, a file edited by hand) becomes a note, never a failed report.
        void Add(string id, string title, Func<IEnumerable<ReportSection?>> build)
        {
            try { list.AddRange(build()); }
            catch (Exception e) when (e is InvalidDataException or IOException or JsonException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                list.Add(new ReportSection(id, title, Array.Empty<ReportChart>(), "", $"This section could not be drawn: {e.Message}"));
            }
        }
        Add("os", "Overall survival", () => new[] { SurvivalSection.Build(directory, "os", "Overall survival", colours) });
        Add("pfs", "Progression-free survival", () => new[] { SurvivalSection.Build(directory, "pfs", "Progression-free survival", colours) });
        Add("cfdf", "Cancer-free and drug-free", () => new[] { CfdfSection.Build(directory, colours) });
        Add("occupancy", "Where patients are: state occupancy", () => new[] { OccupancySection.Build(directory) });
        Add("targets", "Simulated against published figures", () => new[] { TargetsSection.Build(directory) });
        Add("economics", "Costs, QALYs and the incremental analysis", () => new[] { EconomicsSection.Build(directory, colours) });
        foreach (var folder in new[] { directory, Path.Combine(directory, "psa") }) Add("psa-plane", "Probabilistic analysis", () => PsaSections.Build(folder, colours).ToList());
        foreach (var folder in new[] { directory, Path.Combine(directory, "dsa") }) Add("dsa", "One-way sensitivity: tornado", () => new[] { TornadoSection.Build(folder) });
        foreach (var folder in new[] { directory, Path.Combine(directory, "sweep") }) Add("sweep", "Parameter sweep", () => new[] { SweepSection.Build(folder, colours) });
        foreach (var folder in new[] { directory, Path.Combine(directory, "trial") }) Add("trial", "Simulated trial", () => new[] { TrialSection.Build(folder) });
        return list.Where(s => s is not null).Select(s => s!).GroupBy(s => s.Id).Select(g => g.First()).ToArray();
    }

    /// <summary>The run's method as its stamp records it, with the cycle and correction of a cycle-based one.</summary>
    private static string Method(string? stamp)
    {
        string method = TidyCsv.StampField(stamp, "method") ?? "continuous";
        return TidyCsv.StampField(stamp, "cycle_months") is { } cycle
            ? $"{method} ({cycle}-month cycles, {TidyCsv.StampField(stamp, "correction") ?? "?"})" : method;
    }

    private static (string Title, string[] Lines) Header(string dir, string version)
    {
        string? stamp = null;
        foreach (var f in new[] { "summary.csv", "psa/psa_summary.csv", "psa_summary.csv", "tornado.csv", "sweep.csv", "replicates.csv" })
            if (File.Exists(Path.Combine(dir, f))) { stamp = File.ReadLines(Path.Combine(dir, f)).FirstOrDefault()?.TrimStart('#', ' '); break; }
        string scenario = TidyCsv.StampField(stamp, "scenario") ?? Path.GetFileName(Path.GetFullPath(dir));
        return ($"HccSim report: {scenario}", new[]
        {
            $"scenario {scenario} — file {TidyCsv.StampField(stamp, "file") ?? "?"}",
            $"SHA-256 {TidyCsv.StampField(stamp, "sha256") ?? "?"}",
            $"method {Method(stamp)} · seed {TidyCsv.StampField(stamp, "seed") ?? "?"} · patients {TidyCsv.StampField(stamp, "patients") ?? "?"} · HccSim {TidyCsv.StampField(stamp, "hccsim") ?? version} · results of {TidyCsv.StampField(stamp, "finished") ?? "?"} · report written {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC by HccSim {version}",
        });
    }
}
