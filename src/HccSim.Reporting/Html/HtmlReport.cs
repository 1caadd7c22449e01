using System.Text.Json;

namespace HccSim.Reporting.Html;

/// <summary>
/// report.html: one self-contained file (plotly.js inlined, no network needed to open it) drawn from a results folder's
/// tidy files alone — a run's summary, curves, targets and incremental analysis, and any psa/, dsa/, sweep/, trial/ or evsi/
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
        var header = Header(directory, version);
        var stale = sections.Where(s => s.Stale is not null).Select(s => s.Title).ToList();
        if (stale.Count > 0)
            header = (header.Title, header.Lines.Append($"{stale.Count} section{(stale.Count == 1 ? " is" : "s are")} from another run and marked stale below: {string.Join("; ", stale)}.").ToArray());
        ResultWriter.WriteAtomically(path, stream => ReportPage.Write(stream, header, sections));
        return path;
    }

    /// <summary>
    /// Every section the folder's files support, in reading order, each with the stamp of the file it is drawn from. A
    /// section of another run — another scenario hash or seed than the folder's run (summary.csv), or than the latest
    /// analysis when there is no run — is kept but marked stale, with where it came from.
    /// </summary>
    public static IReadOnlyList<ReportSection> Sections(string directory)
    {
        using var memo = TidyCsv.Memoise();
        var order = new List<string>();
        foreach (var f in new[] { "curves.csv", "psa_summary.csv", Path.Combine("psa", "psa_summary.csv") })
            if (TidyCsv.Read(Path.Combine(directory, f)) is { } first) order.AddRange(TidyRows.Strategies(first).Where(x => !order.Contains(x)));
        var colours = new StrategyColours(order);
        var list = new List<ReportSection?>();
        // A section whose files cannot be read (a sweep cut short, a file edited by hand) becomes a note, never a failed report.
        // stampFile: the file the section is drawn from, whose stamp line says which run it is of.
        void Add(string id, string title, string stampFile, Func<IEnumerable<ReportSection?>> build)
        {
            var stamp = SectionStamp.Read(stampFile);
            try { list.AddRange(build().Select(s => s is null ? null : s with { Stamp = stamp })); }
            catch (Exception e) when (e is InvalidDataException or IOException or JsonException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                list.Add(new ReportSection(id, title, Array.Empty<ReportChart>(), "", $"This section could not be drawn: {e.Message}") { Stamp = stamp });
            }
        }
        string In(string folder, string file) => Path.Combine(folder, file);
        Add("os", "Overall survival", In(directory, "curves.csv"), () => new[] { SurvivalSection.Build(directory, "os", "Overall survival", colours) });
        Add("pfs", "Progression-free survival", In(directory, "curves.csv"), () => new[] { SurvivalSection.Build(directory, "pfs", "Progression-free survival", colours) });
        Add("cfdf", "Cancer-free and drug-free", In(directory, "curves.csv"), () => new[] { CfdfSection.Build(directory, colours) });
        Add("occupancy", "Where patients are: state occupancy", In(directory, "curves.csv"), () => new[] { OccupancySection.Build(directory) });
        Add("targets", "Simulated against published figures", In(directory, "targets.csv"), () => new[] { TargetsSection.Build(directory) });
        Add("economics", "Costs, QALYs and the incremental analysis", In(directory, "incremental.csv"), () => new[] { EconomicsSection.Build(directory, colours) });
        foreach (var folder in new[] { directory, In(directory, "psa") }) Add("psa-plane", "Probabilistic analysis", In(folder, "psa_summary.csv"), () => PsaSections.Build(folder, colours).ToList());
        foreach (var folder in new[] { directory, In(directory, "dsa") }) Add("dsa", "One-way sensitivity: tornado", In(folder, "tornado.csv"), () => new[] { TornadoSection.Build(folder) });
        foreach (var folder in new[] { directory, In(directory, "sweep") }) Add("sweep", "Parameter sweep", In(folder, "sweep.csv"), () => new[] { SweepSection.Build(folder, colours) });
        foreach (var folder in new[] { directory, In(directory, "trial") }) Add("trial", "Simulated trial", In(folder, "replicates.csv"), () => new[] { TrialSection.Build(folder) });
        foreach (var folder in new[] { directory, In(directory, "evsi") }) Add("evsi", "What the trial is worth", In(folder, "evsi.csv"), () => new[] { EvsiSection.Build(folder) });
        var sections = list.Where(s => s is not null).Select(s => s!).GroupBy(s => s.Id).Select(g => g.First()).ToArray();
        var current = SectionStamp.Read(In(directory, "summary.csv")) ?? sections.Select(s => s.Stamp).Where(s => s is not null).MaxBy(s => s!.Time);
        return current is null ? sections : sections.Select(s => s with { Stale = StaleReason(s.Stamp, current) }).ToArray();
    }

    /// <summary>Why a section with <paramref name="stamp"/> is not of the <paramref name="current"/> run; null when it is.</summary>
    private static string? StaleReason(SectionStamp? stamp, SectionStamp current)
    {
        if (stamp is null) return "Stale? Its file has no stamp line, so which run wrote it cannot be told.";
        if (stamp.SameRunAs(current)) return null;
        string scenario = stamp.Scenario is { } name && name != current.Scenario ? $"scenario {name}, " : "";
        return $"Stale: from {scenario}seed {stamp.Seed ?? "?"}, scenario sha {stamp.ShortSha}, {stamp.When} — not the run this report is of " +
               $"(seed {current.Seed ?? "?"}, sha {current.ShortSha}, {current.When}). Rerun it to bring it up to date.";
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
        foreach (var f in new[] { "summary.csv", "psa/psa_summary.csv", "psa_summary.csv", "tornado.csv", "sweep.csv", "replicates.csv", "evsi.csv" })
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
