using System.Text.Json;

namespace HccSim.Cli.Tests;

/// <summary>`hccsim trial --assurance`: its table, files and report section, and the command lines it refuses.</summary>
public sealed class TrialAssuranceCliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hccsim-assurance-tests", Guid.NewGuid().ToString("N"));

    public TrialAssuranceCliTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private string Out(string name) => Path.Combine(_folder, name);

    private const string TwoArms = "scenario: twoarm\nhorizon: 120\ncohort: { seed: 4 }\nstrategies:\n  control:\n    start: alive\n    states: { alive: {}, dead: { dead: true } }\n" +
        "    transitions: [ { from: alive, to: dead, rate: 0.05/month } ]\n  experimental:\n    extends: control\n    transitions: [ { from: alive, to: dead, rate: 0.035/month } ]\n";

    private const string Uncertain = TwoArms + "uncertainty:\n  parameters:\n    - { path: \"strategies.experimental.transitions[0].rate\", lognormal: { estimate: 0.035, ci: [0.025, 0.049] } }\n";

    private string Write(string name, string text)
    {
        string path = Out(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void AssuranceIsPrintedBesideThePowerAndWrittenWithItsDraws()
    {
        string path = Write("uncertain.yaml", Uncertain);
        var (code, output, error) = CliHarness.Run(new[] { "trial", path, "--arms", "control,experimental", "--n", "200", "--replicates", "100", "--analysis-time", "36",
            "--assurance", "--draws", "60", "--trials-per-draw", "2", "--seed", "8", "--out", Out("trial") });
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("conditional power at the base case", output);
        Assert.Contains("assurance (probability of success over the draws, the same success)", output);
        Assert.Contains("draws/s", output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out("trial"), "trial.json")));
        var a = json.RootElement.GetProperty("assurance");
        Assert.Equal(60, a.GetProperty("draws").GetInt32());
        Assert.Equal(2, a.GetProperty("trials_per_draw").GetInt32());
        Assert.StartsWith("assurance:", a.GetProperty("method").GetString());
        // Beside assurance, the base case's share of trials significant in the experimental arm's favour (log HR < 0), from its replicates.
        var replicates = File.ReadAllLines(Path.Combine(Out("trial"), "replicates.csv")).Skip(2).Select(l => l.Split(',')).ToArray();
        double inFavour = replicates.Count(r => r[5] == "TRUE" && double.Parse(r[8], System.Globalization.CultureInfo.InvariantCulture) < 0) / (double)replicates.Length;
        Assert.Equal(inFavour, a.GetProperty("conditional_power").GetDouble(), 12);
        Assert.True(inFavour <= json.RootElement.GetProperty("power").GetDouble());
        var lines = File.ReadAllLines(Path.Combine(Out("trial"), "assurance.csv"));
        Assert.Matches(@"^# hccsim [^;]+; scenario twoarm; file .*; sha256 [0-9a-f]{64}; seed 8; method assurance: .*; draws 60; trials_per_draw 2; ", lines[0]);
        Assert.Equal("draw,trial,replicate,strategies.experimental.transitions[0].rate,significant,success,p_value,log_hr,se_log_hr,events,analysis_months", lines[1]);
        Assert.Equal(120, lines.Length - 2);
        // The assurance written is the share of the rows that succeeded (draw k's trial j is replicate 2k + j).
        var rows = lines.Skip(2).Select(l => l.Split(',')).ToArray();
        Assert.Equal(rows.Count(r => r[5] == "TRUE") / 120.0, a.GetProperty("assurance").GetDouble(), 12);
        // A success is significant and in the experimental arm's favour.
        Assert.All(rows, r => Assert.Equal(r[4] == "TRUE" && double.Parse(r[7], System.Globalization.CultureInfo.InvariantCulture) < 0, r[5] == "TRUE"));
        Assert.All(rows, r => Assert.Equal(2 * int.Parse(r[0]) + int.Parse(r[1]), int.Parse(r[2])));
        Assert.Contains("under the parameter draws", File.ReadAllText(Path.Combine(Out("trial"), "report.html")));
        // The two series (base-case replicates and 120 trials under the draws) are drawn as shares of their own: each sums to 1.
        var chart = HccSim.Reporting.Html.HtmlReport.Sections(Out("trial")).SelectMany(x => x.Charts).Single(c => c.Id == "chart-trial-hr");
        using var figure = JsonDocument.Parse(chart.Json);
        foreach (var series in figure.RootElement.GetProperty("data").EnumerateArray())
            Assert.Equal(1.0, series.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).SkipLast(1).Sum(), 9);
        // A trial without assurance in the same folder leaves no stale assurance.csv behind.
        Assert.Equal(0, CliHarness.Run(new[] { "trial", path, "--arms", "control,experimental", "--n", "200", "--replicates", "50", "--analysis-time", "36", "--out", Out("trial") }).Code);
        Assert.False(File.Exists(Path.Combine(Out("trial"), "assurance.csv")));
        Assert.DoesNotContain("under the parameter draws", File.ReadAllText(Path.Combine(Out("trial"), "report.html")));
    }

    [Fact]
    public void AssuranceIsTheSameOnOneOrTwoThreads()
    {
        string path = Write("uncertain.yaml", Uncertain);
        string Run(string threads)
        {
            string folder = Out("t" + threads);
            Assert.Equal(0, CliHarness.Run(new[] { "trial", path, "--arms", "control,experimental", "--n", "150", "--replicates", "20", "--events", "60",
                "--assurance", "--draws", "30", "--threads", threads, "--out", folder }).Code);
            return string.Join("\n", File.ReadAllLines(Path.Combine(folder, "assurance.csv")).Skip(1));
        }
        Assert.Equal(Run("1"), Run("2"));
    }

    // A wanted event: conversion to curative treatment, sooner in the experimental arm (0.04 against 0.02 a month), tagged.
    private const string Conversion = "scenario: convert\nhorizon: 120\ncohort: { seed: 4 }\nstrategies:\n  control:\n    start: alive\n" +
        "    states: { alive: {}, converted: {}, dead: { dead: true } }\n" +
        "    transitions:\n      - { from: alive, to: converted, rate: 0.02/month, tag: converted }\n      - { from: [alive, converted], to: dead, rate: 0.03/month }\n" +
        "  experimental:\n    extends: control\n    transitions: [ { from: alive, to: converted, rate: 0.04/month, tag: converted } ]\n" +
        "uncertainty:\n  parameters:\n    - { path: \"strategies.experimental.transitions[0].rate\", lognormal: { estimate: 0.04, ci: [0.03, 0.053] } }\n";

    [Fact]
    public void WhereTheTaggedEventIsWantedMoreOfItIsTheSuccess()
    {
        // Twice the conversion rate in 400 patients over 36 months: nearly every trial significant, all with a hazard ratio
        // above 1. Told the event is wanted, those are successes; told nothing of the kind they would all be failures.
        string path = Write("convert.yaml", Conversion);
        string[] Args(string benefit, string folder) => new[] { "trial", path, "--arms", "control,experimental", "--n", "400", "--replicates", "100", "--analysis-time", "36",
            "--endpoint", "tag:converted", "--assurance", "--draws", "40", "--benefit", benefit, "--seed", "8", "--out", Out(folder) };
        Assert.Equal(0, CliHarness.Run(Args("more", "more")).Code);
        Assert.Equal(0, CliHarness.Run(Args("fewer", "fewer")).Code);
        using var more = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out("more"), "trial.json")));
        using var fewer = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out("fewer"), "trial.json")));
        double power = more.RootElement.GetProperty("power").GetDouble();
        Assert.True(power > 0.8, $"power {power}");
        // Every significant trial has the experimental arm ahead: the conditional power in its favour is the power itself.
        Assert.Equal(power, more.RootElement.GetProperty("assurance").GetProperty("conditional_power").GetDouble(), 12);
        Assert.Equal(0, fewer.RootElement.GetProperty("assurance").GetProperty("conditional_power").GetDouble(), 12);
        var rows = File.ReadAllLines(Path.Combine(Out("more"), "assurance.csv")).Skip(2).Select(l => l.Split(',')).ToArray();
        Assert.All(rows, r => Assert.Equal(r[4] == "TRUE" && double.Parse(r[7], System.Globalization.CultureInfo.InvariantCulture) > 0, r[5] == "TRUE"));
        Assert.True(more.RootElement.GetProperty("assurance").GetProperty("assurance").GetDouble() > 0.5);
    }

    [Theory]
    [InlineData("plain", "has no 'uncertainty' section: assurance averages over its parameter draws")]
    [InlineData("--shard", "--shard runs a block of replicates of one design: not with --power (a search), --ipd or --assurance")]
    [InlineData("--power", "--assurance averages one design's power over the parameter draws: not with --power")]
    [InlineData("--draws-alone", "--draws, --trials-per-draw and --benefit are for --assurance")]
    [InlineData("--tag-without-direction", "--assurance with --endpoint tag:converted needs --benefit: fewer (the tagged event is harmful) or more")]
    [InlineData("--more-for-os", "--benefit more is for a wanted tagged event (--endpoint tag:NAME), not for os")]
    [InlineData("--draws-one", "--draws expects")]
    public void ARefusedAssuranceSaysWhyInOneLineAndWritesNothing(string what, string message)
    {
        string path = Write("s.yaml", what == "plain" ? TwoArms : Uncertain);
        var args = new List<string> { "trial", path, "--arms", "control,experimental", "--analysis-time", "36", "--out", Out("refused") };
        args.AddRange(what switch
        {
            "--shard" => new[] { "--assurance", "--shard", "0/2" },
            "--power" => new[] { "--assurance", "--power", "0.8" },
            "--draws-alone" => new[] { "--draws", "10" },
            "--draws-one" => new[] { "--assurance", "--draws", "1" },
            "--tag-without-direction" => new[] { "--assurance", "--endpoint", "tag:converted" },
            "--more-for-os" => new[] { "--assurance", "--benefit", "more" },
            _ => new[] { "--assurance" },
        });
        var (code, _, error) = CliHarness.Run(args.ToArray());
        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(Out("refused")));
    }
}
