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
        var populations = files.Select(f => ScenarioLoader.Load(f)).Select(s => (s.Seed, s.Patients, Attributes: string.Join("; ", s.Model!.Attributes.Select(Describe)))).Distinct().ToList();
        Assert.Single(populations);
        Assert.Contains("burden: within_up_to_seven 0.784, beyond_up_to_seven 0.216", populations[0].Attributes);
    }

    /// <summary>Every number that shapes an attribute: level names and shares, or the distribution and its bounds.</summary>
    private static string Describe(Core.Model.PatientAttribute a) => a switch
    {
        Core.Model.CategoricalAttribute c => $"{c.Name}: {string.Join(", ", c.Levels.Select(l => $"{l.Name} {l.Share.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"))}",
        Core.Model.ContinuousAttribute n => $"{n.Name}: {n.Distribution} in [{n.Min}, {n.Max}]",
        _ => a.ToString(),
    };
}
