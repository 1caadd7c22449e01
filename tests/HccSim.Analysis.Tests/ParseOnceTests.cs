using HccSim.Analysis.Calibration;
using HccSim.Analysis.Sweeps;
using HccSim.Analysis.Uncertainty;
using HccSim.Scenarios;
using HccSim.Scenarios.Yaml;

using HccSim.Scenarios.Tests;

namespace HccSim.Analysis.Tests;

/// <summary>The parse counter is process-wide: these tests run alone, so no other test's parsing is counted.</summary>
[CollectionDefinition(nameof(ParseCounting), DisableParallelization = true)]
public sealed class ParseCounting;

/// <summary>
/// hesim's order: the files are parsed once, when the definition is read, and every draw, point or evaluation builds its
/// model from a vector of numbers without parsing anything again.
/// </summary>
[Collection(nameof(ParseCounting))]
public sealed class ParseOnceTests
{
    private static long Parses() => Interlocked.Read(ref ScenarioFiles.Parses);

    private static string Repository(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "HccSim.sln"))) return Path.Combine(dir.FullName, relative);
        throw new InvalidOperationException("the repository root (HccSim.sln) was not found");
    }

    [Fact]
    public void AHundredDrawPsaParsesEachFileOnce()
    {
        // intermediate-stage reads five other scenario files through 'extends': six files in all.
        long before = Parses();
        var definition = ScenarioLoader.Define(Repository("scenarios/intermediate-stage.yaml"));
        long loaded = Parses() - before;
        // Every YAML file once (the life table the files read is a CSV, read once into the same cache, not a YAML parse).
        Assert.Equal(definition.Scenario.InputFiles.Count(f => f.EndsWith(".yaml", StringComparison.Ordinal)), loaded);
        Assert.True(loaded > 1, $"{loaded} file(s): the test needs a scenario that extends others");

        var psa = PsaRunner.Run(definition, new PsaOptions(100, 40, 7, 2) { WillingnessToPay = 100_000 });
        Assert.Equal(100, psa.Analysis.Draws);
        Assert.Equal(loaded, Parses() - before);
    }

    [Fact]
    public void ADsaASweepAndACalibrationParseNothingAfterTheDefinition()
    {
        var definition = ScenarioLoader.Define(Repository("scenarios/intermediate-stage.yaml"));
        long loaded = Parses();
        DsaRunner.Run(definition, 200, 7, 2, "cost of tace", r => r.Strategies[0].DiscountedCosts.Mean);
        UncertaintyCheck.WithoutEffect(definition, 100);
        var first = definition.Scenario.Uncertainty!.Parameters[0];
        var design = SweepDesign.Build(DesignKind.Grid, new[] { new SweptParameter(first.Places[0], new[] { first.BaseValue, first.BaseValue * 0.9 }, 0, 0) }, 0, 1);
        var model = SweepRunner.Parameterise(definition, design);
        SweepRunner.Check(model, design, SweepRunner.DefaultOutcomes);
        SweepRunner.Run(model, design, SweepRunner.DefaultOutcomes, 100, 7, 2, new HashSet<int>(), _ => { });
        ScenarioCalibration.Run(definition, new CalibrationOptions(100, 7, 2, 12));
        Assert.Equal(loaded, Parses());
    }
}
