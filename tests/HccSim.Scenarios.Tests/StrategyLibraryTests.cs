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

    private static IEnumerable<(string File, Core.Model.CohortModel Model)> Library()
        => Directory.GetFiles(TempScenario.Repository("scenarios"), "*.yaml").OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), ScenarioLoader.Load(f).Model!));

    private static readonly string[] Procedures = { "resection", "ablation", "curative_tace" };

    [Fact]
    public void EveryShippedScenarioHasOtherCauseDeathByAge()
    {
        var without = Library().Where(x => x.Model.BackgroundMortality is null).Select(x => x.File).ToList();
        Assert.True(without.Count == 0, "no life table: " + string.Join(", ", without));
    }

    [Fact]
    public void NoCurativeProcedureAlwaysSucceedsOrNeverKills()
    {
        // Every chance node tagged as a curative procedure: some patients die of it, and of those who survive some are
        // left with viable tumour (the probability of reaching a cancer-free state through it is below 1 − death).
        var problems = new List<string>();
        int procedures = 0;
        foreach (var (file, model) in Library())
            foreach (var p in model.Strategies.OfType<Core.Model.PathwayStrategy>())
            {
                var states = p.States.ToDictionary(x => x.Name);
                var chance = p.ChanceNodes.ToDictionary(x => x.Name);
                double Reach(string node, Func<Core.Model.State, bool> what) => states.TryGetValue(node, out var st) ? (what(st) ? 1 : 0)
                    : chance[node].Branches.Sum(b => b.Probability * Reach(b.To, what));
                foreach (var c in p.ChanceNodes.Where(c => c.Tags.Any(Procedures.Contains)))
                {
                    procedures++;
                    double death = Reach(c.Name, st => st.IsDead);
                    double cured = Reach(c.Name, st => (st.Flags & Core.Model.StateFlags.CancerFree) != 0);
                    if (!(death > 0)) problems.Add($"{file}: {p.Name}.{c.Name} never kills");
                    if (!(cured < 1 - death - 1e-12)) problems.Add($"{file}: {p.Name}.{c.Name} always succeeds ({cured} cured, {death} dead)");
                }
            }
        Assert.True(procedures > 0);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void NoProgressedOrRecurrentStateIsFree()
    {
        // Every living state outside progression-free disease costs something (monitoring at least): none is left at 0.
        var free = Library().SelectMany(x => x.Model.Strategies.OfType<Core.Model.PathwayStrategy>()
                .SelectMany(p => p.States.Where(st => !st.IsDead && (st.Flags & Core.Model.StateFlags.ProgressionFree) == 0 && !(st.CostPerMonth > 0))
                    .Select(st => $"{x.File}: {p.Name}.{st.Name}")))
            .Distinct().ToList();
        Assert.True(free.Count == 0, "cost 0: " + string.Join(", ", free));
    }
}
