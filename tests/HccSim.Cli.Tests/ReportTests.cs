using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using HccSim.Reporting.Html;

namespace HccSim.Cli.Tests;

/// <summary>
/// The HTML report: its figure data against the CSVs it is drawn from, and the page itself opened in headless Chromium from
/// a file URL with networking off — every chart drawn, no console message, and a label carrying a script shown as text.
/// </summary>
public sealed class ReportTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hccsim-report-tests", Guid.NewGuid().ToString("N"));
    public ReportTests() => Directory.CreateDirectory(_folder);
    public void Dispose() { try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } }

    private const string Pwn = "<script>document.body.setAttribute('data-pwned','1')</script><img src=x onerror=\\\"document.body.setAttribute('data-pwned','2')\\\">";

    // Two strategies, a target whose source carries a script, and uncertainty for a PSA and a tornado.
    private static readonly string Scenario = $$"""
        scenario: report-test
        horizon: 10 years
        cohort: { patients: 4000, seed: 9 }
        economics: { currency: USD, discount: 3%/year, willingness_to_pay: 100000/QALY }
        strategies:
          control:
            start: alive
            states: { alive: { progression_free: true, cost: 100/month, utility: 0.8 }, progressed: { cost: 50/month, utility: 0.6 }, dead: { dead: true } }
            transitions:
              - { from: alive, to: progressed, median: 12 months }
              - { from: progressed, to: dead, median: 10 months }
          treated:
            extends: control
            states: { cured: { cancer_free: true, progression_free: true, cost: 20/month, utility: 0.9 } }
            transitions:
              - { from: alive, to: progressed, median: 18 months }
              - { from: alive, to: cured, rate: 0.01/month }
              - { from: cured, to: dead, rate: 0.002/month }
        targets:
          - { strategy: control, outcome: os_median, value: 24, lower: 20, upper: 28, source: "{{Pwn}}" }
          - { strategy: treated, outcome: pfs_at(12), value: 0.6, source: "trial" }
        uncertainty:
          parameters:
            - { path: "strategies.treated.transitions[alive->progressed].median", gamma: { mean: 18, se: 3 } }
            - { path: "strategies.control.states.alive.utility", beta: { mean: 0.8, se: 0.05 } }
        """;

    private static (int Code, string Out, string Err) Hccsim(params string[] args) => CliHarness.Run(args);

    /// <summary>A results folder with every kind of section: a run, and a PSA, a DSA, a sweep and a trial in its subfolders.</summary>
    private string Results()
    {
        string path = Path.Combine(_folder, "s.yaml");
        File.WriteAllText(path, Scenario);
        string dir = Path.Combine(_folder, "results");
        Assert.Equal(0, Hccsim("run", path, "--out", dir).Code);
        Assert.Equal(0, Hccsim("psa", path, "--draws", "60", "--patients", "500", "--out", Path.Combine(dir, "psa")).Code);
        Assert.Equal(0, Hccsim("dsa", path, "--patients", "500", "--out", Path.Combine(dir, "dsa")).Code);
        Assert.Equal(0, Hccsim("sweep", path, "--set", "strategies.treated.transitions[alive->progressed].median=12..24 step 6", "--patients", "500", "--out", Path.Combine(dir, "sweep")).Code);
        Assert.Equal(0, Hccsim("trial", path, "--arms", "control,treated", "--n", "60", "--replicates", "100", "--analysis-time", "36", "--power", "0.8", "--out", Path.Combine(dir, "trial")).Code);
        var (code, _, error) = Hccsim("report", dir);
        Assert.True(code == 0, error);
        return dir;
    }

    private static JsonElement Figure(IReadOnlyList<ReportSection> sections, string id)
        => JsonDocument.Parse(sections.SelectMany(s => s.Charts).Single(c => c.Id == id).Json).RootElement;

    [Fact]
    public void TheSurvivalChartDrawsTheCsvsCurveWithItsBandAndTheTargets()
    {
        string dir = Results();
        var sections = HtmlReport.Sections(dir);
        var os = Figure(sections, "chart-os");
        var traces = os.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2 * 3 + 1, traces.Count); // per strategy: upper edge, lower edge (filled), line; then the targets
        var line = traces.Single(t => t.TryGetProperty("name", out var n) && n.GetString() == "control");
        var csv = TidyCsv.Read(Path.Combine(dir, "curves.csv"))!;
        var expected = csv.Rows.Where(r => csv.Text(r, "strategy") == "control" && csv.Text(r, "curve") == "os").Select(r => csv.Number(r, "value")).ToArray();
        Assert.Equal(expected, line.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(new[] { 0.0, 120 }, os.GetProperty("layout").GetProperty("xaxis").GetProperty("range").EnumerateArray().Select(v => v.GetDouble()));
        // The median target sits at 50% with its published interval across; its label is escaped for plotly.
        var target = traces.Last();
        Assert.Equal(24, target.GetProperty("x")[0].GetDouble());
        Assert.Equal(0.5, target.GetProperty("y")[0].GetDouble());
        Assert.Equal(4, target.GetProperty("error_x").GetProperty("array")[0].GetDouble());
        Assert.DoesNotContain("<script>", target.GetProperty("text")[0].GetString());
        Assert.Contains("&lt;script&gt;", target.GetProperty("text")[0].GetString());
        // Acceptability sums to 1 at every willingness to pay, one line per strategy plus the frontier.
        var ceac = Figure(sections, "chart-psa-ceac").GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(3, ceac.Count);
        for (int i = 0; i < ceac[0].GetProperty("y").GetArrayLength(); i++)
            Assert.Equal(1.0, ceac[0].GetProperty("y")[i].GetDouble() + ceac[1].GetProperty("y")[i].GetDouble(), 12);
        Assert.Contains(sections, s => s.Id == "dsa");
    }

    [Fact]
    public void EveryChartsJsonIsPlotlyNetsOwnFigureJsonValueForValue()
    {
        // Every kind of section (run, PSA, DSA, sweep, trial), and the library's intermediate-stage scenario: many states,
        // subgroup targets, NaN error bars, a cost-effectiveness plane.
        string library = Path.Combine(_folder, "library");
        var (code, _, error) = Hccsim("run", CliHarness.Repository("scenarios/intermediate-stage.yaml"), "--patients", "300", "--out", library);
        Assert.True(code == 0, error);
        int charts = 0;
        foreach (var chart in new[] { Results(), library }.SelectMany(HtmlReport.Sections).SelectMany(s => s.Charts))
        {
            string plotly = Plotly.NET.GenericChart.toFigureJson(chart.Figure);
            using (var theirs = JsonDocument.Parse(plotly))
            using (var ours = JsonDocument.Parse(chart.Json))
                SameJson(theirs.RootElement, ours.RootElement, chart.Id);
            // And to the byte what the page held when it re-escaped Plotly.NET's JSON for a script element.
            Assert.Equal(EscapedForScript(plotly), chart.Json);
            charts++;
        }
        Assert.True(charts >= 20, $"{charts} charts");
    }

    /// <summary>The same JSON tree: the same keys in the same order, arrays of the same length, equal numbers, strings and literals.</summary>
    private static void SameJson(JsonElement expected, JsonElement actual, string path)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: {actual.ValueKind} where Plotly.NET writes {expected.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var e = expected.EnumerateObject().ToList();
                var a = actual.EnumerateObject().ToList();
                Assert.True(e.Select(p => p.Name).SequenceEqual(a.Select(p => p.Name)),
                    $"{path}: keys {string.Join(",", a.Select(p => p.Name))} where Plotly.NET writes {string.Join(",", e.Select(p => p.Name))}");
                for (int i = 0; i < e.Count; i++) SameJson(e[i].Value, a[i].Value, $"{path}.{e[i].Name}");
                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: {actual.GetArrayLength()} items where Plotly.NET writes {expected.GetArrayLength()}");
                for (int i = 0; i < expected.GetArrayLength(); i++) SameJson(expected[i], actual[i], $"{path}[{i}]");
                break;
            case JsonValueKind.Number:
                Assert.True(expected.GetDouble() == actual.GetDouble(), $"{path}: {actual.GetRawText()} where Plotly.NET writes {expected.GetRawText()}");
                break;
            case JsonValueKind.String:
                Assert.True(expected.GetString() == actual.GetString(), $"{path}: '{actual.GetString()}' where Plotly.NET writes '{expected.GetString()}'");
                break;
        }
    }

    /// <summary>JSON written again with every &lt;, &gt;, &amp;, ' and non-ASCII character \u-escaped (numbers as they stand).</summary>
    private static string EscapedForScript(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default })) doc.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void TheReportOpensOfflineInChromiumWithEveryChartDrawnAndNoScriptFromTheScenario()
    {
        string dir = Results();
        string report = Path.Combine(dir, "report.html");
        string html = File.ReadAllText(report);
        Assert.DoesNotContain("<script>document.body", html);
        // Each figure's JSON stands in a script element with <, >, & and ' \u-escaped: nothing in it can end the element.
        var figures = Regex.Matches(html, @"<script type=""application/json"" id=""[^""]+"">(?<json>.*?)</script>", RegexOptions.Singleline);
        Assert.True(figures.Count >= 10, $"{figures.Count} figures");
        Assert.All(figures, m => Assert.DoesNotMatch("[<>&']", m.Groups["json"].Value));
        // Nothing is loaded from elsewhere: no element with a remote source or stylesheet.
        Assert.DoesNotMatch(@"<(script|link|img|iframe)[^>]+(src|href)=""?https?:", html);

        string chromium = FindChromium()
            ?? throw new InvalidOperationException("Chromium is not installed and scripts/chromium.sh could not install it (apt-get install chromium, as root); the browser test does not skip");
        string profile = Path.Combine(_folder, "chromium-profile");
        string shots = Path.Combine(AppContext.BaseDirectory, "report-screenshots");
        Directory.CreateDirectory(shots);
        string[] common =
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--disable-default-apps", "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", $"--user-data-dir={profile}",
            "--enable-logging=stderr", "--v=0", "--virtual-time-budget=20000", "--window-size=1300,9000",
        };
        // The page as written, with the probe that measures each chart's marks added to a copy (see MarkProbe).
        var clock = Stopwatch.StartNew();
        var (dom, log) = Chromium(chromium, common.Append("--dump-dom").Append(new Uri(MarkProbe.Instrument(report)).AbsoluteUri));
        clock.Stop();
        Chromium(chromium, common.Append($"--screenshot={Path.Combine(shots, "report.png")}").Append(new Uri(report).AbsoluteUri));

        // Every chart container holds a drawn plot with its traces (the page marks each once plotly has drawn it).
        var charts = Regex.Matches(dom, @"<div class=""chart[^""]*"" id=""(?<id>[^""]+)""[^>]*data-rendered=""(?<n>\d+)""");
        int containers = Regex.Matches(html, @"data-chart>").Count;
        Assert.True(containers >= 10, $"{containers} chart containers");
        Assert.Equal(containers, charts.Count);
        Assert.All(charts, m => Assert.True(int.Parse(m.Groups["n"].Value) > 0, $"{m.Groups["id"].Value} drew no trace"));
        Assert.Contains("main-svg", dom);
        var os = charts.Single(m => m.Groups["id"].Value == "chart-os");
        Assert.Equal(2 * 3 + 1, int.Parse(os.Groups["n"].Value));
        // Every chart paints something, and every trace with a legend entry paints at least one mark of its own.
        var measured = MarkProbe.Read(dom);
        Assert.Equal(containers, measured.Count);
        Assert.All(measured, c => Assert.True(c.Marks > 0 && c.Unmarked.Length == 0,
            $"{c.Id}: {c.Marks} visible marks over {c.Traces} traces{(c.Unmarked.Length > 0 ? "; nothing drawn by " + c.Unmarked : "")}"));
        // Each kind of section is there: run, PSA, DSA, sweep and trial.
        foreach (var id in new[] { "chart-os", "chart-pfs", "chart-ce", "chart-targets", "chart-psa-plane", "chart-psa-ceac", "chart-psa-evpi", "chart-psa-evppi", "chart-tornado", "chart-sweep", "chart-trial-hr", "chart-trial-power" })
            Assert.Contains(measured, c => c.Id == id);
        // The scenario's script did not run, and shows as text.
        Assert.DoesNotMatch(@"<body[^>]*data-pwned", dom);
        Assert.DoesNotMatch(@"<img[^>]*onerror", dom);
        Assert.Contains("&lt;script&gt;document.body.setAttribute", dom);
        // Nothing was written to the console: no errors, no blocked requests.
        var console = log.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        Assert.True(console.Count == 0, string.Join("\n", console));
        Assert.True(File.Exists(Path.Combine(shots, "report.png")));
        File.WriteAllText(Path.Combine(shots, "report-facts.txt"), $"report {new FileInfo(report).Length:N0} bytes; {containers} charts; opened and drawn in {clock.Elapsed.TotalSeconds:F1} s (headless Chromium, including start-up)\n");
    }

    [Fact]
    public void ATrialsReportShowsTheHazardRatioDistributionAndThePowerOfEachSizeTried()
    {
        string path = Path.Combine(_folder, "s.yaml");
        File.WriteAllText(path, Scenario);
        string dir = Path.Combine(_folder, "trial");
        var (code, _, error) = Hccsim("trial", path, "--arms", "control,treated", "--n", "60", "--replicates", "100", "--analysis-time", "36", "--power", "0.8", "--out", dir);
        Assert.True(code == 0, error);
        var sections = HtmlReport.Sections(dir);
        // The histogram (bins of log HR: each bin's left edge at its count, then the last right edge): recounted from the CSV.
        var histogram = Figure(sections, "chart-trial-hr").GetProperty("data")[0];
        var edges = histogram.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var counts = histogram.GetProperty("y").EnumerateArray().Select(v => checked((int)v.GetDouble())).ToArray(); // counts (one series)
        var reps = TidyCsv.Read(Path.Combine(dir, "replicates.csv"))!;
        var hrs = reps.Rows.Select(r => reps.Number(r, "hr")).Where(double.IsFinite).ToArray();
        Assert.True(hrs.Length > 0);
        Assert.Equal(hrs.Length, counts[..^1].Sum());
        for (int i = 0; i < edges.Length - 1; i++)
            Assert.Equal(hrs.Count(h => h >= edges[i] * (1 - 1e-12) && (i == edges.Length - 2 ? h <= edges[i + 1] * (1 + 1e-12) : h < edges[i + 1] * (1 - 1e-12))), counts[i]);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "trial.json")));
        var curve = json.RootElement.GetProperty("power_curve");
        var power = Figure(sections, "chart-trial-power").GetProperty("data")[0];
        Assert.Equal(curve.GetArrayLength(), power.GetProperty("x").GetArrayLength());
        Assert.True(curve.GetArrayLength() >= 2);
        Assert.True(File.Exists(Path.Combine(dir, "report.html")));
        // The header is filled from the trial's own stamp: its file, the trial's size and when the results were written.
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains($"file {System.Net.WebUtility.HtmlEncode(path)}", html);
        Assert.DoesNotContain("patients ?", html);
        Assert.Matches(@"patients \d+ ", html);
        Assert.DoesNotContain("results of ?", html);
    }

    [Fact]
    public void EachSectionSaysWhichRunItIsOfAndOneFromAnotherRunIsMarkedStale()
    {
        string dir = Results();
        string path = Path.Combine(_folder, "s.yaml");
        string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        var sections = HtmlReport.Sections(dir);
        // Every section of one seed and scenario is current, and carries its own seed, size and time.
        Assert.All(sections, s => Assert.Null(s.Stale));
        Assert.All(sections, s => Assert.Matches(@"^seed 9 · .+ · finished \d{4}-\d\d-\d\d \d\d:\d\d UTC$|^seed 9 · .+ · written ", s.Stamp!.Line));
        Assert.StartsWith("seed 9 · 4,000 patients · finished ", sections.Single(s => s.Id == "os").Stamp!.Line);
        Assert.StartsWith("seed 9 · 60 draws × 500 patients · finished ", sections.Single(s => s.Id == "psa-voi").Stamp!.Line);
        Assert.StartsWith("seed 9 · 500 patients · finished ", sections.Single(s => s.Id == "dsa").Stamp!.Line);
        Assert.StartsWith("seed 9 · 500 patients a design point · written ", sections.Single(s => s.Id == "sweep").Stamp!.Line);
        Assert.Matches(@"^seed 9 · 100 simulated trials of \d+ patients · finished ", sections.Single(s => s.Id == "trial").Stamp!.Line);
        string html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(dir, "report.html")));
        Assert.Contains("<p class=\"stamp\">seed 9 · 60 draws × 500 patients · finished ", html);
        Assert.DoesNotContain("class=\"stale\"", html);

        // Another seed for the run: every analysis written before is of another run now, and says whose.
        Assert.Equal(0, Hccsim("run", path, "--seed", "5", "--patients", "5000", "--out", dir).Code);
        sections = HtmlReport.Sections(dir);
        var stale = sections.Where(s => s.Stale is not null).Select(s => s.Id).ToArray();
        Assert.Equal(new[] { "psa-plane", "psa-ceac", "psa-voi", "dsa", "sweep", "trial" }, stale);
        Assert.All(sections.Where(s => s.Stale is not null), s => Assert.StartsWith($"Stale: from seed 9, scenario sha {sha[..12]}…, ", s.Stale));
        Assert.Contains("not the run this report is of (seed 5, ", sections.Single(s => s.Id == "dsa").Stale);
        Assert.StartsWith("seed 5 · 5,000 patients · finished ", sections.Single(s => s.Id == "os").Stamp!.Line);
        html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(dir, "report.html")));
        Assert.Equal(6, Regex.Matches(html, "<div class=\"stale\" role=\"alert\">Stale: from seed 9, scenario sha ").Count);
        Assert.Contains("6 sections are from another run and marked stale below", html);

        // A run by another method says so in its sections' stamps (a cohort trace has no patients to count).
        Assert.Equal(0, Hccsim("run", path, "--seed", "5", "--method", "cohort", "--out", dir).Code);
        Assert.StartsWith("seed 5 · method cohort, 1-month cycles · finished ", HtmlReport.Sections(dir).Single(s => s.Id == "os").Stamp!.Line);

        // The same seed again but an edited scenario (another hash): stale too, and the run's own sections are not.
        File.AppendAllText(path, "# edited\n");
        Assert.Equal(0, Hccsim("run", path, "--patients", "5000", "--out", dir).Code);
        sections = HtmlReport.Sections(dir);
        Assert.Equal(stale, sections.Where(s => s.Stale is not null).Select(s => s.Id));
        Assert.Contains($"scenario sha {sha[..12]}…", sections.Single(s => s.Id == "trial").Stale);
        // Rerunning an analysis with the run's seed and scenario brings its section up to date.
        Assert.Equal(0, Hccsim("dsa", path, "--patients", "500", "--out", Path.Combine(dir, "dsa")).Code);
        Assert.Null(HtmlReport.Sections(dir).Single(s => s.Id == "dsa").Stale);
    }

    private static (string Out, string Err) Chromium(string exe, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(entireProcessTree: true); throw new TimeoutException("Chromium did not finish within 120 s"); }
        return (stdout.Result, stderr.Result);
    }

    /// <summary>Chromium, installed by the project's own script when missing, so a plain `dotnet test` works on a fresh machine too.</summary>
    private static string? FindChromium()
    {
        string? Found() => new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        if (Found() is { } found) return found;
        var info = new System.Diagnostics.ProcessStartInfo("bash", new[] { CliHarness.Repository("scripts/chromium.sh") }) { UseShellExecute = false };
        using var install = System.Diagnostics.Process.Start(info)!;
        if (!install.WaitForExit(600_000)) install.Kill(entireProcessTree: true);
        return Found();
    }
}
