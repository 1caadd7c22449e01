namespace HccSim.Cli.Tests;

/// <summary>The `hccsim` command run in-process, its output captured.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hccsim-cli-tests", Guid.NewGuid().ToString("N"));

    public CliTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static string Repository(string relative) => CliHarness.Repository(relative);

    private (int Code, string Out, string Err) Hccsim(params string[] args) => CliHarness.Run(args);

    private (int Code, string Out, string Err) Hccsim(CancellationToken cancel, params string[] args) => CliHarness.Run(args, cancel);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Out(string name) => Path.Combine(_folder, name);

    [Fact]
    public void RunWritesStampedTidyResultsAndPrintsTheSummary()
    {
        var (code, output, error) = Hccsim("run", Repository("scenarios/tace.yaml"), "--patients", "20000", "--out", Out("tace"));
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("median OS, months (95% CI)", output);
        Assert.Contains("pfs_median", output);                      // the targets table
        // The stamp's hash covers every file read: with more than one, the SHA-256 of the manifest sha256sum prints for
        // them (tace.yaml, then the life table it reads).
        static string Sha(byte[] b) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(b));
        string manifest = $"{Sha(File.ReadAllBytes(Repository("scenarios/tace.yaml")))}  tace.yaml\n{Sha(File.ReadAllBytes(Repository("scenarios/life-tables/japan-2020-male.csv")))}  japan-2020-male.csv\n";
        string sha = Sha(System.Text.Encoding.UTF8.GetBytes(manifest));
        foreach (var file in new[] { "summary.csv", "curves.csv", "targets.csv", "summary.json" })
            Assert.Contains(sha, File.ReadAllText(Path.Combine(Out("tace"), file)));
        var summary = File.ReadAllLines(Path.Combine(Out("tace"), "summary.csv"));
        Assert.Matches(@"^# hccsim [0-9.]+; scenario tace; file .*tace\.yaml; sha256 [0-9a-f]{64}; seed 20211001; patients 20000; threads \d+; wall_time_s [0-9.]+; finished ", summary[0]);
        Assert.Equal("strategy,outcome,value,lower,upper,se,unit", summary[1]);
        Assert.Contains(summary, l => l.StartsWith("tace,pfs_median,") && l.EndsWith(",months"));
        Assert.Contains(summary, l => l.StartsWith("tace,costs,") && l.EndsWith(",USD"));
        var curves = File.ReadAllLines(Path.Combine(Out("tace"), "curves.csv"));
        Assert.Equal("strategy,curve,time,value,lower,upper", curves[1]);
        Assert.Contains(curves, l => l.StartsWith("tace,occupancy(untreatable_progression),12,"));
        Assert.Empty(Directory.GetFiles(Out("tace"), "*.tmp-*"));
    }

    [Fact]
    public void TheSameSeedGivesTheSameResultFilesWhateverTheThreads()
    {
        Assert.Equal(0, Hccsim("run", Repository("scenarios/tace.yaml"), "--patients", "10000", "--threads", "1", "--out", Out("a")).Code);
        Assert.Equal(0, Hccsim("run", Repository("scenarios/tace.yaml"), "--patients", "10000", "--threads", "2", "--out", Out("b")).Code);
        foreach (var file in new[] { "summary.csv", "curves.csv" })
            Assert.Equal(File.ReadAllLines(Path.Combine(Out("a"), file)).Skip(1), File.ReadAllLines(Path.Combine(Out("b"), file)).Skip(1));
    }

    [Fact]
    public void AnInvalidScenarioExitsTwoWithOneLineErrorsAndWritesNothing()
    {
        string bad = Write("bad.yaml", "scenario: bad\nhorizon: 0\nstrategies: { s: { start: a, states: { a: { absorbing: true } } } }\n");
        var (code, output, error) = Hccsim("run", bad, "--out", Out("never"));
        Assert.Equal(2, code);
        var lines = error.Trim().Split('\n');
        Assert.StartsWith($"{bad}:2:10: horizon 0 must be > 0", lines[0]);
        Assert.Equal("hccsim: 1 problem; nothing was run.", lines[^1].Trim());
        Assert.DoesNotContain("   at ", error);                     // no stack trace
        Assert.False(Directory.Exists(Out("never")));
    }

    [Fact]
    public void AMissingScenarioFileExitsTwo()
    {
        var (code, _, error) = Hccsim("run", Out("nowhere.yaml"));
        Assert.Equal(2, code);
        Assert.Contains("nowhere.yaml:1:1: no such file (expected a scenario file)", error);
    }

    [Theory]
    [InlineData("--patients", "abc", "--patients expects a whole number from 1 to 2,147,483,647 (got 'abc')")]
    [InlineData("--patients", "0", "--patients expects a whole number from 1 to 2,147,483,647 (got '0')")]
    [InlineData("--threads", "0", "--threads expects a whole number from 1 to 1,024 (got '0')")]
    [InlineData("--seed", "-1", "--seed expects a whole number ≥ 0 (got '-1')")]
    [InlineData("--strategies", "tcae", "--strategies names 'tcae', which is not a strategy of")]
    public void BadOptionValuesExitTwoWithAClearMessage(string option, string value, string message)
    {
        var (code, _, error) = Hccsim("run", Repository("scenarios/tace.yaml"), option, value, "--out", Out("x"));
        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.False(Directory.Exists(Out("x")));
    }

    [Fact]
    public void UnknownCommandsAndOptionsExitTwo()
    {
        Assert.Equal(2, Hccsim("fly").Code);
        Assert.Equal(2, Hccsim("run", Repository("scenarios/tace.yaml"), "--colour", "red").Code);
        Assert.Equal(2, Hccsim("run").Code);
    }

    [Fact]
    public void AnInterruptedRunExits130AndWritesNothing()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var (code, _, error) = Hccsim(cancelled.Token, "run", Repository("scenarios/tace.yaml"), "--out", Out("stopped"));
        Assert.Equal(130, code);
        Assert.Contains("interrupted by Ctrl-C; no results were written", error);
        Assert.False(Directory.Exists(Out("stopped")));
    }

    [Fact]
    public void TrajectoriesAreWrittenWhenAskedFor()
    {
        Assert.Equal(0, Hccsim("run", Repository("scenarios/tace.yaml"), "--patients", "1000", "--trajectories", "50", "--out", Out("t")).Code);
        var lines = File.ReadAllLines(Path.Combine(Out("t"), "trajectories.csv"));
        Assert.Equal("patient,strategy,burden,liver_function,age,state,entry,exit,censored", lines[1]);
        var patients = lines.Skip(2).Select(l => l.Split(',')[0]).Distinct().ToArray();
        Assert.Equal(50, patients.Length);
        Assert.All(lines.Skip(2), l => Assert.Matches(@"^\d+,tace,(within|beyond)_up_to_seven,albi_[12],[0-9.E+-]+,[a-z_]+,[0-9.E-]+,[0-9.E-]+,[01]$", l));
    }

    [Fact]
    public void ValidateChecksEveryFileAndExitsTwoIfAnyIsInvalid()
    {
        string bad = Write("bad.yaml", "scenario: x\n");
        var (code, output, error) = Hccsim("validate", Repository("scenarios/tace.yaml"), Repository("scenarios/examples/reference-chain.yaml"), bad);
        Assert.Equal(2, code);
        Assert.Contains("ok", output);
        Assert.Contains("reference-chain", output);
        Assert.Contains($"{bad}:1:1: the scenario has no 'horizon'", error);
        Assert.Equal(0, Hccsim("validate", Repository("scenarios/tace.yaml")).Code);
    }

    [Fact]
    public void DescribeShowsStatesTransitionsAndTargets()
    {
        var (code, output, _) = Hccsim("describe", Repository("scenarios/tace.yaml"));
        Assert.Equal(0, code);
        Assert.Contains("on_demand_tace", output);
        Assert.Contains("exponential: rate", output);
        Assert.Contains("burden: beyond_up_to_seven ×1.7312", output);
        Assert.Contains("pfs_median", output);
    }

    [Fact]
    public void DescribeWritesPerCycleTransitionsFlagsAndClocksAsTheScenarioDoes()
    {
        string path = Write("cycles.yaml", """
            scenario: cycles
            horizon: 60 months
            cycle: { length: 1 month }
            cohort: { patients: 100, seed: 1 }
            strategies:
              s:
                start: healthy
                states:
                  healthy: { progression_free: true, cancer_free: true, utility: 1 }
                  sick: { response: true, on: drug, utility: 0.7 }
                  dead: { dead: true }
                transitions:
                  - { from: healthy, to: sick, probability: 0.15/cycle }
                  - { from: sick, to: dead, probability: [0.1, 0.2, 0.3] }
              t:
                start: a
                states: { a: { utility: 0.5 }, dead: { dead: true } }
                transitions:
                  - { from: a, to: dead, rate: 0.01/month, clock: since_start }
            """);
        var (code, output, _) = Hccsim("describe", path);
        Assert.Equal(0, code);
        Assert.Contains("probability 0.15/cycle (cycles of 1 months)", output);
        Assert.Contains("probability [0.1, 0.2, 0.3] by cycle in the state, the last for ever", output);
        Assert.Contains("progression_free, cancer_free", output);
        Assert.Contains("│ response ", output);
        Assert.Contains("since_start", output);
        Assert.Contains("in_state", output);
        // No record or enum leaks through: what the YAML says, not what C# calls it.
        foreach (var leak in new[] { "PerCycle", "System.Double[]", "ProgressionFree", "CancerFree", "TimeInState", "TimeSinceStart", "None" })
            Assert.DoesNotContain(leak, output);
    }

    [Fact]
    public void AStrategyWithNoProgressionFreeStateHasNoMedianPfsToPrint()
    {
        string path = Write("nopfs.yaml", "scenario: nopfs\nhorizon: 60 months\ncohort: { patients: 2000, seed: 1 }\nstrategies:\n" +
            "  free:\n    start: well\n    states: { well: { progression_free: true }, dead: { dead: true } }\n    transitions: [ { from: well, to: dead, rate: 0.05/month } ]\n" +
            "  never:\n    start: sick\n    states: { sick: {}, dead: { dead: true } }\n    transitions: [ { from: sick, to: dead, rate: 0.05/month } ]\n");
        var (code, output, _) = Hccsim("run", path, "--out", Out("nopfs"));
        Assert.Equal(0, code);
        var never = output.Split('\n').Single(l => l.StartsWith("│ never ", StringComparison.Ordinal));
        Assert.Contains("– (never progression-free)", never);
        Assert.DoesNotContain("0.0 (0.0–0.0)", output);
        // The strategy that has one keeps its median (its PFS is its OS here: about ln 2 / 0.05 = 13.9 months).
        Assert.Matches(@"│ free +│ 1[34]\.\d \(.*│ 1[34]\.\d \(", output.Split('\n').Single(l => l.StartsWith("│ free ", StringComparison.Ordinal)));
        Assert.Contains("– (never progression-free)", System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(Out("nopfs"), "report.html"))));
        // The same by the cohort trace, whose PFS is a curve of expectations.
        var cohort = Hccsim("run", path, "--method", "cohort", "--out", Out("nopfs-cohort"));
        Assert.Equal(0, cohort.Code);
        Assert.Contains("– (never progression-free)", cohort.Out.Split('\n').Single(l => l.StartsWith("│ never ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(0.098163, "p = 0.0982")]
    [InlineData(0.5, "p = 0.5")]
    [InlineData(0.04999, "p = 0.05")]
    [InlineData(0.0012345, "p = 0.00123")]
    [InlineData(0.00031, "p = 0.00031")]
    [InlineData(0.0001, "p = 0.0001")]
    [InlineData(0.0000417, "p < 0.0001")]
    [InlineData(1e-300, "p < 0.0001")]
    [InlineData(1.0, "p = 1")]
    public void PValuesArePlainDecimalsWithAFloor(double p, string shown) => Assert.Equal(shown, Reporting.NumberText.PIs(p));

    [Fact]
    public void EveryNumberInTheResultFilesIsTheShortestTextThatReadsBackToItsDouble()
    {
        Assert.Equal(0, Hccsim("run", Repository("scenarios/tace.yaml"), "--patients", "2000", "--out", Out("digits")).Code);
        int checkedNumbers = 0;
        foreach (var file in new[] { "summary.csv", "curves.csv", "targets.csv" })
            foreach (var line in File.ReadLines(Path.Combine(Out("digits"), file)).Where(l => !l.StartsWith('#')).Skip(1))
                foreach (var cell in line.Split(','))
                    if (double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double x) && cell.Contains('.'))
                    {
                        // "R" on .NET Core 3+ is the shortest round-trip form: 17 significant digits only where 16 would not read back.
                        Assert.Equal(x.ToString("R", System.Globalization.CultureInfo.InvariantCulture), cell);
                        checkedNumbers++;
                    }
        Assert.True(checkedNumbers > 1000, $"{checkedNumbers} numbers");
    }

    [Fact]
    public void VersionAndHelpWorkOnEveryCommand()
    {
        var version = Hccsim("--version");
        Assert.Equal(0, version.Code);
        Assert.Contains(Program.Version, version.Out);
        foreach (var command in new[] { "run", "validate", "describe" })
        {
            var help = Hccsim(command, "--help");
            Assert.Equal(0, help.Code);
            Assert.Contains("Exit codes: 0 success; 2 invalid input", help.Out);
            Assert.Contains("hccsim " + command, help.Out);
        }
    }

    public static TheoryData<string, byte[]> BadFiles()
    {
        var bomb = new System.Text.StringBuilder("scenario: lol\nhorizon: 12\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) bomb.Append($"{c}: &{c} [{string.Join(",", Enumerable.Repeat($"*{(char)(c - 1)}", 9))}]\n");
        static byte[] T(string s) => System.Text.Encoding.UTF8.GetBytes(s);
        return new TheoryData<string, byte[]>
        {
            { "empty", T("") },
            { "not-yaml", T("scenario: [unclosed\nhorizon: 12\n") },
            { "tabs", T("scenario: x\nstrategies:\n\ts:\n\t\tstart: a\n") },
            { "binary", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 13 } },
            { "alias-bomb", T(bomb.ToString()) },
            { "unknown-key", T("scenario: x\nhorizn: 12\nstrategies: {}\n") },
            { "horizon-zero", T("scenario: x\nhorizon: 0\nstrategies: { s: { start: a, states: { a: { absorbing: true } } } }\n") },
            { "nan-rate", T("scenario: x\nhorizon: 12\nstrategies: { s: { start: a, states: { a: {}, b: { absorbing: true } }, transitions: [ { from: a, to: b, rate: .nan } ] } }\n") },
        };
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void EveryBadFileExitsTwoWithPositionedErrorsNoStackTraceAndNothingWritten(string name, byte[] content)
    {
        string path = Path.Combine(_folder, name + ".yaml");
        File.WriteAllBytes(path, content);
        var (code, output, error) = Hccsim("run", path, "--out", Out("never"));
        Assert.Equal(2, code);
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(path)}:\d+:\d+: \S", error);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Exception", error);
        Assert.False(Directory.Exists(Out("never")));
    }

    [Fact]
    public void AFiftyMegabyteFileIsRefusedWithoutReadingIt()
    {
        string path = Path.Combine(_folder, "big.yaml");
        using (var f = File.Create(path)) f.SetLength(50L * 1024 * 1024);
        var (code, _, error) = Hccsim("validate", path);
        Assert.Equal(2, code);
        Assert.StartsWith($"{path}:1:1: is 50.0 MB (expected a scenario file of at most 4 MB)", error);
    }

    [Fact]
    public void ARerunLeavesNoStaleFileFromTheRunBefore()
    {
        Assert.Equal(0, Hccsim("run", Repository("scenarios/tace.yaml"), "--patients", "1000", "--trajectories", "10", "--out", Out("r")).Code);
        Assert.True(File.Exists(Path.Combine(Out("r"), "trajectories.csv")));
        Assert.Equal(0, Hccsim("run", Repository("scenarios/tace.yaml"), "--patients", "1000", "--out", Out("r")).Code);
        Assert.False(File.Exists(Path.Combine(Out("r"), "trajectories.csv")));
        Assert.Empty(Directory.GetDirectories(Out("r")));   // no staging folder left
    }

    [Fact]
    public void AnOutputPathThatIsAFileIsRefusedBeforeTheRun()
    {
        string file = Write("afile", "x");
        var (code, _, error) = Hccsim("run", Repository("scenarios/tace.yaml"), "--out", file);
        Assert.Equal(2, code);
        Assert.Contains("is a file (expected a folder for the results)", error);
    }

    [Fact]
    public void ATargetIsInsideAnIntervalWhoseUpperEndWasNotReached()
    {
        // Horizon 24 months, median about 23: with few patients the median's upper rank is never reached.
        string path = Write("open.yaml", "scenario: open\nhorizon: 24\ncohort: { patients: 300, seed: 1 }\nstrategies:\n  s:\n    start: a\n    states: { a: {}, d: { dead: true } }\n    transitions: [ { from: a, to: d, median: 23 } ]\n" +
            "targets:\n  - { strategy: s, outcome: os_median, value: 23.5, source: \"Table 2 #3\" }\n");
        Assert.Equal(0, Hccsim("run", path, "--out", Out("open")).Code);
        var row = File.ReadAllLines(Path.Combine(Out("open"), "targets.csv"))[2];
        Assert.Matches(@"^s,os_median,23\.5,NA,NA,[0-9.]+,[0-9.]+,NA,TRUE,""Table 2 #3"",NA,,,,calibration,300$", row);
    }

    [Fact]
    public void CompareShowsTheThreeMethodsSideBySide()
    {
        var (code, output, error) = Hccsim("compare", Repository("scenarios/examples/reference-chain.yaml"), "--cycle", "0.5", "--patients", "20000", "--out", Out("compare"));
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("microsimulation ± SE", output);
        Assert.Contains("discounted_costs", output);
        Assert.Equal(2, Hccsim("compare", Repository("scenarios/tace.yaml"), "--cycle", "7", "--out", Out("never")).Code); // 120 months is not whole 7-month cycles
    }

    [Fact]
    public void PartitionedSurvivalStrategiesAreSolvedAndReportedBesideSimulatedOnes()
    {
        string path = Write("psm.yaml", """
            scenario: psm
            horizon: 60 months
            cohort: { patients: 20000, seed: 3 }
            economics: { currency: USD }
            strategies:
              curves:
                label: Partitioned survival
                partitioned:
                  os: { rate: 0.03/month }
                  pfs: { median: 10 months }
                  progression_free: { cost: 1000/month, utility: 0.8 }
                  progressed: { cost: 400/month, utility: 0.6 }
              crossing:
                partitioned:
                  os: { rate: 0.07/month }
                  pfs: { rate: 0.03/month }
              simulated:
                start: alive
                states: { alive: { progression_free: true }, dead: { dead: true } }
                transitions: [ { from: alive, to: dead, rate: 0.03/month } ]
            """);
        var (code, output, error) = Hccsim("run", path, "--out", Out("psm"));
        Assert.Equal(0, code);
        Assert.Contains("hccsim: warning: 'crossing': the PFS curve lies above the OS curve from 0.01 months", error);
        var rows = File.ReadAllLines(Path.Combine(Out("psm"), "summary.csv"));
        // Life-years of an exponential OS to 60 months: (1 − e^{−1.8}) / 0.03 / 12.
        var ly = rows.Single(r => r.StartsWith("curves,life_years,")).Split(',');
        Assert.Equal((1 - Math.Exp(-1.8)) / 0.03 / 12, double.Parse(ly[2], System.Globalization.CultureInfo.InvariantCulture), 8);
        var median = rows.Single(r => r.StartsWith("curves,pfs_median,")).Split(',');
        Assert.Equal(10, double.Parse(median[2], System.Globalization.CultureInfo.InvariantCulture), 8);
        Assert.Contains(rows, r => r.StartsWith("simulated,life_years,"));
        Assert.Contains("Partitioned survival", output);
        var curves = File.ReadAllLines(Path.Combine(Out("psm"), "curves.csv"));
        Assert.Contains(curves, r => r.StartsWith("curves,occupancy(progressed),12,"));
        Assert.Equal(0, Hccsim("describe", path).Code);
        // A partitioned strategy named beside a simulated one: each run the way it is run, no internal error.
        var (both, _, bothError) = Hccsim("run", path, "--strategies", "curves,simulated", "--out", Out("psm-both"));
        Assert.True(both == 0, bothError);
        Assert.Equal(new[] { "curves", "simulated" }, File.ReadAllLines(Path.Combine(Out("psm-both"), "summary.csv")).Skip(2).Select(r => r.Split(',')[0]).Distinct().Order());
    }

    [Fact]
    public void AScenarioOfOnlyPartitionedStrategiesRunsAndCannotBeCompared()
    {
        string path = Write("only.yaml", "scenario: only\nhorizon: 24\nstrategies:\n  c:\n    partitioned: { os: { median: 20 }, pfs: { median: 8 } }\n");
        Assert.Equal(0, Hccsim("run", path, "--out", Out("only")).Code);
        var (code, _, error) = Hccsim("compare", path);
        Assert.Equal(2, code);
        Assert.Contains("only partitioned-survival strategies", error);
        // A sweep needs something to simulate: an input error in one line (exit 2), not an internal one.
        var sweep = Hccsim("sweep", path, "--set", "strategies.c.partitioned.os.median=10,30", "--out", Out("only-sweep"));
        Assert.Equal(2, sweep.Code);
        Assert.Contains("only partitioned-survival strategies: there is nothing to simulate", sweep.Err);
        Assert.DoesNotContain("internal", sweep.Err);
    }

    [Fact]
    public void TrialReportsPowerAndWritesReplicatesAndIndividualData()
    {
        string path = Write("twoarm.yaml", "scenario: twoarm\nhorizon: 120\ncohort: { seed: 4 }\nstrategies:\n  control:\n    start: alive\n    states: { alive: {}, dead: { dead: true } }\n    transitions: [ { from: alive, to: dead, rate: 0.05/month } ]\n  experimental:\n    extends: control\n    transitions: [ { from: alive, to: dead, rate: 0.035/month } ]\n");
        string ipd = Out("ipd.csv");
        var (code, output, error) = Hccsim("trial", path, "--arms", "control,experimental", "--n", "200", "--replicates", "200", "--analysis-time", "36", "--out", Out("trial"), "--ipd", ipd);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("power (two-sided α = 0.05, log-rank)", output);
        Assert.Equal(201, File.ReadAllLines(Path.Combine(Out("trial"), "replicates.csv")).Length - 1);
        var lines = File.ReadAllLines(ipd);
        Assert.Equal("patient,arm,stratum,time,event", lines[1]);
        Assert.Equal(200, lines.Length - 2);
        Assert.All(lines.Skip(2), l => Assert.Matches(@"^\d+,(control|experimental),all,[0-9.E-]+,[01]$", l));
        Assert.Equal(2, Hccsim("trial", path, "--arms", "control,experimentl", "--analysis-time", "36").Code);
        Assert.Equal(2, Hccsim("trial", path, "--arms", "control,experimental").Code);          // no analysis time or events
    }

    [Fact]
    public void SurvivalReadsQuotedCsvAsRWritesItAndNamesABlankGroup()
    {
        // write.csv quotes every string; a quoted cell may hold a comma or a doubled quote.
        string path = Write("quoted.csv", "\"\",\"weeks\",\"relapse\",\"arm\"\n\"1\",6,1,\"6-MP, \"\"daily\"\"\"\n\"2\",7,0,\"6-MP, \"\"daily\"\"\"\n\"3\",9,1,\"6-MP, \"\"daily\"\"\"\n\"4\",1,1,\"placebo\"\n\"5\",2,1,\"placebo\"\n\"6\",3,0,\"placebo\"\n");
        var (code, output, error) = Hccsim("survival", path, "--time", "weeks", "--event", "relapse", "--group", "arm");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("6-MP, \"daily\"", output);
        string blank = Write("blank.csv", "weeks,relapse,arm\n6,1,a\n7,0,\n9,1,b\n");
        var refused = Hccsim("survival", blank, "--time", "weeks", "--event", "relapse", "--group", "arm");
        Assert.Equal(2, refused.Code);
        Assert.Contains($"{blank}:3:5: group is missing (blank)", refused.Err);
        var open = Hccsim("survival", Write("open.csv", "weeks,relapse\n6,\"1\n"), "--time", "weeks", "--event", "relapse");
        Assert.Contains("open.csv:2:3: a quoted cell is not closed", open.Err);
    }

    [Fact]
    public void RunWithSeveralStrategiesWritesTheIncrementalAnalysis()
    {
        // Closed forms (δ = ln 1.03 / 12): discounted cost c(1 − e^{−(μ+δ)H})/(μ+δ). standard 19,026 and 1.268 QALYs;
        // better 79,187 and 1.760, an ICER of about 122,400, above λ = 100,000 (standard is optimal); worse costs more
        // and gains less than standard (dominated). The ICER arithmetic itself is proven in IncrementalAnalysisTests.
        string path = Write("three.yaml", "scenario: three\nhorizon: 120\ncohort: { patients: 20000, seed: 4 }\neconomics: { currency: USD, discount: 3%/year, willingness_to_pay: 100000/QALY }\nstrategies:\n" +
            "  standard:\n    start: alive\n    states: { alive: { cost: 1000/month, utility: 0.8 }, dead: { dead: true } }\n    transitions: [ { from: alive, to: dead, rate: 0.05/month } ]\n" +
            "  better:\n    extends: standard\n    states: { alive: { cost: 3000/month, utility: 0.8 } }\n    transitions: [ { from: alive, to: dead, rate: 0.035/month } ]\n" +
            "  worse:\n    extends: standard\n    states: { alive: { cost: 2000/month, utility: 0.8 } }\n    transitions: [ { from: alive, to: dead, rate: 0.06/month } ]\n");
        var (code, output, error) = Hccsim("run", path, "--out", Out("three"));
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("incremental analysis (discounted, per patient)", output);
        // One stamp line, as every file; the willingness to pay is a column, so a CSV reader keeps it with the numbers.
        var lines = File.ReadAllLines(Path.Combine(Out("three"), "incremental.csv"));
        Assert.Single(lines, l => l.StartsWith('#'));
        Assert.EndsWith(",optimal,wtp", lines[1]);
        var rows = lines.Skip(2).Select(l => l.Split(',')).ToDictionary(c => c[0]);
        Assert.All(rows.Values, c => Assert.Equal("100000", c[16]));
        Assert.Equal(new[] { "frontier", "", "", "TRUE" }, new[] { rows["standard"][4], rows["standard"][5], rows["standard"][6], rows["standard"][15] });
        Assert.Equal(new[] { "dominated", "standard", "FALSE" }, new[] { rows["worse"][4], rows["worse"][5], rows["worse"][15] });
        Assert.Equal(new[] { "frontier", "standard", "FALSE" }, new[] { rows["better"][4], rows["better"][6], rows["better"][15] });
        // The ICER is read from the same discounted means summary.csv reports.
        var summary = File.ReadAllLines(Path.Combine(Out("three"), "summary.csv")).Skip(2).Select(l => l.Split(',')).ToArray();
        double V(string strategy, string outcome) => double.Parse(summary.Single(c => c[0] == strategy && c[1] == outcome)[2], System.Globalization.CultureInfo.InvariantCulture);
        double icer = (V("better", "discounted_costs") - V("standard", "discounted_costs")) / (V("better", "discounted_qalys") - V("standard", "discounted_qalys"));
        Assert.Equal(icer, double.Parse(rows["better"][10], System.Globalization.CultureInfo.InvariantCulture), 6);
        // No utilities anywhere: no incremental analysis (every strategy but the cheapest would read as dominated).
        string noUtility = Write("nou.yaml", File.ReadAllText(path).Replace(", utility: 0.8", ""));
        Assert.Equal(0, Hccsim("run", noUtility, "--out", Out("nou")).Code);
        Assert.False(File.Exists(Path.Combine(Out("nou"), "incremental.csv")));
        // One strategy: nothing to compare, and no stale incremental.csv is left from the run before.
        Assert.Equal(0, Hccsim("run", path, "--strategies", "standard", "--out", Out("three")).Code);
        Assert.False(File.Exists(Path.Combine(Out("three"), "incremental.csv")));
    }

    [Fact]
    public void ATrialWhoseHazardRatioCannotBeEstimatedWritesNullsNotACrash()
    {
        // Fixed delays: every control death (24 months) comes after every experimental one (18), so each trial's Cox
        // likelihood is monotone and no hazard ratio is estimable.
        string path = Write("fixed.yaml", "scenario: fixed\nhorizon: 60\ncohort: { seed: 4 }\nstrategies:\n  control:\n    start: treat\n    states: { treat: {}, dead: { dead: true } }\n    transitions: [ { from: treat, to: dead, delay: 24 months } ]\n" +
            "  experimental:\n    extends: control\n    transitions: [ { from: treat, to: dead, delay: 18 months } ]\n");
        var (code, output, error) = Hccsim("trial", path, "--arms", "control,experimental", "--n", "100", "--replicates", "20", "--accrual", "0", "--analysis-time", "30", "--out", Out("fixed"));
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("\"median\": null", File.ReadAllText(Path.Combine(Out("fixed"), "trial.json")));
    }

    [Fact]
    public void ATargetToleranceAcceptsAValueThatCloseAndSaysWhy()
    {
        // Median OS ln 2 / 0.05 = 13.86 months; with 20,000 patients its 95% interval is about ±0.28. 14.8 lies outside it
        // (about 6.7 SEs) but within a 1.5-month tolerance; 16 is beyond both.
        string path = Write("tol.yaml", "scenario: tol\nhorizon: 120\ncohort: { patients: 20000, seed: 4 }\nstrategies:\n  only:\n    start: alive\n    states: { alive: {}, dead: { dead: true } }\n    transitions: [ { from: alive, to: dead, rate: 0.05/month } ]\n" +
            "targets:\n  - { outcome: os_median, value: 14.8, source: a, tolerance: 1.5 months, tolerance_reason: published median from a small arm }\n" +
            "  - { outcome: os_median, value: 16, source: b, tolerance: 1.5 months, tolerance_reason: too far all the same }\n  - { outcome: os_median, value: 14.8, source: c }\n");
        var (code, output, error) = Hccsim("run", path, "--out", Out("tol"));
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("within ±1.5", output);
        var rows = File.ReadAllLines(Path.Combine(Out("tol"), "targets.csv")).Skip(2).Select(l => l.Split(',')).ToArray();
        Assert.Equal(new[] { "TRUE", "a", "1.5", "published median from a small arm" }, new[] { rows[0][8], rows[0][9], rows[0][10], rows[0][11] });
        Assert.Equal(new[] { "FALSE", "b" }, new[] { rows[1][8], rows[1][9] });
        Assert.Equal(new[] { "FALSE", "c", "NA", "" }, new[] { rows[2][8], rows[2][9], rows[2][10], rows[2][11] });
    }

    [Fact]
    public void EveryShippedScenarioMeetsItsPublishedTargets()
    {
        // Each scenario under scenarios/ at its own cohort size and seed: every target it cites lies inside the simulated
        // 95% interval (targets.csv `inside`). A scenario that drifts from its sources fails here, not in a user's hands.
        var files = Directory.GetFiles(Repository("scenarios"), "*.yaml", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        var misses = new List<string>();
        var validation = new List<ExternalFigure>();
        foreach (var file in files)
        {
            string folder = Out("shipped-" + Path.GetFileNameWithoutExtension(file));
            var (code, _, error) = Hccsim("run", file, "--out", folder);
            Assert.True(code == 0, $"{file}: exit {code}: {error}");
            foreach (var row in File.ReadAllLines(Path.Combine(folder, "targets.csv")).Skip(2).Select(CsvFields))
            {
                // External validation figures are judged, not required: docs/validation.md states each verdict (below).
                if (row[14] == "validation")
                {
                    validation.Add(ExternalFigure.Of(Path.GetFileName(file), row));
                    continue;
                }
                // A target the file marks in conflict with its others must really be missed; every other one met.
                bool conflict = row[13].Length > 0;
                if ((row[8] == "TRUE") == conflict)
                    misses.Add($"{Path.GetFileName(file)}: {row[0]} {row[1]} {row[12]} target {row[2]}, simulated {row[5]} ({row[6]}–{row[7]}){(conflict ? " met, though marked in conflict" : "")}");
            }
        }
        Assert.True(misses.Count == 0, string.Join("\n", misses));
        ExternalFigure.AssertDocumented(validation, Repository("docs/validation.md"));
    }

    /// <summary>The fields of one RFC 4180 line (quoted fields may hold commas and doubled quotes): the report's own reader.</summary>
    private static string[] CsvFields(string line) => Reporting.Html.TidyCsv.Fields(line);

    [Fact]
    public void AnAaTrialOfTheShippedReferenceChainRunsAsTheHelpShows()
    {
        // The first example of `hccsim trial --help`: both arms the same strategy, so its power is the empirical type I error.
        var (code, output, error) = Hccsim("trial", Repository("scenarios/examples/reference-chain.yaml"), "--arms", "reference,reference",
            "--n", "300", "--replicates", "200", "--analysis-time", "36", "--out", Out("aa"));
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("power (two-sided α = 0.05, log-rank)", output);
        // Its power is the type I error: 0.05 within 4 Monte Carlo SEs over 200 trials.
        var significant = File.ReadAllLines(Path.Combine(Out("aa"), "replicates.csv")).Skip(2).Count(l => l.Split(',')[5] == "TRUE");
        Assert.True(Math.Abs(significant / 200.0 - 0.05) <= 4 * Math.Sqrt(0.05 * 0.95 / 200), $"type I error {significant / 200.0}");
    }

    [Fact]
    public void SurvivalAnalysesADataSetAsRDoes()
    {
        // The Gehan/Freireich 6-MP data: R gives log-rank 16.8 and a Cox hazard ratio 4.817 (2.147–10.81), coef 1.5721.
        var rows = new List<string> { "weeks,relapse,arm" };
        foreach (var (t, e) in new[] { (6, 1), (6, 1), (6, 1), (6, 0), (7, 1), (9, 0), (10, 1), (10, 0), (11, 0), (13, 1), (16, 1), (17, 0), (19, 0), (20, 0), (22, 1), (23, 1), (25, 0), (32, 0), (32, 0), (34, 0), (35, 0) })
            rows.Add($"{t},{e},6-MP");
        foreach (var t in new[] { 1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23 }) rows.Add($"{t},1,placebo");
        string path = Write("gehan.csv", string.Join("\n", rows));
        Assert.Equal(2, Hccsim("survival", path, "--time", "weeks", "--event", "relapse", "--strata", "arm").Code); // strata without groups
        var (code, output, error) = Hccsim("survival", path, "--time", "weeks", "--event", "relapse", "--group", "arm");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("chi-square 16.793 on 1 df", output);
        Assert.Contains("hazard ratio placebo vs 6-MP 4.817 (95% CI 2.147–10.809), coef 1.5721", output);
        // R: log-rank p = 4.17e-05 (under the floor, said as such) and the Cox Wald p = 0.000138: plain decimals, never exponents.
        Assert.Contains("chi-square 16.793 on 1 df, p < 0.0001;", output);
        Assert.Contains("se 0.4124, p = 0.000138", output);
        Assert.DoesNotMatch(@"\de[-+]?\d", output);
        Assert.Contains("rate: 0.0250696/month", output);             // 9 events / 359 weeks (read as months here)
        var weeks = Hccsim("survival", path, "--time", "weeks", "--event", "relapse", "--group", "arm", "--unit", "weeks");
        Assert.Contains($"rate: {(9 / (359 * 7 * 12 / 365.25)).ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}/month", weeks.Out);
        var bad = Hccsim("survival", path, "--time", "week", "--event", "relapse");
        Assert.Equal(2, bad.Code);
        Assert.Contains($"{path}:1:1: --time names column 'week', which the header does not have (columns: weeks, relapse, arm); did you mean 'weeks'?", bad.Err);
    }

    [Fact]
    public void ATrialBlockInTheScenarioGivesTheDesignAndTheCommandLineOverridesIt()
    {
        string path = Write("designed.yaml", "scenario: designed\nhorizon: 120\ncohort: { seed: 4, attributes: { burden: { low: 0.4, high: 0.6 } } }\nstrategies:\n  control:\n    start: alive\n    states: { alive: {}, dead: { dead: true } }\n    transitions: [ { from: alive, to: dead, rate: 0.05/month } ]\n  experimental:\n    extends: control\n    transitions: [ { from: alive, to: dead, rate: 0.035/month } ]\n" +
            "trial: { arms: [control, experimental], allocation: 1:2, patients: 150, replicates: 100, accrual: 12 months, events: 90, dropout: 0.01/month, strata: burden, interim: [0.5] }\n");
        var (code, output, error) = Hccsim("trial", path, "--out", Out("designed"));
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("150 (1:2)", output);
        Assert.Contains("at 90 events", output);
        Assert.Contains("0.5: 2.9626, 1: 1.9686", output);
        Assert.Equal(101, File.ReadAllLines(Path.Combine(Out("designed"), "replicates.csv")).Length - 1);
        var landmark = Hccsim("trial", path, "--analysis-time", "36", "--landmark", "24", "--out", Out("landmark"));
        Assert.Contains("event-free proportions at 24 months", landmark.Out);
        // The cancer-free drug-free share at a landmark as the endpoint, from the scenario's trial block.
        string converting = Write("converting.yaml", "scenario: converting\nhorizon: 120\ncohort: { seed: 4 }\nstrategies:\n  control:\n    start: alive\n    states: { alive: { progression_free: true }, cfdf: { cancer_free: true }, dead: { dead: true } }\n" +
            "    transitions: [ { from: alive, to: cfdf, rate: 0.02/month }, { from: alive, to: dead, rate: 0.01/month }, { from: cfdf, to: dead, rate: 0.01/month } ]\n" +
            "  experimental:\n    extends: control\n    transitions: [ { from: alive, to: cfdf, rate: 0.04/month } ]\n" +
            "trial: { arms: [control, experimental], patients: 300, replicates: 100, accrual: 12 months, analysis: 36 months, endpoint: cfdf, landmark: 24 months }\n");
        var cfdf = Hccsim("trial", converting, "--out", Out("cfdf"), "--ipd", Out("cfdf.csv"));
        Assert.Equal(0, cfdf.Code);
        Assert.Contains("cancer-free drug-free at 24 months, two-proportion z", cfdf.Out);
        // The individual data reproduce replicate 0's shares: cancer-free drug-free among the assessable, by arm.
        var ipdRows = File.ReadAllLines(Out("cfdf.csv")).Skip(2).Select(l => l.Split(',')).ToArray();
        Assert.Equal("patient,arm,stratum,time,event,cfdf_at_landmark,assessable", File.ReadAllLines(Out("cfdf.csv"))[1]);
        var first = File.ReadAllLines(Path.Combine(Out("cfdf"), "replicates.csv"))[2].Split(',');
        double Share(string arm) => ipdRows.Count(c => c[1] == arm && c[6] == "1" && c[5] == "1") / (double)ipdRows.Count(c => c[1] == arm && c[6] == "1");
        Assert.Equal(double.Parse(first[14], System.Globalization.CultureInfo.InvariantCulture), Share("control"), 12);
        Assert.Equal(double.Parse(first[15], System.Globalization.CultureInfo.InvariantCulture), Share("experimental"), 12);
        var noLandmark = Hccsim("validate", Write("nolandmark.yaml", File.ReadAllText(converting).Replace(", landmark: 24 months", "")));
        Assert.Equal(2, noLandmark.Code);
        Assert.Contains("trial: a cancer-free drug-free endpoint is a proportion at a landmark: give the landmark", noLandmark.Err);
        // A bad arm is refused at its line, like every scenario error.
        string bad = Write("badtrial.yaml", File.ReadAllText(path).Replace("arms: [control, experimental]", "arms: [control, experimentl]"));
        var refused = Hccsim("validate", bad);
        Assert.Equal(2, refused.Code);
        Assert.Contains($"{bad}:12:26: trial arm 'experimentl' is not a strategy of the scenario; did you mean 'experimental'?", refused.Err);
    }

    private const string Calibratable = "scenario: cal\nhorizon: 60\ncohort: { patients: 5000, seed: 3 }\nstrategies:\n  s:\n    start: a\n    states: { a: {}, d: { dead: true } }\n" +
        "    transitions: [ { from: a, to: d, median: 4 months } ]\ntargets:\n  - { strategy: s, outcome: os_median, value: 10, source: test }\n" +
        "calibration:\n  patients: 5000\n  free:\n    - { path: \"strategies.s.transitions[a->d].median\", bounds: [1, 30] }\n";

    [Fact]
    public void CalibrateWritesTheFittedScenarioBesideTheInputAndNeverOverIt()
    {
        string path = Write("cal.yaml", Calibratable);
        var (code, output, error) = Hccsim("calibrate", path, "--threads", "1");
        Assert.True(code == 0, error);
        Assert.Contains("objective", output);
        string fitted = Path.Combine(Path.GetDirectoryName(path)!, "cal.calibrated.yaml");
        Assert.StartsWith("# Calibrated by hccsim", File.ReadAllText(fitted));
        Assert.Equal(Calibratable, File.ReadAllText(path));
        // The fitted file runs, and its target is met.
        Assert.Equal(0, Hccsim("run", fitted, "--out", Out("fitted")).Code);
        Assert.Contains(",TRUE,", File.ReadAllLines(Path.Combine(Out("fitted"), "targets.csv"))[2]);

        var refused = Hccsim("calibrate", path, "--out", path);
        Assert.Equal(2, refused.Code);
        Assert.Contains("is the input scenario: calibration never overwrites its input", refused.Err);
    }

    [Fact]
    public void CalibrateWithoutFreeParametersSaysWhatIsMissing()
    {
        var (code, _, error) = Hccsim("calibrate", Repository("scenarios/examples/reference-chain.yaml"));
        Assert.Equal(2, code);
        Assert.Contains("has no 'calibration' section: nothing is free to fit", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void PsaWritesItsTablesStampedAndRefusesAScenarioWithoutUncertainty()
    {
        var (code, output, error) = Hccsim("psa", Repository("scenarios/intermediate-stage.yaml"), "--draws", "12", "--patients", "400",
            "--population", "1000", "--years", "5", "--out", Out("psa"));
        Assert.True(code == 0, error);
        Assert.Contains("value of information", output);
        foreach (var f in new[] { "psa_summary.csv", "psa_draws.csv", "psa_parameters.csv", "ceac.csv", "evppi.csv" })
            Assert.Matches(@"^# hccsim [0-9.]+; scenario intermediate-stage; .*sha256 [0-9a-f]{64}; seed 20211001; patients 400; .*; draws 12$", File.ReadLines(Path.Combine(Out("psa"), f)).First());
        var draws = File.ReadAllLines(Path.Combine(Out("psa"), "psa_draws.csv")).Skip(2).ToArray();
        Assert.Equal(12 * 7, draws.Length); // curative_first is compare: false
        // Each acceptability row set sums to 1 over the strategies at every willingness to pay.
        var ceac = File.ReadAllLines(Path.Combine(Out("psa"), "ceac.csv")).Skip(2).Select(l => l.Split(','))
            .GroupBy(c => c[0]).Select(g => g.Sum(c => double.Parse(c[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(ceac, sum => Assert.Equal(1.0, sum, 12));

        var refused = Hccsim("psa", Repository("scenarios/tace.yaml"), "--draws", "10");
        Assert.Equal(2, refused.Code);
        Assert.Contains("has no 'uncertainty' section", refused.Err);
        Assert.DoesNotContain("   at ", refused.Err);
    }

    [Theory]
    [InlineData("/nonexistent-folder/x.yaml", "there is no folder /nonexistent-folder")]
    [InlineData("", "--out is empty")]
    public void CalibrateRefusesAnOutputItCannotWriteBeforeItRuns(string outPath, string message)
    {
        string path = Write("cal.yaml", Calibratable);
        var (code, output, error) = Hccsim("calibrate", path, "--out", outPath);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.DoesNotContain("objective", output); // refused before any evaluation
    }

    [Fact]
    public void CalibrateRefusesAnOutputFolderWhereExtendsWouldBreak()
    {
        var (code, _, error) = Hccsim("calibrate", Repository("scenarios/len-tace.yaml"), "--out", Out("elsewhere.yaml"));
        Assert.Equal(2, code);
        Assert.Contains("reads other files by relative path", error);
    }

    [Fact]
    public void DsaWritesATornadoWidestFirstAndRefusesAnUnknownOutcome()
    {
        var (code, output, error) = Hccsim("dsa", Repository("scenarios/intermediate-stage.yaml"), "--patients", "500", "--out", Out("dsa"));
        Assert.True(code == 0, error);
        Assert.Contains("one-way sensitivity of incremental net benefit", output);
        var ranges = File.ReadAllLines(Path.Combine(Out("dsa"), "tornado.csv")).Skip(2).Select(CsvFields).Select(c => double.Parse(c[8], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        // One tornado bar per uncertain parameter of the file.
        int parameters = Scenarios.ScenarioLoader.Load(Repository("scenarios/intermediate-stage.yaml")).Uncertainty!.Parameters.Count;
        Assert.Equal(parameters, ranges.Length);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Out("dsa"), "dsa.json")));
        Assert.Equal(parameters, json.RootElement.GetProperty("tornado").GetArrayLength());
        Assert.Equal(ranges.OrderByDescending(r => r), ranges);

        var refused = Hccsim("dsa", Repository("scenarios/intermediate-stage.yaml"), "--outcome", "nobody:os_median");
        Assert.Equal(2, refused.Code);
        Assert.Contains("must be inmb, nmb:STRATEGY or STRATEGY:OUTCOME", refused.Err);
    }

    [Fact]
    public void AnInterruptedSweepResumesToTheSameFileAndRefusesAnotherDesign()
    {
        string[] Args(string outDir) => new[] { "sweep", Repository("scenarios/tace.yaml"), "--patients", "500",
            "--set", $"strategies.tace.transitions[on_demand_tace->second_line].hr.burden.beyond_up_to_seven=1..2 step 0.5",
            "--set", $"strategies.tace.transitions[untreatable_progression->dead].median=8,12", "--out", outDir };
        var (code, _, error) = Hccsim(Args(Out("whole")));
        Assert.True(code == 0, error);
        string whole = File.ReadAllText(Path.Combine(Out("whole"), "sweep.csv"));
        Assert.Equal(2 + 6, whole.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // Interrupted: two points kept, a third cut mid-line.
        Directory.CreateDirectory(Out("cut"));
        var lines = whole.Split('\n');
        File.WriteAllText(Path.Combine(Out("cut"), "sweep.csv"), string.Join("\n", lines.Take(4)) + "\n" + lines[4][..10]);
        var resumed = Hccsim(Args(Out("cut")));
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Contains("resuming: 2 of 6 points already done", resumed.Out);
        Assert.Contains("4 run now", resumed.Out);
        Assert.Equal(whole, File.ReadAllText(Path.Combine(Out("cut"), "sweep.csv")));
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Out("cut"), "sweep.json")));
        Assert.Equal(6, json.RootElement.GetProperty("rows").GetArrayLength());

        var other = Hccsim(Args(Out("cut")).Select(a => a.Replace("median=8,12", "median=8,13")).ToArray());
        Assert.Equal(2, other.Code);
        Assert.Contains("holds another sweep", other.Err);
        Assert.Contains("--force", other.Err);
        Assert.Equal(whole, File.ReadAllText(Path.Combine(Out("cut"), "sweep.csv")));

        // --force: the other design replaces it, from scratch, and its file is what a fresh folder would hold.
        var forced = Hccsim(Args(Out("cut")).Select(a => a.Replace("median=8,12", "median=8,13")).Append("--force").ToArray());
        Assert.True(forced.Code == 0, forced.Err);
        Assert.Contains("6 run now", forced.Out);
        var fresh = Hccsim(Args(Out("fresh13")).Select(a => a.Replace("median=8,12", "median=8,13")).ToArray());
        Assert.True(fresh.Code == 0, fresh.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(Out("fresh13"), "sweep.csv")), File.ReadAllText(Path.Combine(Out("cut"), "sweep.csv")));
    }

    [Fact]
    public void ARunOfOneSubgroupAgreesWithTheWholeRunsOnePassSubgroupWithinTheirMonteCarloErrors()
    {
        string path = Repository("scenarios/intermediate-stage.yaml");
        var whole = Hccsim("run", path, "--patients", "3000", "--out", Out("whole-cohort"));
        Assert.True(whole.Code == 0, whole.Err);
        var (code, _, error) = Hccsim("run", path, "--patients", "3000", "--subgroup", "burden=beyond_up_to_seven", "--out", Out("beyond"));
        Assert.True(code == 0, error);
        // The subgroup run: only the targets about exactly these patients, on 3,000 patients all at that level. The whole run
        // reads them from its own patients who started beyond up-to-seven (21.6%: Binomial(3000, 0.216), SD 22.5). The
        // two estimates agree within 4 SE of their difference (sharing patients only makes them closer).
        static string[][] Rows(string dir, bool beyond) => File.ReadAllLines(Path.Combine(dir, "targets.csv")).Skip(2).Select(CsvFields)
            .Where(r => !beyond || r[12] == "burden=beyond_up_to_seven").ToArray();
        var inSubgroup = Rows(Out("beyond"), false);
        var fromWhole = Rows(Out("whole-cohort"), true);
        Assert.NotEmpty(inSubgroup);
        Assert.Equal(fromWhole.Select(r => (r[0], r[1], r[2])), inSubgroup.Select(r => (r[0], r[1], r[2])));
        static double N(string x) => double.TryParse(x, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) ? v : double.NaN;
        static double Se(string[] r) => (N(r[7]) - N(r[6])) / (2 * 1.959963984540054);
        for (int i = 0; i < inSubgroup.Length; i++)
        {
            Assert.Equal("3000", inSubgroup[i][15]);
            Assert.InRange(N(fromWhole[i][15]), 3000 * 0.216 - 4 * 22.5, 3000 * 0.216 + 4 * 22.5);
            if (!double.IsFinite(N(inSubgroup[i][7])) || !double.IsFinite(N(fromWhole[i][7]))) continue; // an interval end not reached
            double tolerance = 4 * Math.Sqrt(Se(inSubgroup[i]) * Se(inSubgroup[i]) + Se(fromWhole[i]) * Se(fromWhole[i]));
            Assert.True(Math.Abs(N(inSubgroup[i][5]) - N(fromWhole[i][5])) <= tolerance,
                $"{inSubgroup[i][0]} {inSubgroup[i][1]}: {inSubgroup[i][5]} on the subgroup's run, {fromWhole[i][5]} in the whole run (tolerance {tolerance:G3})");
        }
        Assert.All(Rows(Out("whole-cohort"), false).Where(r => r[12].Length == 0), r => Assert.Equal("3000", r[15]));
        // The console says what a subgroup's value rests on, under its name.
        Assert.Contains($"{long.Parse(fromWhole[0][15], System.Globalization.CultureInfo.InvariantCulture):N0} patients", whole.Out);
        Assert.Contains("; subgroup burden=beyond_up_to_seven", File.ReadLines(Path.Combine(Out("beyond"), "summary.csv")).First());

        var bad = Hccsim("run", path, "--patients", "300", "--subgroup", "burden=nowhere", "--out", Out("nowhere"));
        Assert.Equal(2, bad.Code);
        Assert.Contains("attribute 'burden' has no level 'nowhere'", bad.Err);
        Assert.False(Directory.Exists(Out("nowhere")));
        Assert.Equal(2, Hccsim("run", path, "--subgroup", "burden", "--out", Out("nolevel")).Code);
    }

    [Fact]
    public void ARunOnAProfileStampsItAndAnUnknownProfileIsRefused()
    {
        string path = Repository("scenarios/intermediate-stage.yaml");
        var (code, _, error) = Hccsim("run", path, "--patients", "2000", "--strategies", "tace", "--profile", "imbrave150", "--out", Out("imbrave150"));
        Assert.True(code == 0, error);
        Assert.Contains("; profile imbrave150", File.ReadLines(Path.Combine(Out("imbrave150"), "summary.csv")).First());
        var bad = Hccsim("run", path, "--patients", "300", "--profile", "tactics", "--out", Out("tactics"));
        Assert.Equal(2, bad.Code);
        Assert.Contains("intermediate-stage.yaml:", bad.Err);
        Assert.Contains("--profile 'tactics' is not a profile of the cohort (profiles: imbrave150)", bad.Err);
        Assert.False(Directory.Exists(Out("tactics")));
    }

    [Fact]
    public void ShardsOfARunOnAProfileMergeIntoThatRunToTheBit()
    {
        string path = Repository("scenarios/intermediate-stage.yaml");
        string[] common = { "--patients", "3000", "--strategies", "tace,tiered", "--profile", "imbrave150" };
        Assert.Equal(0, Hccsim(new[] { "run", path }.Concat(common).Concat(new[] { "--out", Out("whole") }).ToArray()).Code);
        for (int i = 0; i < 2; i++)
        {
            var part = Hccsim(new[] { "run", path }.Concat(common).Concat(new[] { "--shard", $"{i}/2", "--out", Out("parts") }).ToArray());
            Assert.True(part.Code == 0, part.Err);
        }
        var merged = Hccsim("merge", Path.Combine(Out("parts"), "run.shard-0-of-2.bin"), Path.Combine(Out("parts"), "run.shard-1-of-2.bin"), "--out", Out("merged"));
        Assert.True(merged.Code == 0, merged.Err);
        // The profile is carried in the shards: the merged summary is the profile's, number for number.
        static string[] Body(string folder) => File.ReadAllLines(Path.Combine(folder, "summary.csv")).Skip(1).ToArray();
        Assert.Equal(Body(Out("whole")), Body(Out("merged")));
        Assert.Contains("; profile imbrave150", File.ReadLines(Path.Combine(Out("merged"), "summary.csv")).First());
        // A merge simulates nothing: it says where its patients came from, not a time or a rate it did not measure.
        Assert.Contains("3,000 patients × 2 strategies merged from shards", merged.Out);
        Assert.DoesNotContain("patients/s", merged.Out);
    }

    [Fact]
    public void ASweepTakesOutcomesWithCommasInParenthesesAndPrintsItsRows()
    {
        var (code, output, error) = Hccsim("sweep", Repository("scenarios/tace.yaml"), "--patients", "300",
            "--set", "strategies.tace.transitions[untreatable_progression->dead].median=8,12",
            "--outcomes", "os_median,tagged_at(tace, 12),occupancy(untreatable_progression, 24)", "--out", Out("commas"));
        Assert.True(code == 0, error);
        var header = File.ReadAllLines(Path.Combine(Out("commas"), "sweep.csv"))[1];
        Assert.EndsWith("\"tagged_at(tace, 12)\",\"occupancy(untreatable_progression, 24)\"", header);
        // The summary table: a row per point and strategy, the swept value in it.
        Assert.Contains("tagged_at(tace, 12)", output);
        Assert.Matches(@"│\s*1\s*│\s*12\s*│\s*tace\s*│", output);
    }

    [Fact]
    public void ASweepCutOffWhileWritingItsHeaderStartsAfreshAndADsaOfAnUnreachedMedianWritesNulls()
    {
        string[] Args(string outDir) => new[] { "sweep", Repository("scenarios/tace.yaml"), "--patients", "300",
            "--set", "strategies.tace.transitions[untreatable_progression->dead].median=8,12", "--out", outDir };
        Assert.Equal(0, Hccsim(Args(Out("full"))).Code);
        string whole = File.ReadAllText(Path.Combine(Out("full"), "sweep.csv"));
        Directory.CreateDirectory(Out("cut"));
        File.WriteAllText(Path.Combine(Out("cut"), "sweep.csv"), whole[..40]);
        var again = Hccsim(Args(Out("cut")));
        Assert.True(again.Code == 0, again.Err);
        Assert.Equal(whole, File.ReadAllText(Path.Combine(Out("cut"), "sweep.csv")));

        // A 3-month horizon: no median is reached, so the outcome is NaN everywhere; JSON holds nulls and the report draws.
        string shortHorizon = Write("short.yaml", "scenario: short\nhorizon: 3 months\ncohort: { patients: 200, seed: 1 }\nstrategies:\n" +
            "  a: { start: x, states: { x: { utility: 0.8 }, d: { dead: true } }, transitions: [ { from: x, to: d, median: 24 months } ] }\n" +
            "uncertainty:\n  parameters:\n    - { path: \"strategies.a.transitions[0].median\", gamma: { mean: 24, se: 3 } }\n");
        var dsa = Hccsim("dsa", shortHorizon, "--patients", "200", "--outcome", "a:os_median", "--out", Out("dsa-nan"));
        Assert.True(dsa.Code == 0, dsa.Err);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Out("dsa-nan"), "dsa.json")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty("base_outcome").ValueKind);
        Assert.True(File.Exists(Path.Combine(Out("dsa-nan"), "report.html")));
    }
}
