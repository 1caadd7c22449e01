using HccSim.Core.Engine;

namespace HccSim.Scenarios.Tests;

/// <summary>The shipped strategy library: one population and seed, so a strategy is the same in every file that holds it.</summary>
public sealed class StrategyLibraryTests
{
    private static Core.Outcomes.SimulationResult Run(string file)
    {
        var s = ScenarioLoader.Load(TempScenario.Repository($"scenarios/{file}"));
        return Simulator.Run(s.RequireSimulated(), new SimulationOptions { Patients = 20_000, Seed = s.Seed, Threads = 2 });
    }

    [Theory]
    [InlineData("tace.yaml", "tace")]
    [InlineData("sorafenib-tace.yaml", "sorafenib_tace")]
    [InlineData("len-tace.yaml", "len_tace")]
    [InlineData("abc-conversion.yaml", "abc_conversion")]
    [InlineData("tiered.yaml", "curative_first")]
    public void AStrategyGivesTheSameNumbersInItsOwnFileAndInTheWholeLibrary(string file, string strategy)
    {
        var own = Run(file)[strategy];
        var library = Run("intermediate-stage.yaml")[strategy];
        Assert.Equal(own.OverallSurvival.Survival, library.OverallSurvival.Survival);
        Assert.Equal(own.ProgressionFreeSurvival.Survival, library.ProgressionFreeSurvival.Survival);
        Assert.Equal(own.DiscountedCosts, library.DiscountedCosts);
        Assert.Equal(own.DiscountedQalys, library.DiscountedQalys);
        Assert.Equal(own.CfdfEver, library.CfdfEver);
    }

    [Fact]
    public void EveryShippedScenarioDrawsTheSamePopulation()
    {
        var files = Directory.GetFiles(TempScenario.Repository("scenarios"), "*.yaml");
        var populations = files.Select(f => ScenarioLoader.Load(f)).Select(s => (s.Seed, s.Patients, Attributes: string.Join(";", s.Model!.Attributes))).Distinct().ToList();
        Assert.Single(populations);
    }
}
