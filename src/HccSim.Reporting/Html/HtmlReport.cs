using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace HccSim.Reporting.Html;

/// <summary>One chart: a plotly figure ({ data, layout }) and the element it is drawn in.</summary>
public sealed record Chart(string Id, object Figure);

/// <summary>A section of the report: its charts, the table behind them and a footnote saying how they were computed.</summary>
public sealed record ReportSection(string Id, string Title, IReadOnlyList<Chart> Charts, string TableHtml, string Footnote);

/// <summary>
/// report.html: one self-contained file (plotly.js inlined, no network needed to open it) drawn from a results folder's
/// tidy files alone — a run's summary, curves, targets and incremental analysis, and any psa/, dsa/, sweep/ or trial/
/// folder beside them. Each section is one function of the files; a section whose files are absent is left out.
/// Every string from a scenario reaches the page escaped: chart data as JSON whose &lt;, &gt; and &amp; are \u-escaped
/// inside a non-executable script element, labels as entities for plotly, table cells HTML-encoded.
/// </summary>
public static class HtmlReport
{
    /// <summary>Okabe–Ito: a palette told apart with every common colour-vision deficiency.</summary>
    public static readonly string[] Palette = { "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442" };

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Default, // escapes <, >, &, ' and non-ASCII: nothing in the data can close the script element
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes report.html into <paramref name="directory"/> from the files there; the path, or null when there is nothing to report.</summary>
    public static string? Write(string directory, string version)
    {
        var sections = Sections(directory);
        if (sections.Count == 0) return null;
        string path = Path.Combine(directory, "report.html");
        ResultWriter.WriteAtomically(path, Render(Header(directory, version), sections));
        return path;
    }

    /// <summary>Every section the folder's files support, in reading order.</summary>
    public static IReadOnlyList<ReportSection> Sections(string directory)
    {
        var order = new List<string>();
        foreach (var f in new[] { "curves.csv", "psa_summary.csv", Path.Combine("psa", "psa_summary.csv") })
            if (TidyCsv.Read(Path.Combine(directory, f)) is { } first) order.AddRange(Strategies(first).Where(x => !order.Contains(x)));
        var colours = new Colours(order);
        var list = new List<ReportSection?>();
        // A section whose files cannot be read (a sweep cut short, a file edited by hand) becomes a note, never a failed report.
        void Add(string id, string title, Func<IEnumerable<ReportSection?>> build)
        {
            try { list.AddRange(build()); }
            catch (Exception e) when (e is InvalidDataException or IOException or JsonException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                list.Add(new ReportSection(id, title, Array.Empty<Chart>(), "", $"This section could not be drawn: {e.Message}"));
            }
        }
        Add("os", "Overall survival", () => new[] { Survival(directory, "os", "Overall survival", colours) });
        Add("pfs", "Progression-free survival", () => new[] { Survival(directory, "pfs", "Progression-free survival", colours) });
        Add("cfdf", "Cancer-free and drug-free", () => new[] { Cfdf(directory, colours) });
        Add("occupancy", "Where patients are: state occupancy", () => new[] { Occupancy(directory) });
        Add("targets", "Simulated against published figures", () => new[] { Targets(directory) });
        Add("economics", "Costs, QALYs and the incremental analysis", () => new[] { Economics(directory, colours) });
        foreach (var folder in new[] { directory, Path.Combine(directory, "psa") }) Add("psa-plane", "Probabilistic analysis", () => Psa(folder, colours).ToList());
        foreach (var folder in new[] { directory, Path.Combine(directory, "dsa") }) Add("dsa", "One-way sensitivity: tornado", () => new[] { Tornado(folder) });
        foreach (var folder in new[] { directory, Path.Combine(directory, "sweep") }) Add("sweep", "Parameter sweep", () => new[] { Sweep(folder, colours) });
        foreach (var folder in new[] { directory, Path.Combine(directory, "trial") }) Add("trial", "Simulated trial", () => new[] { Trial(folder) });
        return list.Where(s => s is not null).Select(s => s!).GroupBy(s => s.Id).Select(g => g.First()).ToArray();
    }

