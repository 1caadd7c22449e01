using HccSim.Core.Model;

namespace HccSim.Scenarios.Tests;

/// <summary>A strategy's <c>drugs:</c> priced apart from its states: read with units, inherited by extends, refused at their line.</summary>
public sealed class DrugReadingTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    private static string With(string drug, string on = "x") => TempScenario.Valid
        .Replace("alive: { progression_free: true,", $"alive: {{ on: {on}, progression_free: true,")
        .Replace("    start: alive\n", $"    start: alive\n    drugs:\n      {drug}\n");

    [Fact]
    public void ADrugIsReadWithItsPriceDoseIntensityStoppingRateAndTag()
    {
        var s = _temp.Load("d.yaml", With("x: { cost: 1000/month, dose_intensity: 0.8, stop_for_toxicity: 0.012/month, tag: stopped_x }"));
        var d = Assert.Single(((PathwayStrategy)s.Model!.Strategies[0]).Drugs);
        Assert.Equal(new Drug("x", 1000) { DoseIntensity = 0.8, StopRatePerMonth = 0.012, StopTag = "stopped_x" }, d);
        Assert.Contains("stopped_x", s.Compiled!.TagNames);
    }

    [Fact]
    public void AChildStrategyInheritsTheDrugsAndMayChangeOneKey()
    {
        string text = With("x: { cost: 1000/month, dose_intensity: 0.8 }") + "\n  child:\n    extends: base\n    drugs:\n      x: { dose_intensity: 0.5 }\n";
        var child = (PathwayStrategy)_temp.Load("e.yaml", text).Model!.Strategies[1];
        Assert.Equal(new Drug("x", 1000) { DoseIntensity = 0.5 }, Assert.Single(child.Drugs));
    }

    [Theory]
    [InlineData("y: { cost: 1000/month }", "drug 'y'", "is not given in any state (expected a state with on: y")]
    [InlineData("x: { dose_intensity: 0.8 }", "drug 'x'", "has no cost")]
    [InlineData("x: { cost: 1000/month, dose_intensity: 0 }", "dose intensity of drug 'x'", "(0, 1.5]")]
    [InlineData("x: { cost: 1000/month, stop_for_toxicity: -1/month }", "stopping rate for toxicity of drug 'x'", "")]
    [InlineData("x: { cost: 1000/month, tag: stopped }", "drug 'x'", "has a stop tag but never stops")]
    [InlineData("x: { cost: 1000/month, colour: red }", "colour", "")]
    public void AWrongDrugIsRefusedAtItsLine(string drug, string names, string message)
    {
        var e = _temp.ErrorContaining("bad.yaml", With(drug), names, message);
        Assert.Equal(12, e.Line);
        Assert.EndsWith("bad.yaml", e.File);
    }
}
