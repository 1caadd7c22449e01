using System.Globalization;
using HccSim.Core.Engine;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Parameters;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Tests;

/// <summary>Tests that count parses run alone: the counter is the whole process's.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ParseCounting
{
    public const string Name = "parse counting";
}

/// <summary>A scenario defined once (its files parsed once, never changed) and built many times with other numbers.</summary>
[Collection(ParseCounting.Name)]
public sealed class ScenarioDefinitionTests : IDisposable
{
    private readonly TempScenario _temp = new();
    public void Dispose() => _temp.Dispose();

    // The numbers a build sets, written into the text at {0}…{3} for a plain load to compare with.
    private const string Text = """
        scenario: defined
        horizon: 60 months
        cohort:
          patients: 1000
          seed: 7
          attributes:
            burden: { within: 0.4, beyond: 0.6 }
        strategies:
          base:
            start: alive
            states:
              alive: { progression_free: true, cost: 100/month, utility: {2} }
              progressed: { cost: {3}/month, utility: 0.6 }
              dead: { dead: true }
            transitions:
              - { from: alive, to: progressed, rate: {0}/month, hr: { burden: { beyond: 1.5 } } }
              - { from: [alive, progressed], to: dead, median: {1} months }
          faster:
            extends: base
            transitions:
              - { from: alive, to: progressed, rate: 0.08/month }
        """;

    private static readonly string[] Paths =
    {
        "strategies.base.transitions[alive->progressed].rate", "strategies.base.transitions[1].median",
        "strategies.base.states.alive.utility", "strategies.base.states.progressed.cost",
    };

    private static string With(params double[] values)
        => string.Format(CultureInfo.InvariantCulture, Text.Replace("{ ", "{{ ").Replace(" }", " }}"), values.Select(v => (object)v.ToString("R", CultureInfo.InvariantCulture)).ToArray());

    private static ParameterPath P(string text) => ParameterPath.Parse(text, out _)!;

