namespace HccSim.Cli.Tests;

/// <summary>`calibrate --method imis` end to end: the posterior file, its stamp, psa reading it back, and each way it refuses.</summary>
public sealed class ImisCliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hccsim-cli-tests", Guid.NewGuid().ToString("N"));

    public ImisCliTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static (int Code, string Out, string Err) Hccsim(params string[] args) => CliHarness.Run(args);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string Free = "strategies.s.transitions[a->d].median";

    // Two strategies (psa compares them); the target's interval gives the likelihood (log-normal: a median). The continuous
    // age keeps the exact solution out: these tests are of the microsimulation (common random numbers across threads).
    private static string Scenario(string target = "lower: 8, upper: 12.5, ", string posterior = "") =>
        "scenario: cal\nhorizon: 60\ncohort: { patients: 500, seed: 3, attributes: { age: { normal: { mean: 60, sd: 5 }, min: 40, max: 80 } } }\neconomics: { currency: USD, willingness_to_pay: 100000/QALY }\nstrategies:\n" +
        "  s:\n    start: a\n    states: { a: { utility: 0.8, cost: 100/month }, d: { dead: true } }\n    transitions: [ { from: a, to: d, median: 9 months } ]\n" +
        "  t:\n    start: a\n    states: { a: { utility: 0.8, cost: 50/month }, d: { dead: true } }\n    transitions: [ { from: a, to: d, median: 8 months } ]\n" +
        $"targets:\n  - {{ strategy: s, outcome: os_median, value: 10, {target}source: test }}\n" +
        $"calibration:\n  patients: 500\n  free:\n    - {{ path: \"{Free}\", bounds: [1, 30] }}\n" +
        "uncertainty:\n  parameters: [ { name: cost_t, path: strategies.t.states.a.cost, gamma: { mean: 50, se: 10 } } ]\n" + posterior;

    private static readonly string[] Quick = { "--method", "imis", "--initial", "200", "--per-round", "50", "--samples", "200", "--threads", "1" };

    [Fact]
    public void ImisWritesAStampedPosteriorThatPsaDrawsFrom()
    {
        string path = Write("cal.yaml", Scenario());
        var (code, output, error) = Hccsim(new[] { "calibrate", path }.Concat(Quick).ToArray());
        Assert.True(code == 0, error + output);
        output = System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "); // the console wraps long lines
        Assert.Contains("log-normal, sdlog", output);
        Assert.Contains("expected distinct points in the resample", output);
        Assert.Contains("effective sample size", output);
        Assert.Contains("evaluations/s", output);
        Assert.Contains("microsimulation of s on 500 patients", output);
        string posterior = Path.Combine(_folder, "cal.posterior.csv");
        var lines = File.ReadAllLines(posterior);
        Assert.StartsWith("# hccsim ", lines[0]);
        foreach (var part in new[] { "; sha256 ", "; seed 3;", "; method imis;", "; expected_unique ", "; ess ", "; rounds ", "; evaluations ", "; converged yes",
                     "; initial 200; per_round 50; max_rounds 50; samples 200;", "; targets 1 (s:os_median);" }) Assert.Contains(part, lines[0]);
        Assert.Equal(Free, lines[1]);
        Assert.Equal(201, lines.Length - 1);
        // The posterior concentrates around the median that gives the target: inside the prior's [1, 30], near 10.
        double mean = lines.Skip(2).Average(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(mean, 7, 13);
        Assert.Equal(Scenario(), File.ReadAllText(path));

        string withPosterior = Write("cal.yaml", Scenario(posterior: "  posterior: { file: cal.posterior.csv }\n"));
        var psa = Hccsim("psa", withPosterior, "--draws", "20", "--patients", "100", "--threads", "1", "--out", Path.Combine(_folder, "psa"));
        Assert.True(psa.Code == 0, psa.Err);
        Assert.Contains("calibrated", psa.Out);

        // Calibrating again replaces the posterior the section references (calibration never reads it), and only that input.
        var again = Hccsim(new[] { "calibrate", withPosterior }.Concat(Quick).ToArray());
        Assert.True(again.Code == 0, again.Err);
        Assert.Equal(lines.Skip(1), File.ReadAllLines(posterior).Skip(1));
        // A posterior made stale by a change to calibration.free (another column) stops psa, not the calibration that replaces it.
        File.WriteAllText(posterior, "strategies.t.transitions[a->d].median\n8\n");
        Assert.Equal(2, Hccsim("psa", withPosterior, "--draws", "20", "--patients", "100", "--out", Path.Combine(_folder, "stale")).Code);
        var replaced = Hccsim(new[] { "calibrate", withPosterior }.Concat(Quick).ToArray());
        Assert.True(replaced.Code == 0, replaced.Err);
        Assert.Equal(lines.Skip(1), File.ReadAllLines(posterior).Skip(1));
        Assert.Equal(0, Hccsim("psa", withPosterior, "--draws", "20", "--patients", "100", "--threads", "1", "--out", Path.Combine(_folder, "psa2")).Code);
        var refused = Hccsim(new[] { "calibrate", withPosterior, "--out", withPosterior }.Concat(Quick).ToArray());
        Assert.Equal(2, refused.Code);
        Assert.Contains("is an input of the scenario: calibration never overwrites its input", refused.Err);
    }

    [Fact]
    public void ImisIsBitIdenticalOnOneAndTwoThreads()
    {
        string path = Write("cal.yaml", Scenario());
        var one = Hccsim(new[] { "calibrate", path, "--out", Path.Combine(_folder, "one.csv") }.Concat(Quick).ToArray());
        var two = Hccsim(new[] { "calibrate", path, "--out", Path.Combine(_folder, "two.csv") }.Concat(Quick[..^1]).Append("2").ToArray());
        Assert.True(one.Code == 0 && two.Code == 0, one.Err + two.Err);
        // Everything but the stamp's threads and times is the same, to the last digit.
        Assert.Equal(File.ReadAllLines(Path.Combine(_folder, "one.csv")).Skip(1), File.ReadAllLines(Path.Combine(_folder, "two.csv")).Skip(1));
    }

    [Fact]
    public void ATargetWithoutAnIntervalIsRefusedByName()
    {
        string path = Write("cal.yaml", Scenario(target: ""));
        var (code, _, error) = Hccsim(new[] { "calibrate", path }.Concat(Quick).ToArray());
        Assert.Equal(2, code);
        Assert.Contains($"{path}:15:1: target s os_median has weight 1 but no interval", error);
        Assert.Contains("expected lower: and upper:", error);
        Assert.False(File.Exists(Path.Combine(_folder, "cal.posterior.csv")));
    }

    [Fact]
    public void TooFewRoundsExitWithTheirOwnCodeAndWriteNothing()
    {
        string path = Write("cal.yaml", Scenario());
        var (code, output, _) = Hccsim("calibrate", path, "--method", "imis", "--initial", "50", "--per-round", "10", "--max-rounds", "1", "--samples", "5000", "--threads", "1");
        Assert.Equal(3, code);
        Assert.Contains("IMIS did not converge", output);
        Assert.Empty(Directory.GetFiles(_folder, "*.csv*"));
    }

    [Fact]
    public void ImisOptionsWithTheOptimiserAreRefused()
    {
        string path = Write("cal.yaml", Scenario());
        var (code, _, error) = Hccsim("calibrate", path, "--samples", "100");
        Assert.Equal(2, code);
        Assert.Contains("--samples is an option of --method imis", error);
        Assert.Equal(2, Hccsim("calibrate", path, "--method", "mcmc").Code);
    }
}
