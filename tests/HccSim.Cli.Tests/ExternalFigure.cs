using System.Globalization;

namespace HccSim.Cli.Tests;

/// <summary>
/// One external validation figure (a target with role: validation) as a shipped run judged it, and the check that
/// docs/validation.md states every such figure with the simulated value and verdict the run gives — so the document
/// cannot drift from the library: a verdict that flips, a figure added or dropped, fails the shipped-scenario test.
/// </summary>
internal sealed record ExternalFigure(string Scenario, string Strategy, string Outcome, string Subgroup, string Published, string Simulated, string Verdict)
{
    /// <summary>From a targets.csv row: strategy, outcome, target, …, simulated, lower, upper, inside, …, subgroup (12).</summary>
    public static ExternalFigure Of(string scenario, string[] row)
    {
        static string G(string x) => double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? Figure(v) : x;
        string simulated = $"{G(row[5])} ({G(row[6])}–{G(row[7])})";
        return new(scenario, row[0], row[1], row[12], G(row[2]), simulated, row[8] == "TRUE" ? "inside" : "outside");
    }

    /// <summary>Four significant figures, the precision the document prints (months, proportions and ratios alike).</summary>
    public static string Figure(double x) => double.IsFinite(x) ? x.ToString("G4", CultureInfo.InvariantCulture) : "not reached";

    /// <summary>
    /// Every row of the document's table (| id | scenario | strategy | outcome | subgroup | published | simulated | verdict | …)
    /// matches one figure of the runs, value and verdict, and every figure has its row; at least ten figures in all.
    /// </summary>
    public static void AssertDocumented(IReadOnlyList<ExternalFigure> figures, string document)
    {
        Assert.True(File.Exists(document), $"{document} is missing");
        var rows = File.ReadAllLines(document)
            .Where(l => l.StartsWith("| EV", StringComparison.Ordinal))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray())
            .Select(c => new ExternalFigure(c[1], c[2], c[3], c[4] == "all" ? "" : c[4], c[5].Split(' ')[0], c[6], c[7]))
            .ToList();
        Assert.True(figures.Count >= 10, $"only {figures.Count} external validation figures in the shipped scenarios (expected at least 10)");
        var problems = new List<string>();
        foreach (var f in figures)
        {
            var documented = rows.Where(r => r.Scenario == f.Scenario && r.Strategy == f.Strategy && r.Outcome == f.Outcome && r.Subgroup == f.Subgroup && r.Published == f.Published).ToList();
            if (documented.Count != 1) problems.Add($"{f.Scenario} {f.Strategy} {f.Outcome} ({f.Subgroup}) published {f.Published}: {documented.Count} rows in the document (expected 1); run gives {f.Simulated}, {f.Verdict}");
            else if (documented[0].Simulated != f.Simulated || documented[0].Verdict != f.Verdict)
                problems.Add($"{f.Scenario} {f.Strategy} {f.Outcome} ({f.Subgroup}) published {f.Published}: the document says {documented[0].Simulated}, {documented[0].Verdict}; the run gives {f.Simulated}, {f.Verdict}");
        }
        foreach (var r in rows.Where(r => !figures.Any(f => f.Scenario == r.Scenario && f.Strategy == r.Strategy && f.Outcome == r.Outcome && f.Subgroup == r.Subgroup && f.Published == r.Published)))
            problems.Add($"the document lists {r.Scenario} {r.Strategy} {r.Outcome} ({r.Subgroup}) published {r.Published}, which no shipped scenario holds as a validation target");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