    /// <summary>Text for plotly, which reads its strings as a little HTML: entities keep every character as text.</summary>
    public static string P(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    private static string H(string s) => HtmlEncoder.Default.Encode(s);

    /// <summary>A parameter path short enough for an axis: its file and last steps (the full path is in the table and the hover).</summary>
    private static string Short(string path)
    {
        if (path.Length <= 48) return path;
        int hash = path.IndexOf('#');
        string file = hash > 0 ? path[..hash] + ": " : "";
        string rest = hash > 0 ? path[(hash + 1)..] : path;
        var steps = rest.Split('.');
        string tail = string.Join(".", steps.Skip(Math.Max(0, steps.Length - 2)));
        return file + "…" + (tail.Length > 44 ? tail[^44..] : tail);
    }
    private static string F(double x, string format = "0.###") => double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "–";
    private static double? J(double x) => double.IsFinite(x) ? x : null;
    private static string Color(int i) => Palette[i % Palette.Length];

    /// <summary>Each strategy keeps one colour in every chart of a report: its place in the run's strategy order.</summary>
    private sealed class Colours(List<string> order)
    {
        public string Of(string strategy)
        {
            int i = order.IndexOf(strategy);
            if (i < 0) { order.Add(strategy); i = order.Count - 1; }
            return Color(i);
        }
    }

    private static object Axis(string title, object? extra = null)
    {
        var axis = new Dictionary<string, object?> { ["title"] = new { text = P(title) }, ["zeroline"] = false, ["gridcolor"] = "#e5e5e5" };
        if (extra is not null) foreach (var p in extra.GetType().GetProperties()) axis[p.Name] = p.GetValue(extra);
        return axis;
    }

    private static object Layout(string xTitle, string yTitle, object? x = null, object? y = null, object? extra = null)
    {
        var layout = new Dictionary<string, object?>
        {
            ["xaxis"] = Axis(xTitle, x), ["yaxis"] = Axis(yTitle, y),
            ["margin"] = new { l = 70, r = 20, t = 20, b = 60 }, ["height"] = 420, ["hovermode"] = "closest",
            ["legend"] = new { orientation = "h", y = -0.22 }, ["plot_bgcolor"] = "#fff",
            ["font"] = new { family = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size = 13 },
        };
        if (extra is not null) foreach (var p in extra.GetType().GetProperties()) layout[p.Name] = p.GetValue(extra);
        return layout;
    }

    /// <summary>Months on a 10-year horizon: a tick a year, labelled in months and years.</summary>
    private static object MonthAxis(double horizon) => new
    {
        range = new[] { 0, horizon }, tickmode = "array",
        tickvals = Enumerable.Range(0, (int)(horizon / 12) + 1).Select(y => y * 12.0).ToArray(),
        ticktext = Enumerable.Range(0, (int)(horizon / 12) + 1).Select(y => $"{y * 12}<br>({y} y)").ToArray(),
    };

    private static string Table(IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        var sb = new StringBuilder("<div class=\"table\"><table><thead><tr>");
        foreach (var h in header) sb.Append("<th>").Append(H(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in rows)
        {
            sb.Append("<tr>");
            foreach (var c in r) sb.Append("<td>").Append(H(c)).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table></div>").ToString();
    }

    private static List<string> Strategies(TidyCsv csv) => csv.Rows.Select(r => csv.Text(r, "strategy")).Distinct().ToList();

    private static ReportSection? Survival(string dir, string curve, string title, Colours colours)
    {
        if (TidyCsv.Read(Path.Combine(dir, "curves.csv")) is not { } curves) return null;
        var rows = curves.Rows.Where(r => curves.Text(r, "curve") == curve).ToList();
        if (rows.Count == 0) return null;
        var strategies = Strategies(curves);
        double horizon = rows.Max(r => curves.Number(r, "time"));
        var data = new List<object>();
        for (int s = 0; s < strategies.Count; s++)
        {
            var mine = rows.Where(r => curves.Text(r, "strategy") == strategies[s]).ToList();
            var t = mine.Select(r => curves.Number(r, "time")).ToArray();
            // The 95% band: upper edge, then the lower edge filled up to it; neither in the legend.
            data.Add(new { type = "scatter", mode = "lines", x = t, y = mine.Select(r => J(curves.Number(r, "upper"))), line = new { width = 0, color = colours.Of(strategies[s]) }, hoverinfo = "skip", showlegend = false, legendgroup = strategies[s] });
            data.Add(new { type = "scatter", mode = "lines", x = t, y = mine.Select(r => J(curves.Number(r, "lower"))), line = new { width = 0, color = colours.Of(strategies[s]) }, fill = "tonexty", fillcolor = colours.Of(strategies[s]) + "33", hoverinfo = "skip", showlegend = false, legendgroup = strategies[s] });
            data.Add(new
            {
                type = "scatter", mode = "lines", name = P(strategies[s]), x = t, y = mine.Select(r => J(curves.Number(r, "value"))), legendgroup = strategies[s],
                line = new { width = 2, color = colours.Of(strategies[s]) }, hovertemplate = $"{P(strategies[s])}<br>%{{x:.2f}} months: %{{y:.4f}}<extra></extra>",
            });
        }
        // Published whole-cohort targets for this curve: a median at survival 0.5 (horizontal interval), a landmark at its time (vertical).
        var targets = TidyCsv.Read(Path.Combine(dir, "targets.csv"));
        var points = new List<(double X, double Y, double? Lo, double? Hi, bool Horizontal, string Label)>();
        if (targets is not null)
            foreach (var r in targets.Rows.Where(r => !targets.Has("subgroup") || targets.Text(r, "subgroup").Length == 0))
            {
                string outcome = targets.Text(r, "outcome");
                double v = targets.Number(r, "target"), lo = targets.Number(r, "target_lower"), hi = targets.Number(r, "target_upper");
                string label = $"{targets.Text(r, "strategy")}: {outcome} = {F(v)}{(double.IsFinite(lo) ? $" ({F(lo)}–{F(hi)})" : "")} — {targets.Text(r, "source")}";
                if (outcome == $"{curve}_median") points.Add((v, 0.5, J(lo), J(hi), true, label));
                else if (outcome.StartsWith($"{curve}_at(", StringComparison.Ordinal) && double.TryParse(outcome[(curve.Length + 4)..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double at))
                    points.Add((at, v, J(lo), J(hi), false, label));
            }
        if (points.Count > 0)
            data.Add(new
            {
                type = "scatter", mode = "markers", name = "published targets", x = points.Select(p => p.X), y = points.Select(p => p.Y),
                marker = new { symbol = "diamond", size = 10, color = "#000" }, text = points.Select(p => P(p.Label)), hovertemplate = "%{text}<extra></extra>",
                error_x = new { type = "data", symmetric = false, array = points.Select(p => p.Horizontal && p.Hi is { } h ? h - p.X : (double?)null), arrayminus = points.Select(p => p.Horizontal && p.Lo is { } l ? p.X - l : (double?)null), visible = true, color = "#000" },
                error_y = new { type = "data", symmetric = false, array = points.Select(p => !p.Horizontal && p.Hi is { } h ? h - p.Y : (double?)null), arrayminus = points.Select(p => !p.Horizontal && p.Lo is { } l ? p.Y - l : (double?)null), visible = true, color = "#000" },
            });
        var summary = TidyCsv.Read(Path.Combine(dir, "summary.csv"));
        string Cell(string s, string o)
        {
            var row = summary?.Rows.FirstOrDefault(r => summary.Text(r, "strategy") == s && summary.Text(r, "outcome") == o);
            return row is null ? "–" : $"{F(summary!.Number(row, "value"), "0.0##")} ({F(summary.Number(row, "lower"), "0.0##")}–{F(summary.Number(row, "upper"), "0.0##")})";
        }
        string table = Table(new[] { "strategy", $"median {curve.ToUpperInvariant()}, months (95% CI)", "at 1 year", "at 2 years", "at 3 years", "at 5 years" },
            strategies.Select(s => new[] { s, Cell(s, $"{curve}_median"),
                At(rows, curves, s, 12), At(rows, curves, s, 24), At(rows, curves, s, 36), At(rows, curves, s, 60) }));
        var figure = new { data, layout = Layout("months since the start of treatment", curve == "pfs" ? "share alive and progression-free" : "share alive", MonthAxis(horizon), new { range = new[] { 0, 1.02 }, tickformat = ".0%" }) };
        return new ReportSection(curve, title, new[] { new Chart($"chart-{curve}", figure) }, table,
            $"Kaplan–Meier-type share of the simulated cohort event-free at each quarter-month (no censoring but the horizon), with a pointwise 95% binomial band. " +
            $"Diamonds: published whole-cohort targets (a median drawn at 50% with its interval across; a landmark at its time with its interval up and down); subgroup targets are in the targets section.");
    }

    private static string At(List<string[]> rows, TidyCsv csv, string strategy, double t)
    {
        var r = rows.FirstOrDefault(x => csv.Text(x, "strategy") == strategy && Math.Abs(csv.Number(x, "time") - t) < 1e-9);
        return r is null ? "–" : csv.Number(r, "value").ToString("0.0%", CultureInfo.InvariantCulture);
    }

    private static ReportSection? Cfdf(string dir, Colours colours)
    {
        if (TidyCsv.Read(Path.Combine(dir, "curves.csv")) is not { } curves) return null;
        var rows = curves.Rows.Where(r => curves.Text(r, "curve") == "cfdf").ToList();
        var strategies = Strategies(curves).Where(s => rows.Any(r => curves.Text(r, "strategy") == s && curves.Number(r, "value") > 0)).ToList();
        if (strategies.Count == 0) return null;
        double horizon = rows.Max(r => curves.Number(r, "time"));
        var data = strategies.Select(s =>
        {
            var mine = rows.Where(r => curves.Text(r, "strategy") == s).ToList();
            return (object)new
            {
                type = "scatter", mode = "lines", name = P(s), x = mine.Select(r => curves.Number(r, "time")), y = mine.Select(r => J(curves.Number(r, "value"))),
                line = new { width = 2, color = colours.Of(s) }, hovertemplate = $"{P(s)}<br>%{{x:.2f}} months: %{{y:.2%}}<extra></extra>",
            };
        }).ToList();
        var summary = TidyCsv.Read(Path.Combine(dir, "summary.csv"));
        string V(string s, string o) => summary?.Rows.FirstOrDefault(r => summary.Text(r, "strategy") == s && summary.Text(r, "outcome") == o) is { } r ? F(summary!.Number(r, "value"), o.StartsWith("cfdf_months", StringComparison.Ordinal) ? "0.0" : "0.0%") : "–";
        var figure = new { data, layout = Layout("months since the start of treatment", "share cancer-free and drug-free", MonthAxis(horizon), new { tickformat = ".0%", rangemode = "tozero" }) };
        return new ReportSection("cfdf", "Cancer-free and drug-free", new[] { new Chart("chart-cfdf", figure) },
            Table(new[] { "strategy", "ever cancer-free drug-free", "at 3 years", "mean months cancer-free drug-free" }, strategies.Select(s => new[] { s, V(s, "cfdf_ever"), V(s, "cfdf_at(36)"), V(s, "cfdf_months") })),
            "Share of the cohort in a cancer-free state with no systemic therapy at each quarter-month (prevalence, not cumulative); strategies that never reach such a state are left out.");
    }

    private static ReportSection? Occupancy(string dir)
    {
        if (TidyCsv.Read(Path.Combine(dir, "curves.csv")) is not { } curves) return null;
        var rows = curves.Rows.Where(r => curves.Text(r, "curve").StartsWith("occupancy(", StringComparison.Ordinal)).ToList();
        if (rows.Count == 0) return null;
        var charts = new List<Chart>();
        var tableRows = new List<string[]>();
        int n = 0;
        foreach (var s in Strategies(curves))
        {
            var mine = rows.Where(r => curves.Text(r, "strategy") == s).ToList();
            if (mine.Count == 0) continue;
            var states = mine.Select(r => curves.Text(r, "curve")).Distinct().ToList();
            double horizon = mine.Max(r => curves.Number(r, "time"));
            var data = states.Select((st, i) =>
            {
                var pts = mine.Where(r => curves.Text(r, "curve") == st).ToList();
                string name = st["occupancy(".Length..^1];
                return (object)new
                {
                    type = "scatter", mode = "lines", stackgroup = "one", name = P(name), x = pts.Select(r => curves.Number(r, "time")), y = pts.Select(r => J(curves.Number(r, "value"))),
                    line = new { width = 0.5, color = name.EndsWith("dead", StringComparison.Ordinal) ? "#bdbdbd" : Color(i) }, hovertemplate = $"{P(name)}<br>%{{x:.2f}} months: %{{y:.2%}}<extra></extra>",
                };
            }).ToList();
            charts.Add(new Chart($"chart-occupancy-{n++}", new
            {
                data,
                layout = Layout("months since the start of treatment", "share in each state", MonthAxis(horizon), new { range = new[] { 0, 1 }, tickformat = ".0%" },
                    new { height = 380, title = new { text = P(s), font = new { size = 14 } }, legend = new { orientation = "v", x = 1.02, y = 1, font = new { size = 11 } }, margin = new { l = 60, r = 10, t = 40, b = 60 } }),
            }));
            foreach (var st in states)
                tableRows.Add(new[] { s, st["occupancy(".Length..^1], At(mine.Where(r => curves.Text(r, "curve") == st).ToList(), curves, s, 12), At(mine.Where(r => curves.Text(r, "curve") == st).ToList(), curves, s, 36), At(mine.Where(r => curves.Text(r, "curve") == st).ToList(), curves, s, 60) });
        }
        return new ReportSection("occupancy", "Where patients are: state occupancy", charts, Table(new[] { "strategy", "state", "at 1 year", "at 3 years", "at 5 years" }, tableRows),
            "Share of the cohort in each state at each quarter-month, stacked (each column sums to 1; the dead state is the top band).");
    }

    private static ReportSection? Targets(string dir)
    {
        if (TidyCsv.Read(Path.Combine(dir, "targets.csv")) is not { } t || t.Rows.Count == 0) return null;
        // Each target on one scale: simulated and published as ratios to the published value (1 = on target).
        var rows = t.Rows.Where(r => t.Number(r, "target") != 0).ToList();
        // Numbered: two targets of the same strategy and outcome (from two sources) keep a row each.
        var labels = rows.Select((r, i) => P($"{i + 1}. {t.Text(r, "strategy")} · {t.Text(r, "outcome")}{(t.Has("subgroup") && t.Text(r, "subgroup").Length > 0 ? $" ({t.Text(r, "subgroup")})" : "")}")).ToArray();
        double Ratio(string[] r, string c) => t.Number(r, c) / t.Number(r, "target");
        var data = new List<object>
        {
            new
            {
                type = "scatter", mode = "markers", name = "published (interval where given)", y = labels, x = rows.Select(_ => 1.0),
                marker = new { symbol = "diamond-open", size = 10, color = "#000" },
                error_x = new { type = "data", symmetric = false, array = rows.Select(r => J(Ratio(r, "target_upper") - 1)), arrayminus = rows.Select(r => J(1 - Ratio(r, "target_lower"))), color = "#666" },
                text = rows.Select(r => P($"published {F(t.Number(r, "target"))} — {t.Text(r, "source")}")), hovertemplate = "%{text}<extra></extra>",
            },
            new
            {
                type = "scatter", mode = "markers", name = "simulated (95% CI)", y = labels, x = rows.Select(r => J(Ratio(r, "simulated"))),
                marker = new { size = 9, color = rows.Select(r => t.Has("conflict") && t.Text(r, "conflict").Length > 0 ? "#D55E00" : t.Text(r, "inside") == "TRUE" ? "#009E73" : "#CC79A7") },
                error_x = new { type = "data", symmetric = false, array = rows.Select(r => J(Ratio(r, "upper") - Ratio(r, "simulated"))), arrayminus = rows.Select(r => J(Ratio(r, "simulated") - Ratio(r, "lower"))), color = "#444" },
                text = rows.Select(r => P($"simulated {F(t.Number(r, "simulated"))} ({F(t.Number(r, "lower"))}–{F(t.Number(r, "upper"))})")), hovertemplate = "%{text}<extra></extra>",
            },
        };
        var figure = new { data, layout = Layout("simulated ÷ published (1 = on target)", "", new { type = "log", zeroline = false }, new { automargin = true, autorange = "reversed" }, new { height = Math.Max(300, 28 * rows.Count + 120), margin = new { l = 20, r = 20, t = 20, b = 60 } }) };
        var table = Table(new[] { "strategy", "outcome", "subgroup", "published", "simulated (95% CI)", "met", "source" }, t.Rows.Select(r => new[]
        {
            t.Text(r, "strategy"), t.Text(r, "outcome"), t.Has("subgroup") ? t.Text(r, "subgroup") : "",
            F(t.Number(r, "target")) + (double.IsFinite(t.Number(r, "target_lower")) ? $" ({F(t.Number(r, "target_lower"))}–{F(t.Number(r, "target_upper"))})" : ""),
            $"{F(t.Number(r, "simulated"))} ({F(t.Number(r, "lower"))}–{F(t.Number(r, "upper"))})",
            t.Has("conflict") && t.Text(r, "conflict").Length > 0 ? "conflict: " + t.Text(r, "conflict") : t.Text(r, "inside") == "TRUE" ? "yes" : t.Text(r, "inside") == "FALSE" ? "no" : "–",
            t.Text(r, "source"),
        }));
        return new ReportSection("targets", "Simulated against published figures", new[] { new Chart("chart-targets", figure) }, table,
            "Every target of the scenario as a ratio to its published value, on a log scale so that halving and doubling look alike. Green: the published value lies in the simulated 95% interval " +
            "(or the intervals overlap); pink: missed; orange: a figure the scenario declares in conflict with those it follows (reported, never counted as met).");
    }

    private static ReportSection? Economics(string dir, Colours colours)
    {
        if (TidyCsv.Read(Path.Combine(dir, "incremental.csv")) is not { } inc || inc.Rows.Count < 2) return null;
        var rows = inc.Rows.OrderBy(r => inc.Number(r, "cost")).ToList();
        var frontier = rows.Where(r => inc.Text(r, "status") == "frontier").ToList();
        var all = rows.Select(r => inc.Text(r, "strategy")).ToList();
        var data = new List<object>
        {
            new { type = "scatter", mode = "lines", name = "efficiency frontier", x = frontier.Select(r => inc.Number(r, "qalys")), y = frontier.Select(r => inc.Number(r, "cost")), line = new { color = "#888", dash = "dot" }, hoverinfo = "skip" },
        };
        for (int i = 0; i < rows.Count; i++)
            data.Add(new
            {
                type = "scatter", mode = "markers+text", name = P(all[i]), x = new[] { inc.Number(rows[i], "qalys") }, y = new[] { inc.Number(rows[i], "cost") },
                text = new[] { P(all[i]) }, textposition = "top center", marker = new { size = 12, color = colours.Of(all[i]) },
                hovertemplate = $"{P(all[i])}<br>%{{x:.3f}} QALYs, %{{y:,.0f}}<br>{P(inc.Text(rows[i], "status"))}<extra></extra>",
            });
        var figure = new { data, layout = Layout("discounted QALYs per patient", "discounted cost per patient", null, new { tickformat = ",.0f" }) };
        var table = Table(new[] { "strategy", "cost", "QALYs", "life-years", "Δ cost", "Δ QALYs", "ICER", "status", "NMB" }, rows.Select(r => new[]
        {
            inc.Text(r, "strategy"), F(inc.Number(r, "cost"), "N0"), F(inc.Number(r, "qalys"), "0.000"), F(inc.Number(r, "life_years"), "0.000"),
            F(inc.Number(r, "incremental_cost"), "N0"), F(inc.Number(r, "incremental_qalys"), "0.000"), F(inc.Number(r, "icer"), "N0"),
            inc.Text(r, "status") + (inc.Text(r, "dominated_by").Length > 0 ? $" ({inc.Text(r, "dominated_by")})" : ""), F(inc.Number(r, "nmb"), "N0"),
        }));
        return new ReportSection("economics", "Costs, QALYs and the incremental analysis", new[] { new Chart("chart-ce", figure) }, table,
            "Discounted expected cost and QALYs per patient of each compared strategy; the dotted line joins the efficiency frontier after strict and extended dominance are removed, and the ICERs are along it.");
    }

    private static IEnumerable<ReportSection?> Psa(string dir, Colours colours)
    {
        var draws = TidyCsv.Read(Path.Combine(dir, "psa_draws.csv"));
        var ceac = TidyCsv.Read(Path.Combine(dir, "ceac.csv"));
        var summary = TidyCsv.Read(Path.Combine(dir, "psa_summary.csv"));
        if (draws is null || ceac is null || summary is null) yield break;
        var strategies = Strategies(summary);
        var plane = strategies.Select((s, i) =>
        {
            var mine = draws.Rows.Where(r => draws.Text(r, "strategy") == s).ToList();
            return (object)new
            {
                type = "scatter", mode = "markers", name = P(s), x = mine.Select(r => draws.Number(r, "qalys")), y = mine.Select(r => draws.Number(r, "cost")),
                marker = new { size = 4, opacity = 0.5, color = colours.Of(s) }, hovertemplate = $"{P(s)}<br>%{{x:.3f}} QALYs, %{{y:,.0f}}<extra></extra>",
            };
        }).ToList();
        yield return new ReportSection("psa-plane", "Probabilistic analysis: the cost-effectiveness plane", new[] { new Chart("chart-psa-plane", new { data = plane, layout = Layout("discounted QALYs per patient", "discounted cost per patient", null, new { tickformat = ",.0f" }) }) },
            Table(new[] { "strategy", "cost (95% range)", "QALYs (95% range)", "life-years (95% range)", "P(cost-effective)" }, summary.Rows.Select(r => new[]
            {
                summary.Text(r, "strategy"), $"{F(summary.Number(r, "cost"), "N0")} ({F(summary.Number(r, "cost_lower"), "N0")}–{F(summary.Number(r, "cost_upper"), "N0")})",
                $"{F(summary.Number(r, "qalys"), "0.000")} ({F(summary.Number(r, "qalys_lower"), "0.000")}–{F(summary.Number(r, "qalys_upper"), "0.000")})",
                $"{F(summary.Number(r, "life_years"), "0.000")} ({F(summary.Number(r, "life_years_lower"), "0.000")}–{F(summary.Number(r, "life_years_upper"), "0.000")})",
                F(summary.Number(r, "p_cost_effective"), "0.000"),
            })),
            "One point per parameter draw and strategy: its discounted cost and QALYs per patient, every draw simulating the same patients. Ranges are the 2.5th–97.5th percentiles of the draws.");

        var curves = strategies.Select((s, i) =>
        {
            var mine = ceac.Rows.Where(r => ceac.Text(r, "strategy") == s).ToList();
            return (object)new
            {
                type = "scatter", mode = "lines", name = P(s), x = mine.Select(r => ceac.Number(r, "wtp")), y = mine.Select(r => ceac.Number(r, "probability_cost_effective")),
                line = new { width = 2, color = colours.Of(s) }, hovertemplate = $"{P(s)}<br>λ %{{x:,.0f}}: %{{y:.3f}}<extra></extra>",
            };
        }).ToList();
        var best = ceac.Rows.Where(r => ceac.Text(r, "optimal") == "TRUE").ToList();
        curves.Add(new
        {
            type = "scatter", mode = "markers", name = "frontier (highest expected net benefit)", x = best.Select(r => ceac.Number(r, "wtp")), y = best.Select(r => ceac.Number(r, "probability_cost_effective")),
            marker = new { symbol = "circle-open", size = 8, color = "#000" }, text = best.Select(r => P(ceac.Text(r, "strategy"))), hovertemplate = "%{text} is optimal at λ %{x:,.0f}<extra></extra>",
        });
        yield return new ReportSection("psa-ceac", "Acceptability curves and frontier", new[] { new Chart("chart-psa-ceac", new { data = curves, layout = Layout("willingness to pay per QALY", "probability cost-effective", new { tickformat = ",.0f" }, new { range = new[] { 0, 1.02 } }) }) },
            Table(new[] { "willingness to pay", "optimal strategy", "its probability cost-effective" }, best.Where((_, i) => i % Math.Max(1, best.Count / 12) == 0).Select(r => new[] { F(ceac.Number(r, "wtp"), "N0"), ceac.Text(r, "strategy"), F(ceac.Number(r, "probability_cost_effective"), "0.000") })),
            "Share of draws in which each strategy has the highest net monetary benefit (λ·QALYs − cost) at each willingness to pay λ; circles mark the strategy with the highest expected net benefit (the frontier).");

        var evpi = ceac.Rows.GroupBy(r => ceac.Text(r, "wtp")).Select(g => g.First()).ToList();
        var voi = new List<Chart> { new("chart-psa-evpi", new { data = new object[] { new { type = "scatter", mode = "lines", name = "EVPI per patient", x = evpi.Select(r => ceac.Number(r, "wtp")), y = evpi.Select(r => ceac.Number(r, "evpi")), line = new { color = Palette[0], width = 2 }, hovertemplate = "λ %{x:,.0f}: EVPI %{y:,.0f}<extra></extra>" } }, layout = Layout("willingness to pay per QALY", "expected value of perfect information per patient", new { tickformat = ",.0f" }, new { tickformat = ",.0f", rangemode = "tozero" }) }) };
        string table = "";
        if (TidyCsv.Read(Path.Combine(dir, "evppi.csv")) is { } evppi && evppi.Rows.Count > 0)
        {
            var ordered = evppi.Rows.OrderByDescending(r => evppi.Number(r, "evppi")).ToList();
            voi.Add(new Chart("chart-psa-evppi", new
            {
                data = new object[] { new { type = "bar", orientation = "h", name = "EVPPI per patient", y = ordered.Select(r => P(Short(evppi.Text(r, "group")))), x = ordered.Select(r => evppi.Number(r, "evppi")), text = ordered.Select(r => P(evppi.Text(r, "group"))), marker = new { color = Palette[2] }, hovertemplate = "%{text}: %{x:,.0f}<extra></extra>" } },
                layout = Layout("EVPPI per patient", "", new { tickformat = ",.0f", range = new[] { 0, Math.Max(1, ordered.Max(r => evppi.Number(r, "evppi")) * 1.05) } }, new { automargin = true, autorange = "reversed" }, new { height = Math.Max(300, 26 * ordered.Count + 120) }),
            }));
            bool floor = evppi.Has("noise_floor");
            table = Table(new[] { "parameters", "willingness to pay", "EVPPI per patient", "population EVPPI", "noise floor (mean ± sd)" }, ordered.Select(r => new[]
            {
                evppi.Text(r, "group"), F(evppi.Number(r, "wtp"), "N0"), F(evppi.Number(r, "evppi"), "N0"), F(evppi.Number(r, "population_evppi"), "N0"),
                floor ? $"{F(evppi.Number(r, "noise_floor"), "N0")} ± {F(evppi.Number(r, "noise_floor_sd"), "N0")}" : "–",
            }));
        }
        yield return new ReportSection("psa-voi", "Value of information", voi, table,
            "EVPI: the expected gain from deciding with every parameter known, E[max net benefit] − max E[net benefit], per patient. EVPPI: the same for a group of parameters, " +
            "by partition regression of each strategy's net benefit on the group (cells of equal-count bins); it never falls when a parameter joins a group and never exceeds the EVPI. " +
            "The noise floor is the same estimate with the group's values shuffled across draws: what cell-mean noise alone gives; an EVPPI near it is indistinguishable from 0.");
    }

    private static ReportSection? Tornado(string dir)
    {
        if (TidyCsv.Read(Path.Combine(dir, "tornado.csv")) is not { } t || t.Rows.Count == 0) return null;
        double baseValue = t.Number(t.Rows[0], "outcome_base");
        var rows = t.Rows.ToList();
        var names = rows.Select(r => P(Short(t.Text(r, "parameter")))).ToArray();
        var data = new object[]
        {
            new { type = "bar", orientation = "h", name = "parameter at its low value", y = names, x = rows.Select(r => J(t.Number(r, "outcome_low") - baseValue)), @base = J(baseValue), marker = new { color = Palette[0] }, text = rows.Select(r => P($"low {F(t.Number(r, "low"), "G4")}: {F(t.Number(r, "outcome_low"), "N0")}")), hovertemplate = "%{text}<extra></extra>" },
            new { type = "bar", orientation = "h", name = "parameter at its high value", y = names, x = rows.Select(r => J(t.Number(r, "outcome_high") - baseValue)), @base = J(baseValue), marker = new { color = Palette[1] }, text = rows.Select(r => P($"high {F(t.Number(r, "high"), "G4")}: {F(t.Number(r, "outcome_high"), "N0")}")), hovertemplate = "%{text}<extra></extra>" },
        };
        string outcome = t.Text(rows[0], "outcome");
        var figure = new { data, layout = Layout(outcome, "", new { tickformat = ",.0f" }, new { automargin = true, autorange = "reversed" }, new { barmode = "overlay", height = Math.Max(320, 30 * rows.Count + 140), shapes = double.IsFinite(baseValue) ? new object[] { new { type = "line", x0 = baseValue, x1 = baseValue, y0 = 0, y1 = 1, yref = "paper", line = new { color = "#000", width = 1 } } } : Array.Empty<object>() }) };
        return new ReportSection("dsa", "One-way sensitivity: tornado", new[] { new Chart("chart-tornado", figure) },
            Table(new[] { "parameter", "low → high", "outcome at low", "outcome at high", "range" }, rows.Select(r => new[] { t.Text(r, "parameter"), $"{F(t.Number(r, "low"), "G4")} → {F(t.Number(r, "high"), "G4")}", F(t.Number(r, "outcome_low"), "N0"), F(t.Number(r, "outcome_high"), "N0"), F(t.Number(r, "range"), "N0") })),
            $"Each uncertain parameter at its low and high value (written in the scenario, else the 2.5th and 97.5th percentiles of its distribution), the others at their written values, on the same patients; bars run from the base case ({F(baseValue, "N0")}), widest first.");
    }

    private static ReportSection? Sweep(string dir, Colours colours)
    {
        if (TidyCsv.Read(Path.Combine(dir, "sweep.csv")) is not { } s || s.Rows.Count == 0) return null;
        string x = s.Header[1];
        int strategyColumn = s.Header.ToList().IndexOf("strategy");
        if (strategyColumn < 2 || strategyColumn + 1 >= s.Header.Count) throw new InvalidDataException("sweep.csv has no parameter or no outcome column");
        string outcome = s.Has("discounted_qalys") ? "discounted_qalys" : s.Header[strategyColumn + 1];
        var strategies = Strategies(s);
        var data = strategies.Select((st, i) =>
        {
            var mine = s.Rows.Where(r => s.Text(r, "strategy") == st && double.IsFinite(s.Number(r, x))).OrderBy(r => s.Number(r, x)).ToList();
            return (object)new { type = "scatter", mode = "lines+markers", name = P(st), x = mine.Select(r => s.Number(r, x)), y = mine.Select(r => J(s.Number(r, outcome))), line = new { color = colours.Of(st) }, hovertemplate = $"{P(st)}<br>%{{x:.4g}}: %{{y:.4g}}<extra></extra>" };
        }).ToList();
        return new ReportSection("sweep", "Parameter sweep", new[] { new Chart("chart-sweep", new { data, layout = Layout(x, outcome) }) },
            Table(s.Header, s.Rows.Take(200)),
            $"{outcome} of each strategy at each design point, against the first swept parameter ({(strategyColumn > 2 ? "points differing in the other parameters share an x; see the table" : "the only one")}); the table shows the first 200 rows of sweep.csv.");
    }

    private static ReportSection? Trial(string dir)
    {
        if (TidyCsv.Read(Path.Combine(dir, "replicates.csv")) is not { } reps || reps.Rows.Count == 0) return null;
        var hr = reps.Rows.Select(r => reps.Number(r, "hr")).Where(double.IsFinite).ToArray();
        double power = reps.Rows.Count(r => reps.Text(r, "significant") == "TRUE") / (double)reps.Rows.Count;
        var charts = new List<Chart> { new("chart-trial-hr", new { data = new object[] { new { type = "histogram", name = "estimated hazard ratio", x = hr, marker = new { color = Palette[0] }, hovertemplate = "HR %{x}: %{y} trials<extra></extra>" } }, layout = Layout("estimated hazard ratio (experimental vs control)", "simulated trials", new { type = "log" }) }) };
        if (File.Exists(Path.Combine(dir, "trial.json")))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "trial.json")));
            if (doc.RootElement.TryGetProperty("power_curve", out var pc) && pc.ValueKind == JsonValueKind.Array && pc.GetArrayLength() > 0)
            {
                var pts = pc.EnumerateArray().Select(e => (N: e.GetProperty("patients").GetDouble(), P: e.GetProperty("power").GetDouble())).OrderBy(p => p.N).ToList();
                charts.Add(new("chart-trial-power", new { data = new object[] { new { type = "scatter", mode = "lines+markers", name = "simulated power", x = pts.Select(p => p.N), y = pts.Select(p => p.P), line = new { color = Palette[2] }, hovertemplate = "%{x} patients: power %{y:.3f}<extra></extra>" } }, layout = Layout("patients randomised", "power", null, new { range = new[] { 0, 1.02 } }) }));
            }
        }
        return new ReportSection("trial", "Simulated trial", charts,
            Table(new[] { "replicates", "power", "median estimated HR", "2.5th–97.5th percentile" }, new[] { new[] { reps.Rows.Count.ToString(CultureInfo.InvariantCulture), F(power, "0.000"), F(Median(hr)), hr.Length > 0 ? $"{F(Quantile(hr, 0.025))}–{F(Quantile(hr, 0.975))}" : "–" } }),
            "Distribution over simulated trials of the Cox hazard ratio (Efron ties), and — when a sample size was searched — the simulated power at each size tried.");
    }

