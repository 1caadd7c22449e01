namespace HccSim.Scenarios.Tests;

/// <summary>
/// uncertainty.posterior references a sample of the calibration's free parameters: read when it matches them, and otherwise
/// refused in one line at the reference's file, line and column, saying what was expected.
/// </summary>
public sealed class PosteriorReadingTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    private const string MedianPath = "strategies.s.transitions[alive->dead].median";
    private const string HrPath = "strategies.s.transitions[0].hr.burden.beyond";

    // The posterior reference is on line 16, its file: value at column 22.
    private static string Scenario(string uncertain = "strategies.s.states.alive.utility") => $$"""
        scenario: post
        horizon: 120 months
        cohort: { patients: 1000, seed: 11, attributes: { burden: { within: 0.5, beyond: 0.5 } } }
        strategies:
          s:
            start: alive
            states: { alive: { progression_free: true, utility: 0.8, cost: 100/month }, dead: { dead: true } }
            transitions:
              - { from: alive, to: dead, median: 10 months, hr: { burden: { beyond: 1.5 } } }
        calibration:
          free:
            - { path: "{{MedianPath}}", bounds: [2, 40] }
            - { path: "{{HrPath}}", bounds: [0.5, 4] }
        uncertainty:
          parameters: [ { path: "{{uncertain}}", beta: { mean: 0.8, se: 0.05 } } ]
          posterior: { file: post.posterior.csv, group: fitted }
        """;

    private const int Line = 16, Column = 22;

    private void OneError(string csv, string message, string? scenario = null)
    {
        if (csv.Length > 0) _temp.Write("post.posterior.csv", csv);
        var errors = _temp.Errors("post.yaml", scenario ?? Scenario());
        string expected = $"{Path.Combine(_temp.Folder, "post.yaml")}:{Line}:{Column}: {message}";
        Assert.True(errors.Count == 1 && errors[0].ToString() == expected, $"\nexpected {expected}\nactual   {string.Join("\n         ", errors)}");
    }

    private const string Expected = $"expected one column per calibration.free path: {MedianPath}, {HrPath}";

    [Fact]
    public void APosteriorMatchingTheFreeParametersIsReadInTheirOrder()
    {
        // Columns in the other order than calibration.free: matched by name.
        _temp.Write("post.posterior.csv", $"# hccsim stamp\n{HrPath},{MedianPath}\n1.2,9\n2,11.5\n");
        var u = _temp.Load("post.yaml", Scenario()).Uncertainty!;
        var post = Assert.IsType<PosteriorSample>(u.Posterior);
        Assert.Equal("fitted", post.Group);
        Assert.Equal(2, post.Count);
        Assert.Equal(new[] { 9, 1.2, 11.5, 2 }, post.Rows);
        Assert.Equal(new[] { "strategies.s.states.alive.utility", MedianPath, HrPath }, u.ValueNames);
        Assert.Equal(1, u.PosteriorOffset);
    }

    [Fact]
    public void AMissingPosteriorFileIsRefused()
        => OneError("", "posterior file 'post.posterior.csv': no such file beside the scenario (expected the CSV written by hccsim calibrate --method imis)");

    [Fact]
    public void AColumnThatIsNoFreeParameterIsRefused()
        => OneError($"{MedianPath},strategies.s.other\n9,1\n", $"posterior file 'post.posterior.csv': column 2 of the header is not a free parameter of the calibration section ({Expected})");

    [Fact]
    public void TooFewColumnsAreRefused()
        => OneError($"{MedianPath}\n9\n", $"posterior file 'post.posterior.csv' has 1 columns for 2 free parameters ({Expected})");

    [Fact]
    public void ARowWithTooManyCellsIsRefused()
        => OneError($"{MedianPath},{HrPath}\n9,1,3\n", $"posterior file 'post.posterior.csv': line 2 has 3 cells ({Expected})");

    [Fact]
    public void ANonNumericCellIsRefused()
        => OneError($"{MedianPath},{HrPath}\n9,one\n", $"posterior file 'post.posterior.csv': line 2, column 2 ({HrPath}) is not a number (expected a value within its bounds [0.5, 4])");

    [Fact]
    public void AValueOutsideItsBoundsIsRefused()
        => OneError($"{MedianPath},{HrPath}\n9,1\n50,1\n", $"posterior file 'post.posterior.csv': line 3, column 1 ({MedianPath}) is 50, outside its calibration bounds [2, 40] (expected the sample of this calibration section)");

    [Fact]
    public void AHeaderWithoutRowsIsRefused()
        => OneError($"{MedianPath},{HrPath}\n", "posterior file 'post.posterior.csv' has a header but no rows (expected the resampled rows below it)");

    [Fact]
    public void AFreeParameterThatIsAlsoAnUncertainParameterIsRefused()
        // Named by another spelling of the same number (by index, not by its states): still the same place.
        => OneError($"{MedianPath},{HrPath}\n9,1\n",
            $"'{MedianPath}' is a free parameter drawn from the posterior and also uncertain parameter 'strategies.s.transitions[0].median' (expected it in one place: remove it from uncertainty.parameters)",
            Scenario("strategies.s.transitions[0].median").Replace("beta: { mean: 0.8, se: 0.05 }", "gamma: { mean: 10, se: 1 }"));
}
