using System.Globalization;

namespace HccSim.Cli.Tests;

/// <summary>`run --method` and `--cycle`, and `compare --out`: what they write, and how they refuse bad values.</summary>
public sealed class MethodOptionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hccsim-method-tests", Guid.NewGuid().ToString("N"));

    public MethodOptionTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private string Out(string name) => Path.Combine(_folder, name);

    private static readonly string SickSicker = CliHarness.Repository("scenarios/examples/sick-sicker.yaml");
    private static readonly string Chain = CliHarness.Repository("scenarios/examples/reference-chain.yaml");

    /// <summary>Exit 2, one line naming what was wrong, and nothing written.</summary>
    private void Refused(string[] args, string message, string output)
    {
        var (code, _, error) = CliHarness.Run(args);
        Assert.Equal(2, code);
        Assert.Equal($"hccsim: {message}", error.TrimEnd());
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void AMethodThatIsNoMethodIsRefusedWithTheChoices()
        => Refused(new[] { "run", SickSicker, "--method", "markov", "--out", Out("x") },
            "--method expects one of continuous, cycle, cohort, exact (got 'markov')", Out("x"));

    [Theory]
    [InlineData("0", "--cycle expects a number of months > 0 (got '0')")]
    [InlineData("monthly", "--cycle expects a number of months > 0 (got 'monthly')")]
    [InlineData("7", "--cycle: the horizon of 900 months is not a whole number of 7-month cycles (for --method cohort)")]
    public void ACycleLengthThatCannotBeUsedIsRefused(string cycle, string message)
        => Refused(new[] { "run", SickSicker, "--method", "cohort", "--cycle", cycle, "--out", Out("x") }, message, Out("x"));

    [Fact]
    public void ACycleForTheContinuousMethodIsRefused()
        => Refused(new[] { "run", Chain, "--cycle", "1", "--patients", "100", "--out", Out("x") },
            "--cycle sets the cycle of --method cycle, cohort or exact; the continuous method has none (got --cycle 1 with --method continuous)", Out("x"));

    [Fact]
    public void TheExactMethodOnAModelThatIsNotTimeHomogeneousNamesTheTransition()
    {
        string path = Path.Combine(_folder, "weibull.yaml");
        File.WriteAllText(path, """
            scenario: weibull
            horizon: 24 months
            strategies:
              s:
                start: alive
                states: { alive: { utility: 1 }, dead: { dead: true } }
                transitions:
                  - { from: alive, to: dead, weibull: { shape: 1.2, scale: 10 months } }
            """);
        Refused(new[] { "run", path, "--method", "exact", "--out", Out("x") },
            $"{path}: the exact method cannot run this model: the matrix exponential needs a time-homogeneous model, but alive → dead in strategy 's' is a Weibull, whose hazard changes with time",
            Out("x"));
    }

    [Fact]
    public void TrajectoriesAndShardsAreTheContinuousMethodsAlone()
    {
        Refused(new[] { "run", SickSicker, "--method", "cohort", "--trajectories", "10", "--out", Out("x") },
            "--trajectories follows patients in continuous time (expected --method continuous, not cohort)", Out("x"));
        Refused(new[] { "run", SickSicker, "--method", "cycle", "--shard", "0/2", "--out", Out("x") },
            "--shard splits the continuous microsimulation's patients (expected --method continuous, not cycle)", Out("x"));
    }

    [Fact]
    public void AContinuousRunStampsItsMethod()
    {
        Assert.Equal(0, CliHarness.Run(new[] { "run", Chain, "--patients", "2000", "--out", Out("c") }).Code);
        foreach (var file in new[] { "summary.csv", "curves.csv" })
            Assert.EndsWith("; method continuous", File.ReadLines(Path.Combine(Out("c"), file)).First());
    }

    [Fact]
    public void CompareWritesEveryMethodsValuesInFullPrecisionBesideTheRunsOfEachMethod()
    {
        var (code, output, error) = CliHarness.Run(new[] { "compare", Chain, "--cycle", "0.5", "--patients", "5000", "--out", Out("compare") });
        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(Path.Combine(Out("compare"), "compare.csv"));
        Assert.Matches(@"^# hccsim .*; scenario reference-chain; .*; seed 20261121; patients 5000; .*; method continuous, cycle, cohort, exact; cycle_months 0.5; correction life_table$", lines[0]);
        Assert.Equal("strategy,outcome,continuous,continuous_se,cycle,cycle_se,cohort,exact,z,z_cycle", lines[1]);
        var rows = lines.Skip(2).Select(Reporting.Html.TidyCsv.Fields).ToDictionary(c => c[1]);
        Assert.Contains("occupancy(response, 12)", rows.Keys); // a quoted name: its comma is inside the quotes
        Assert.Contains(Path.Combine(Out("compare"), "compare.csv"), output);

        // The same numbers, to the bit, as `run` by each method with the same cycle, cohort and seed.
        foreach (var method in new[] { "cycle", "cohort", "exact" })
        {
            Assert.Equal(0, CliHarness.Run(new[] { "run", Chain, "--method", method, "--cycle", "0.5", "--patients", "5000", "--out", Out(method) }).Code);
            var summary = File.ReadLines(Path.Combine(Out(method), "summary.csv")).Skip(2).Select(l => l.Split(',')).ToDictionary(c => c[1], c => c[2]);
            int column = method switch { "cycle" => 4, "cohort" => 6, _ => 7 };
            foreach (var outcome in new[] { "discounted_costs", "discounted_qalys", "life_years" })
                Assert.Equal(summary[outcome], rows[outcome][column]);
        }
        double z = double.Parse(rows["discounted_costs"][8], CultureInfo.InvariantCulture);
        Assert.InRange(z, -4, 4); // the continuous microsimulation against the exact solution
    }

    [Fact]
    public void CompareRefusesAnOutputFolderThatIsAFile()
    {
        string file = Path.Combine(_folder, "taken");
        File.WriteAllText(file, "");
        var (code, _, error) = CliHarness.Run(new[] { "compare", Chain, "--patients", "100", "--out", file });
        Assert.Equal(2, code);
        Assert.Equal($"hccsim: --out '{file}': '{file}' is a file (expected a folder for the results)", error.TrimEnd());
    }
}
