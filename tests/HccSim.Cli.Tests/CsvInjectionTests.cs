using System.Globalization;
using System.Text;

namespace HccSim.Cli.Tests;

/// <summary>
/// Scenario text that a spreadsheet would evaluate — strategy names, attribute levels, target sources and conflicts,
/// parameter labels, the currency, survival groups — run through every command that writes CSV: no cell of any file
/// begins like a formula unless it is a number.
/// </summary>
public sealed class CsvInjectionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hccsim-injection-tests", Guid.NewGuid().ToString("N"));

    public CsvInjectionTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    // Strategy names are YAML keys (any text), levels too; labels, sources, conflicts and the currency are free text.
    private const string Scenario = """
        scenario: injection
        horizon: 60 months
        cohort:
          patients: 200
          seed: 7
          attributes:
            burden: { "-1+1": 0.4, "\t=1": 0.6 }
        economics:
          currency: "@SUM(1+1)"
          willingness_to_pay: 50000
        strategies:
          control:
            label: "=cmd|' /C calc'!A0"
            start: alive
            states:
              alive: { progression_free: true, cost: 100/month, utility: 0.8 }
              progressed: { cost: 200/month, utility: 0.6 }
              dead: { dead: true }
            transitions:
              - { from: alive, to: progressed, rate: 0.05/month, hr: { burden: { "\t=1": 1.5 } } }
              - { from: [alive, progressed], to: dead, median: 24 months }
          "@SUM(1+1)":
            label: "+1"
            extends: control
            transitions:
              - { from: alive, to: progressed, rate: 0.03/month, hr: { burden: { "\t=1": 1.5 } } }
        targets:
          - { strategy: control, outcome: os_median, value: 20, source: "=HYPERLINK(\"http://x\")", conflict: "-1+1\nand a second line", subgroup: { burden: "-1+1" } }
          - { strategy: "@SUM(1+1)", outcome: os_median, value: 22, source: "\t=1", tolerance: 1, tolerance_reason: "+1" }
        uncertainty:
          parameters:
            - { path: "strategies.control.transitions[alive->progressed].rate", name: p1, label: "=cmd|' /C calc'!A0", gamma: { mean: 0.05, se: 0.01 } }
            - { path: "strategies.control.states.alive.utility", name: p2, label: "@SUM(1+1)", beta: { mean: 0.8, se: 0.05 } }
        """;

    private string Out(string name) => Path.Combine(_folder, name);

    private void Hccsim(params string[] args)
    {
        var (code, _, error) = CliHarness.Run(args);
        Assert.True(code == 0, $"hccsim {string.Join(' ', args)}: exit {code}\n{error}");
    }

    [Fact]
    public void NoCsvCellAnyCommandWritesBeginsLikeAFormulaUnlessItIsANumber()
    {
        // A line break in the file's name must not start a line of its own in the stamp.
        string scenario = Out("inj\n=HYPERLINK(1).yaml");
        File.WriteAllText(scenario, Scenario);
        string survivalData = Out("groups.csv");
        File.WriteAllText(survivalData, "time,status,arm\n5,1,=cmd\n7,0,=cmd\n4,1,=cmd\n3,1,-1+1\n9,1,-1+1\n6,1,-1+1\n8,1,-1+1\n");

        Hccsim("run", scenario, "--patients", "200", "--trajectories", "5", "--out", Out("run"));
        Hccsim("psa", scenario, "--draws", "4", "--patients", "50", "--out", Out("psa"));
        Hccsim("dsa", scenario, "--patients", "50", "--out", Out("dsa"));
        Hccsim("sweep", scenario, "--patients", "50", "--set", "strategies.control.transitions[alive->progressed].rate=0.04,0.06", "--out", Out("sweep"));
        Hccsim("trial", scenario, "--arms", "control,@SUM(1+1)", "--n", "40", "--replicates", "5", "--analysis-time", "36", "--strata", "burden",
            "--out", Out("trial"), "--ipd", Out("trial/ipd.csv"));
        Hccsim("compare", scenario, "--patients", "100", "--out", Out("compare"));
        Hccsim("survival", survivalData, "--time", "time", "--event", "status", "--group", "arm", "--out", Out("survival"));

        var files = Directory.GetFiles(_folder, "*.csv", SearchOption.AllDirectories).Where(f => f != survivalData).ToList();
        var expected = new[]
        {
            "summary.csv", "curves.csv", "targets.csv", "incremental.csv", "trajectories.csv", "psa_summary.csv", "psa_draws.csv", "psa_parameters.csv",
            "ceac.csv", "evppi.csv", "tornado.csv", "sweep.csv", "replicates.csv", "ipd.csv", "compare.csv", "km.csv", "medians.csv", "fits.csv",
        };
        Assert.Empty(expected.Except(files.Select(Path.GetFileName)));

        var cells = new List<string>();
        foreach (var file in files)
        {
            string text = File.ReadAllText(file);
            Assert.StartsWith("# hccsim ", text);
            foreach (var record in Records(text[(text.IndexOf('\n') + 1)..]))
                foreach (var cell in record)
                {
                    bool formula = cell.Length > 0 && "=+-@\t\r".Contains(cell[0]);
                    Assert.False(formula && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
                        $"{Path.GetFileName(file)}: cell '{cell}' begins like a formula");
                    cells.Add(cell);
                }
        }
        // Not vacuous: every payload reached a file, neutralised, and negative numbers were left as they are.
        foreach (var neutralised in new[] { "'@SUM(1+1)", "'-1+1", "'\t=1", "'=cmd|' /C calc'!A0", "'=HYPERLINK(\"http://x\")", "'+1", "'=cmd", "'-1+1\nand a second line" })
            Assert.Contains(neutralised, cells);
        Assert.Contains(cells, c => c.StartsWith('-') && double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _));

        // The report reads the cells back to the text as written.
        string report = File.ReadAllText(Path.Combine(Out("run"), "report.html"));
        Assert.Contains("=HYPERLINK(&quot;http://x&quot;)", report);
        Assert.DoesNotContain("&#39;=HYPERLINK", report);
        Assert.DoesNotContain("\\u0027@SUM", report);
    }

    [Fact]
    public void AScenarioNameThatIsAFormulaIsRefusedSoItCannotReachAStamp()
    {
        string scenario = Out("named.yaml");
        File.WriteAllText(scenario, Scenario.Replace("scenario: injection", "scenario: \"=HYPERLINK(\\\"http://x\\\")\""));
        var (code, _, error) = CliHarness.Run(new[] { "run", scenario, "--out", Out("named") });
        Assert.Equal(2, code);
        Assert.Contains("must be a plain name", error);
    }

    /// <summary>RFC 4180 records, cells unquoted and otherwise as they stand in the file (independent of the product's reader).</summary>
    private static List<List<string>> Records(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c != '"') cell.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { record.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\n')
            {
                record.Add(cell.ToString().TrimEnd('\r'));
                records.Add(record);
                record = new List<string>();
                cell.Clear();
            }
            else cell.Append(c);
        }
        Assert.False(quoted, "a quoted cell is not closed");
        if (cell.Length > 0 || record.Count > 0) { record.Add(cell.ToString()); records.Add(record); }
        return records;
    }
}
