using System.Globalization;
using System.Text.Json;

namespace HccSim.Cli.Tests;

/// <summary>`hccsim evsi`: its table, files and report section on a small scenario, and the command lines it refuses.</summary>
public sealed class EvsiCliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hccsim-evsi-tests", Guid.NewGuid().ToString("N"));

    public EvsiCliTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private string Out(string name) => Path.Combine(_folder, name);

    // Two strategies whose choice turns on the experimental arm's uncertain death rate: at 30,000/QALY the extra cost of
    // 300/month buys years only if the rate is low enough — a decision the trial's data can change.
    private const string Decision = "scenario: decide\nhorizon: 120\ncohort: { seed: 4 }\neconomics: { currency: USD, discount: 3%/year, willingness_to_pay: 30000/QALY }\n" +
        "strategies:\n  control:\n    start: alive\n    states: { alive: { utility: 0.8, cost: 100/month }, dead: { dead: true } }\n" +
        "    transitions: [ { from: alive, to: dead, rate: 0.05/month } ]\n  experimental:\n    extends: control\n    states: { alive: { utility: 0.8, cost: 400/month } }\n" +
        "    transitions: [ { from: alive, to: dead, rate: 0.035/month } ]\n" +
        "trial: { arms: [control, experimental], patients: 200, accrual: 12 months, events: 120, cost: { fixed: 100000, per_patient: 2000 } }\n";

    private const string Uncertain = Decision + "uncertainty:\n  parameters:\n    - { path: \"strategies.experimental.transitions[0].rate\", lognormal: { estimate: 0.035, ci: [0.02, 0.06] } }\n";

    private string Write(string name, string text)
    {
        string path = Out(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void EvsiIsTabulatedBySizeWrittenStampedAndDrawnInTheReport()
    {
        string path = Write("decide.yaml", Uncertain);
        var (code, output, error) = CliHarness.Run(new[] { "evsi", path, "--sizes", "20,80,320", "--draws", "400", "--patients", "400", "--population", "500", "--years", "5", "--seed", "3", "--out", Out("evsi") });
        Assert.True(code == 0, error);
        Assert.Equal("", error);
        Assert.Contains("what a trial of experimental vs control is worth at USD 30,000/QALY", output);
        Assert.Contains("EVPI per patient from the same draws", output);
        Assert.Contains("draws/s", output);
        var lines = File.ReadAllLines(Path.Combine(Out("evsi"), "evsi.csv"));
        Assert.Matches(@"^# hccsim [^;]+; scenario decide; file .*; sha256 [0-9a-f]{64}; seed 3; method evsi-regression; draws 400; patients 400; wtp 30000; ", lines[0]);
        Assert.Equal("patients,reporting_months,population_factor,evsi,evsi_se,population_evsi,population_evsi_se,trial_cost,enbs,optimal,evpi", lines[1]);
        var rows = lines.Skip(2).Select(l => l.Split(',')).ToArray();
        Assert.Equal(new[] { "20", "80", "320" }, rows.Select(r => r[0]));
        double N(string[] r, int i) => double.Parse(r[i], CultureInfo.InvariantCulture);
        foreach (var r in rows)
        {
            // Only patients after the trial's analysis benefit: year i counts for its share after the report, discounted at
            // 3%; EVSI within [0, EVPI]; population EVSI = factor × EVSI; cost = 100,000 + 2,000 n; ENBS = population EVSI − cost.
            double delay = N(r, 1) / 12;
            Assert.InRange(delay, 0.5, 5); // 12 months' accrual, then follow-up to the events: within the 5 years
            Assert.Equal(Enumerable.Range(0, 5).Sum(i => 500 * Math.Clamp(i + 1 - delay, 0, 1) / Math.Pow(1.03, i)), N(r, 2), 9);
            Assert.InRange(N(r, 3), 0, N(r, 10));
            Assert.Equal(N(r, 3) * N(r, 2), N(r, 5), 6);
            Assert.Equal(100_000 + 2_000 * N(r, 0), N(r, 7), 9);
            Assert.Equal(N(r, 5) - N(r, 7), N(r, 8), 6);
        }
        // The trial tells more with more patients: clearly more at 320 than at 20.
        Assert.True(N(rows[2], 3) - N(rows[0], 3) > 2 * Math.Sqrt(Math.Pow(N(rows[2], 4), 2) + Math.Pow(N(rows[0], 4), 2)), $"EVSI 20 → 320: {N(rows[0], 3)} → {N(rows[2], 3)}");
        Assert.True(rows.Count(r => r[9] == "TRUE") <= 1);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out("evsi"), "evsi.json")));
        Assert.Equal(3, json.RootElement.GetProperty("sizes").GetArrayLength());
        Assert.Equal(2000, json.RootElement.GetProperty("trial_cost").GetProperty("per_patient").GetDouble());
        Assert.StartsWith("regression-based EVSI (Strong et al. 2015)", json.RootElement.GetProperty("method").GetString());
        Assert.Equal(500, json.RootElement.GetProperty("population").GetInt32());
        Assert.True(json.RootElement.GetProperty("delay_counted").GetBoolean());
        Assert.Equal(5, json.RootElement.GetProperty("years").GetInt32());
        Assert.Contains(json.RootElement.GetProperty("optimal_now").GetString(), new[] { "control", "experimental" });
        Assert.Equal("overall_survival", json.RootElement.GetProperty("design").GetProperty("endpoint").GetString());
        // Events to analysis scale with the size (120 of 200 patients): 12 at 20 patients, 192 at 320.
        Assert.Equal(new[] { 12, 48, 192 }, json.RootElement.GetProperty("sizes").EnumerateArray().Select(e => e.GetProperty("analysis_events").GetInt32()));
        string report = File.ReadAllText(Path.Combine(Out("evsi"), "report.html"));
        Assert.Contains("What the trial is worth: EVSI and ENBS", report);
        Assert.Contains("chart-evsi", report);
        Assert.Contains("chart-enbs", report);
    }

    [Fact]
    public void WithoutTheDelayEveryPatientOfThePopulationBenefitsAndTheValuesAreOtherwiseTheSame()
    {
        string path = Write("decide.yaml", Uncertain);
        string[] Args(string folder, params string[] extra) => new[] { "evsi", path, "--sizes", "40,160", "--draws", "60", "--patients", "200", "--seed", "5", "--population", "500", "--years", "5", "--out", Out(folder) }.Concat(extra).ToArray();
        Assert.Equal(0, CliHarness.Run(Args("delayed")).Code);
        var (code, output, _) = CliHarness.Run(Args("at-once", "--no-delay"));
        Assert.Equal(0, code);
        Assert.Contains("all counted as benefiting at once", output);
        string[][] Rows(string folder) => File.ReadAllLines(Path.Combine(Out(folder), "evsi.csv")).Skip(2).Select(l => l.Split(',')).ToArray();
        var delayed = Rows("delayed");
        var atOnce = Rows("at-once");
        double undelayed = Enumerable.Range(0, 5).Sum(i => 500 / Math.Pow(1.03, i));
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(delayed[i][3], atOnce[i][3]); // EVSI per patient does not depend on who benefits
            Assert.Equal(delayed[i][1], atOnce[i][1]); // nor does when the trial reports
            Assert.Equal(undelayed, double.Parse(atOnce[i][2], CultureInfo.InvariantCulture), 9);
            Assert.True(double.Parse(delayed[i][2], CultureInfo.InvariantCulture) < undelayed);
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameEvsiOnOneThreadAndOnTwo()
    {
        string path = Write("decide.yaml", Uncertain);
        string[] Args(string threads, string folder) => new[] { "evsi", path, "--sizes", "40,160", "--draws", "60", "--patients", "200", "--seed", "5", "--threads", threads, "--out", Out(folder) };
        var first = CliHarness.Run(Args("1", "one"));
        Assert.Equal(0, first.Code);
        Assert.Contains("60 draws are few for EVSI by regression", first.Out);
        Assert.Equal(0, CliHarness.Run(Args("2", "two")).Code);
        // The stamp's finishing time aside, the tables are the same to the last digit.
        Assert.Equal(File.ReadAllLines(Path.Combine(Out("one"), "evsi.csv")).Skip(1), File.ReadAllLines(Path.Combine(Out("two"), "evsi.csv")).Skip(1));
    }

    [Fact]
    public void EvsiWithoutATrialAnUncertaintySectionOrGoodSizesSaysWhatIsMissingInOneLine()
    {
        var noTrial = CliHarness.Run(new[] { "evsi", Write("notrial.yaml", Uncertain.Replace(Decision.Split('\n')[^2] + "\n", "")), "--out", Out("a") });
        Assert.Equal(2, noTrial.Code);
        Assert.Contains("has no 'trial' section: EVSI values that trial", noTrial.Err);
        var noUncertainty = CliHarness.Run(new[] { "evsi", Write("certain.yaml", Decision), "--out", Out("b") });
        Assert.Equal(2, noUncertainty.Code);
        Assert.Contains("has no 'uncertainty' section", noUncertainty.Err);
        string path = Write("decide.yaml", Uncertain);
        var badSize = CliHarness.Run(new[] { "evsi", path, "--sizes", "40,x", "--out", Out("c") });
        Assert.Equal(2, badSize.Code);
        Assert.Contains("--sizes expects whole numbers of patients from 2 to 1,000,000, comma-separated (got 'x' in '40,x')", badSize.Err);
        var fewDraws = CliHarness.Run(new[] { "evsi", path, "--draws", "5", "--out", Out("d") });
        Assert.Equal(2, fewDraws.Code);
        Assert.Contains("--draws expects a whole number from 10", fewDraws.Err);
        var halfPopulation = CliHarness.Run(new[] { "evsi", path, "--population", "100", "--out", Out("e") });
        Assert.Equal(2, halfPopulation.Code);
        Assert.Contains("population EVSI needs both --population and --years", halfPopulation.Err);
        // A misspelt arm is caught before the draws run, not after them.
        var badArm = CliHarness.Run(new[] { "evsi", path, "--arms", "control,experimentl", "--draws", "1000000", "--out", Out("f") });
        Assert.Equal(2, badArm.Code);
        Assert.Contains("no strategy 'experimentl' in the model", badArm.Err);
        Assert.Contains("nothing was written", badArm.Err);
        foreach (var r in new[] { noTrial, noUncertainty, badSize, fewDraws, halfPopulation, badArm })
        {
            Assert.Single(r.Err.Trim().Split('\n'));
            Assert.DoesNotContain("   at ", r.Err);
        }
        Assert.False(Directory.Exists(Out("c")) && Directory.EnumerateFiles(Out("c")).Any(f => f.EndsWith(".csv", StringComparison.Ordinal)));
    }
}