    /// <summary>The line and column (1-based) just after the first <paramref name="marker"/> in the text.</summary>
    private static (int Line, int Column) After(string text, string marker)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        int line = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        return (line + 1, lines[line].IndexOf(marker, StringComparison.Ordinal) + marker.Length + 1);
    }

    private const string Child = "scenario: child\nhorizon: 60 months\ncohort: { attributes: { burden: { within: 0.4, beyond: 0.6 } } }\nstrategies:\n";

    private static double[] Outcomes(Scenario s)
    {
        var run = Simulator.Run(s.RequireSimulated(), new SimulationOptions { Patients = 400, Seed = 3, Threads = 1 });
        return run.Strategies.SelectMany(r => new[] { r.DiscountedCosts.Mean, r.DiscountedQalys.Mean, r.DiscountedLifeYears.Mean, r.OverallSurvival.Median.Value }).ToArray();
    }

    [Fact]
    public void BuildsFromTwoThreadsAtOnceGiveTheSameBitsAsLoadingTheNumbersWritten()
    {
        var definition = ScenarioLoader.Define(_temp.Write("defined.yaml", With(0.05, 24, 0.8, 200)));
        var places = Paths.Select(p => definition.Locate(P(p))).ToArray();
        // Numbers no decimal text writes short: a build must carry every bit, as a file written with them does.
        var sets = Enumerable.Range(0, 12).Select(i => new[] { 0.03 + i / 97.0, 18 + i / 7.0, 0.7 + i / 113.0, 150 + i / 3.0 }).ToArray();
        var built = new double[sets.Length][];
        var threads = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            for (int round = 0; round < 3; round++)
                for (int i = t; i < sets.Length; i += 2)
                    built[i] = Outcomes(definition.Build(places.Select((place, j) => (place, sets[i][j])).ToArray()));
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        for (int i = 0; i < sets.Length; i++)
            Assert.Equal(Outcomes(ScenarioLoader.Load(_temp.Write($"written{i}.yaml", With(sets[i])))), built[i]);
        // The definition itself is untouched: the base case builds as written.
        Assert.Equal(Outcomes(definition.Scenario), Outcomes(definition.Build(Array.Empty<(NumberPlace, double)>())));
    }

    [Fact]
    public void APlaceSaysWhereItsNumberIsWrittenAndInWhichUnit()
    {
        var definition = ScenarioLoader.Define(_temp.Write("defined.yaml", With(0.05, 24, 0.8, 200)));
        string text = With(0.05, 24, 0.8, 200);
        var median = definition.Locate(P(Paths[1]));
        Assert.Equal((definition.Scenario.File, After(text, "median: "), 24.0, "months"), (median.File, (median.Line, median.Column), median.Written, median.Unit));
        var rate = definition.Locate(P(Paths[0]));
        Assert.Equal((After(text, "rate: "), 0.05, "/month"), ((rate.Line, rate.Column), rate.Written, rate.Unit));
    }

    [Theory]
    [InlineData("strategies.base.states.alive.utilty", "cannot set strategies.base.states.alive.utilty: there is no 'strategies.base.states.alive.utilty' in the file; did you mean 'utility'?")]
    [InlineData("strategies.base.states.alive", "cannot set strategies.base.states.alive: 'strategies.base.states.alive' is not a single number in the file (it holds a map)")]
    [InlineData("other.yaml#strategies.base.states.alive.utility", "cannot set other.yaml#strategies.base.states.alive.utility: 'other.yaml' is not a file this scenario extends (expected a file named in an 'extends: file.yaml#strategy')")]
    public void APathThatNamesNoNumberIsRefusedInOneLine(string path, string message)
    {
        string file = _temp.Write("defined.yaml", With(0.05, 24, 0.8, 200));
        var definition = ScenarioLoader.Define(file);
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => definition.Locate(P(path))).Errors);
        Assert.Equal(new ScenarioError(file, 1, 1, message), error);
    }

    [Fact]
    public void ANumberOfAFileAStrategyExtendsIsLocatedThere()
    {
        string parent = _temp.Write("parent.yaml", With(0.05, 24, 0.8, 200));
        string child = _temp.Write("child.yaml", Child + "  c: { extends: parent.yaml#base }\n");
        var definition = ScenarioLoader.Define(child);
        var place = definition.Locate(P("parent.yaml#" + Paths[2]));
        Assert.Equal((Path.Combine(Path.GetDirectoryName(child)!, "parent.yaml"), After(With(0.05, 24, 0.8, 200), "utility: "), 0.8), (place.File, (place.Line, place.Column), place.Written));
        var state = definition.Build(new[] { (place, 0.5) }).Model!.Strategies.OfType<Core.Model.PathwayStrategy>().Single().States.First(s => s.Name == "alive");
        Assert.Equal(0.5, state.Utility);
        Assert.Contains("there is no 'strategies.base.states.dying'", Assert.Throws<ScenarioException>(() => definition.Locate(P("parent.yaml#strategies.base.states.dying.cost"))).Message);
    }

    [Fact]
    public void AValueTheModelRefusesIsNamedAtItsNumbersLineAndColumn()
    {
        var definition = ScenarioLoader.Define(_temp.Write("defined.yaml", With(0.05, 24, 0.8, 200)));
        var utility = definition.Locate(P(Paths[2]));
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => definition.Build(new[] { (utility, 1.5) })).Errors);
        Assert.Equal((definition.Scenario.File, utility.Line, utility.Column), (error.File, error.Line, error.Column));
        Assert.Equal("utility of state 'alive' 1.5 is out of range (expected a utility from −1 to 1, such as 0.76)", error.Message);
    }

    [Fact]
    public void DefiningParsesEachFileOnceAndBuildingParsesNothing()
    {
        string parent = _temp.Write("parent.yaml", With(0.05, 24, 0.8, 200));
        string child = _temp.Write("child.yaml", Child + "  c: { extends: parent.yaml#base }\n  d: { extends: parent.yaml#faster }\n");
        long before = Interlocked.Read(ref ScenarioFiles.Parses);
        var definition = ScenarioLoader.Define(child);
        Assert.Equal(2, Interlocked.Read(ref ScenarioFiles.Parses) - before);
        var place = definition.Locate(P("parent.yaml#" + Paths[0]));
        before = Interlocked.Read(ref ScenarioFiles.Parses);
        for (int i = 0; i < 20; i++) definition.Build(new[] { (place, 0.01 * (i + 1)) });
        Assert.Equal(0, Interlocked.Read(ref ScenarioFiles.Parses) - before);
    }
}