    private static double Median(double[] x) => Quantile(x, 0.5);
    private static double Quantile(double[] x, double p)
    {
        if (x.Length == 0) return double.NaN;
        var s = x.OrderBy(v => v).ToArray();
        return HccSim.Analysis.Uncertainty.ProbabilisticAnalysis.Percentile(s, p);
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
            $"seed {TidyCsv.StampField(stamp, "seed") ?? "?"} · patients {TidyCsv.StampField(stamp, "patients") ?? "?"} · HccSim {TidyCsv.StampField(stamp, "hccsim") ?? version} · results of {TidyCsv.StampField(stamp, "finished") ?? "?"} · report written {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC by HccSim {version}",
        });
    }

    private static string Asset(string name)
    {
        using var stream = typeof(HtmlReport).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"the report asset {name} is not in the build (run scripts/report-assets.sh)");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Render((string Title, string[] Lines) header, IReadOnlyList<ReportSection> sections)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        // No request leaves the page: scripts are inline, nothing else loads (a policy the browser enforces).
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:\">");
        sb.Append("<title>").Append(H(header.Title)).Append("</title><style>")
          .Append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#222;background:#fafafa}")
          .Append("header{background:#0b3d5c;color:#fff;padding:18px 28px}header h1{margin:0 0 6px;font-size:22px}header p{margin:2px 0;font-size:13px;opacity:.9;word-break:break-all}")
          .Append("nav{padding:8px 28px;background:#fff;border-bottom:1px solid #ddd;font-size:14px}nav a{margin-right:14px;color:#0b3d5c}")
          .Append("main{max-width:1200px;margin:0 auto;padding:10px 28px 40px}section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:14px 20px;margin:18px 0}")
          .Append("h2{font-size:18px;margin:4px 0 10px}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:10px}.chart{min-height:300px}")
          .Append(".note{font-size:12.5px;color:#555;margin-top:8px}.table{overflow-x:auto;margin-top:10px}table{border-collapse:collapse;font-size:13px}th,td{border-bottom:1px solid #eee;padding:4px 10px;text-align:left;vertical-align:top}th{background:#f3f5f7}")
          .Append("</style></head><body><header><h1>").Append(H(header.Title)).Append("</h1>");
        foreach (var line in header.Lines) sb.Append("<p>").Append(H(line)).Append("</p>");
        sb.Append("</header><nav>");
        foreach (var s in sections) sb.Append("<a href=\"#").Append(H(s.Id)).Append("\">").Append(H(s.Title)).Append("</a>");
        sb.Append("</nav><main>");
        foreach (var s in sections)
        {
            sb.Append("<section id=\"").Append(H(s.Id)).Append("\"><h2>").Append(H(s.Title)).Append("</h2><div class=\"charts\">");
            foreach (var c in s.Charts)
            {
                sb.Append("<div class=\"chart\" id=\"").Append(H(c.Id)).Append("\" data-chart></div>");
                sb.Append("<script type=\"application/json\" id=\"").Append(H(c.Id)).Append("-data\">").Append(JsonSerializer.Serialize(c.Figure, Json)).Append("</script>");
            }
            sb.Append("</div>").Append(s.TableHtml).Append("<p class=\"note\">").Append(H(s.Footnote)).Append("</p></section>");
        }
        sb.Append("</main><footer class=\"note\" style=\"padding:0 28px 20px\">Charts drawn with plotly.js (MIT licence), inlined in this file.</footer>");
        sb.Append("<script>").Append(Asset("plotly.min.js")).Append("</script>");
        sb.Append("<script>for(const el of document.querySelectorAll('[data-chart]')){const f=JSON.parse(document.getElementById(el.id+'-data').textContent);")
          .Append("Plotly.newPlot(el,f.data,f.layout,{responsive:true,displaylogo:false}).then(()=>el.setAttribute('data-rendered',String(el.querySelectorAll('.scatterlayer .trace, .barlayer .trace, .heatmaplayer .trace, .gl-container canvas').length)));}</script>");
        return sb.Append("</body></html>\n").ToString();
    }
}
