using HccSim.Scenarios;
using HccSim.Analysis.Calibration;
using HccSim.Scenarios.Parameters;

using HccSim.Scenarios.Tests;

namespace HccSim.Analysis.Tests.Calibration;

public sealed class CalibrationTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    // One exponential step alive → dead, so the median is the written median: calibration must find the
    // median that gives the target, within the Monte Carlo error of the median on this many patients.
    private const string Exponential = """
        # a comment that must survive
        scenario: exp
        horizon: 120 months
        cohort: { patients: 20000, seed: 11, attributes: { burden: { within: 0.5, beyond: 0.5 } } }
        strategies:
          s:
            start: alive
            states: { alive: { progression_free: true }, dead: { dead: true } }
            transitions:
              - { from: alive, to: dead, median: 5 months, hr: { burden: { beyond: 1.0 } } }  # start far off
        targets:
          - { strategy: s, outcome: os_median, value: 14, subgroup: { burden: within }, source: test }
          - { strategy: s, outcome: os_median, value: 7, subgroup: { burden: beyond }, source: test }
        calibration:
          patients: 20000
          free:
            - { path: "strategies.s.transitions[alive->dead].median", bounds: [2, 40] }
            - { path: "strategies.s.transitions[0].hr.burden.beyond", bounds: [0.5, 4] }
        """;

    [Fact]
    public void CalibrationRecoversTheParametersThatProduceTheTargets()
    {
        string path = _temp.Write("exp.yaml", Exponential);
        var fit = ScenarioCalibration.Run(ScenarioLoader.Define(path), new CalibrationOptions(20000, 11, 2, 400));
        // Within: median 14 ⇒ written median 14. Beyond: 7 ⇒ HR 2. The estimator's SE at n = 20,000 is m/√(n·ln²2)… ≈ 0.7%.
        double seMedian = 14 / Math.Sqrt(20000) / Math.Log(2);
        Assert.InRange(fit.Parameters[0].Fitted, 14 - 4 * seMedian, 14 + 4 * seMedian);
        Assert.InRange(fit.Parameters[1].Fitted, 2 * (1 - 4 * 0.01), 2 * (1 + 4 * 0.01));
        Assert.True(fit.ObjectiveAfter < 0.01 * fit.ObjectiveBefore, $"{fit.ObjectiveBefore} → {fit.ObjectiveAfter}");
        // The median moves both targets; the hazard ratio only the beyond subgroup's.
        Assert.Equal(2, fit.Parameters[0].Constrains.Count());
        Assert.Equal(1, Assert.Single(fit.Parameters[1].Constrains).Index);
    }

    [Fact]
    public void TheFittedFileChangesOnlyTheFreeNumbers()
    {
        string path = _temp.Write("exp.yaml", Exponential);
        var fit = ScenarioCalibration.Run(ScenarioLoader.Define(path), new CalibrationOptions(2000, 11, 1, 40));
        string text = File.ReadAllText(path);
        string rewritten = ScenarioCalibration.Rewrite(text, fit.Parameters, "fitted\nsecond line");
        Assert.StartsWith("# fitted\n# second line\n# a comment that must survive\n", rewritten);
        string expected = text.Replace("median: 5 months", $"median: {WrittenNumber.Format(fit.Parameters[0].Fitted)} months")
            .Replace("beyond: 1.0 }", $"beyond: {WrittenNumber.Format(fit.Parameters[1].Fitted)} }}");
        Assert.Equal("# fitted\n# second line\n" + expected, rewritten);
        var reread = _temp.Load("fitted.yaml", rewritten);
        Assert.Equal(2, reread.Calibration!.Free.Count);
        Assert.Equal(WrittenNumber.Parse(WrittenNumber.Format(fit.Parameters[0].Fitted))!.Value.Value, reread.Calibration.Free[0].Value);
    }

    [Theory]
    [InlineData("strategies.s.transitions[alive->dead].medain", "free parameter there is no 'strategies.s.transitions[alive->dead].medain' in the file; did you mean 'median'?")]
    [InlineData("strategies.s.transitions[alive->gone].median", "free parameter there is no 'strategies.s.transitions[alive->gone]' in the file")]
    [InlineData("strategies.s.states", "free parameter 'strategies.s.states' is not a single number in the file (it holds a map)")]
    [InlineData("scenario", "free parameter 'scenario' is not a number of the model")]
    [InlineData("strategies..s", "is not a parameter path")]
    public void ABadPathIsRefusedAtItsLine(string path, string message)
    {
        var errors = _temp.Errors("bad.yaml", Exponential.Replace("\"strategies.s.transitions[alive->dead].median\"", $"\"{path}\""));
        var e = Assert.Single(errors);
        Assert.Equal(17, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("bounds: [2, 40]", "bounds: [40, 2]", 17, "bounds must be [lower, upper] with lower < upper")]
    [InlineData("bounds: [2, 40]", "bounds: [6, 40]", 10, "'strategies.s.transitions[alive->dead].median' is 5, outside its calibration bounds [6, 40]")]
    [InlineData(", bounds: [2, 40]", "", 17, "has no 'bounds'")]
    [InlineData("  patients: 20000", "  patients: 10", 15, "calibration patients")]
    public void BadBoundsAreRefusedAtTheirLine(string replace, string with, int line, string message)
    {
        var e = Assert.Single(_temp.Errors("bad.yaml", Exponential.Replace(replace, with)));
        Assert.Equal(line, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("15.2 months", 17.31, "17.31 months")]
    [InlineData("0.05/month", 0.0712345678, "0.07123457/month")]
    [InlineData("40%", 35.5, "35.5%")]
    [InlineData("1.689", 1.7, "1.7")]
    [InlineData("6828", 7000.4, "7000.4")]
    public void AWrittenNumberKeepsItsUnit(string written, double value, string expected)
        => Assert.Equal(expected, WrittenNumber.Parse(written)!.Value.With(value));

    [Fact]
    public void TiedPlacesMoveTogetherAndMustStartEqual()
    {
        // A second strategy with the same death median, tied to the first in calibration.
        var two = Exponential.Replace("targets:", "  t:\n    start: alive\n    states: { alive: { progression_free: true }, dead: { dead: true } }\n    transitions:\n      - { from: alive, to: dead, median: 5 months }\ntargets:")
            .Replace("    - { path: \"strategies.s.transitions[alive->dead].median\", bounds: [2, 40] }",
                "    - { path: [\"strategies.s.transitions[alive->dead].median\", \"strategies.t.transitions[0].median\"], bounds: [2, 40] }");
        string path = _temp.Write("tied.yaml", two);
        var fit = ScenarioCalibration.Run(ScenarioLoader.Define(path), new CalibrationOptions(2000, 11, 1, 60));
        Assert.Equal(2, fit.Parameters[0].Free.Places.Count());
        string rewritten = ScenarioCalibration.Rewrite(File.ReadAllText(path), fit.Parameters, "fitted");
        string fitted = $"median: {WrittenNumber.Format(fit.Parameters[0].Fitted)} months";
        Assert.Equal(2, rewritten.Split(fitted).Length - 1);
        Assert.DoesNotContain("median: 5 months", rewritten);

        var e = Assert.Single(_temp.Errors("bad.yaml", two.Replace("      - { from: alive, to: dead, median: 5 months }\ntargets:", "      - { from: alive, to: dead, median: 6 months }\ntargets:")));
        Assert.Contains("tied free parameter 'strategies.t.transitions[0].median' is 6 months but 'strategies.s.transitions[alive->dead].median' is 5 months", e.Message);
    }

    [Theory]
    [InlineData("strategies.s.transitions[0].median", "names a number already listed")]
    [InlineData("targets[0].value", "is not a number of the model (expected a path under strategies, cohort.attributes or background_mortality)")]
    [InlineData("horizon", "is not a number of the model")]
    public void ANumberIsFreedOnceAndOnlyIfItIsTheModels(string second, string message)
    {
        var text = Exponential.Replace("    - { path: \"strategies.s.transitions[0].hr.burden.beyond\", bounds: [0.5, 4] }",
            $"    - {{ path: \"{second}\", bounds: [0.5, 400] }}");
        var e = Assert.Single(_temp.Errors("bad.yaml", text));
        Assert.Equal(18, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void TiedPlacesInDifferentUnitsAreRefused()
    {
        var text = Exponential.Replace("targets:", "  t:\n    start: alive\n    states: { alive: {}, dead: { dead: true } }\n    transitions:\n      - { from: alive, to: dead, median: 5 years }\ntargets:")
            .Replace("    - { path: \"strategies.s.transitions[alive->dead].median\", bounds: [2, 40] }",
                "    - { path: [\"strategies.s.transitions[alive->dead].median\", \"strategies.t.transitions[0].median\"], bounds: [2, 40] }");
        var e = Assert.Single(_temp.Errors("bad.yaml", text));
        Assert.Contains("is 5 years but 'strategies.s.transitions[alive->dead].median' is 5 months", e.Message);
    }

    [Fact]
    public void BoundsInAnotherUnitAreRefused()
    {
        var errors = _temp.Errors("bad.yaml", Exponential.Replace("bounds: [2, 40] }", "bounds: [1 year, 3 years] }"));
        Assert.Contains(errors, e => e.Line == 17 && e.Message.Contains("the lower bound is in 'year', but the parameter is written in 'months'"));
    }

    [Fact]
    public void ARewriteKeepsWindowsLineEndings()
    {
        string path = Path.Combine(_temp.Folder, "crlf.yaml");
        File.WriteAllText(path, Exponential.Replace("\r\n", "\n").Replace("\n", "\r\n"));
        var fit = ScenarioCalibration.Run(ScenarioLoader.Define(path), new CalibrationOptions(500, 11, 1, 20));
        string rewritten = ScenarioCalibration.Rewrite(File.ReadAllText(path), fit.Parameters, "one\ntwo");
        Assert.Contains($"median: {WrittenNumber.Format(fit.Parameters[0].Fitted)} months", rewritten);
        Assert.StartsWith("# one\r\n# two\r\n# a comment", rewritten);
        Assert.DoesNotContain("\n", rewritten.Replace("\r\n", ""));
    }

    [Fact]
    public void ASensitivityStepTheModelRefusesFallsBackToOneSide()
    {
        // Bounds from 0: the step below a small fitted median reaches 0, which the model refuses; the fit still completes.
        string path = _temp.Write("zero.yaml", Exponential.Replace("bounds: [2, 40] }", "bounds: [0, 1000] }").Replace("value: 14,", "value: 3,").Replace("value: 7,", "value: 1.5,"));
        var fit = ScenarioCalibration.Run(ScenarioLoader.Define(path), new CalibrationOptions(2000, 11, 1, 200));
        Assert.True(fit.Parameters[0].Fitted > 0);
        Assert.All(fit.Parameters[0].Sensitivity, x => Assert.True(double.IsFinite(x.Change)));
    }
}
