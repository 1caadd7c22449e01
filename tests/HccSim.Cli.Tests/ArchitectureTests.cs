using System.Reflection;
using System.Xml.Linq;

namespace HccSim.Cli.Tests;

/// <summary>
/// The projects' direction (Core ← Scenarios ← Analysis ← Reporting ← Cli): checked in the project files and in what the
/// compiled assemblies actually use, so a type reached through a transitive reference counts too.
/// </summary>
public class ArchitectureTests
{
    private static readonly Dictionary<string, Assembly> Assemblies = new[]
    {
        typeof(Core.Engine.Simulator).Assembly, typeof(Scenarios.ScenarioLoader).Assembly, typeof(Analysis.Trials.TrialAnalysis).Assembly,
        typeof(Reporting.ResultWriter).Assembly, typeof(Commands.TrialOutput).Assembly,
    }.ToDictionary(a => a.GetName().Name!, StringComparer.Ordinal);

    private static IReadOnlyList<string> ProjectReferences(string project)
        => XDocument.Load(CliHarness.Repository($"src/{project}/{project}.csproj")).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value)).ToArray();

    private static IReadOnlyList<string> UsedAssemblies(string name)
        => Assemblies[name].GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("HccSim", StringComparison.Ordinal) || n == "hccsim").ToArray();

    [Theory]
    [InlineData("HccSim.Core", new string[0])]
    [InlineData("HccSim.Scenarios", new[] { "HccSim.Core" })]
    [InlineData("HccSim.Analysis", new[] { "HccSim.Core", "HccSim.Scenarios" })]
    [InlineData("HccSim.Reporting", new[] { "HccSim.Core", "HccSim.Analysis" })]
    public void EachProjectReferencesOnlyTheLayersBelowIt(string project, string[] allowed)
    {
        Assert.Empty(ProjectReferences(project).Except(allowed));
        Assert.Empty(UsedAssemblies(project).Except(allowed));
    }

    [Fact]
    public void ReportingUsesNoScenarioTypeEvenThroughAnalysis()
        => Assert.DoesNotContain("HccSim.Scenarios", UsedAssemblies("HccSim.Reporting"));

    [Fact]
    public void ScenariosKnowNothingOfWhatIsDoneWithThem()
    {
        Assert.DoesNotContain("HccSim.Analysis", UsedAssemblies("HccSim.Scenarios"));
        Assert.DoesNotContain("HccSim.Analysis", ProjectReferences("HccSim.Scenarios"));
    }

    private static IEnumerable<(string Path, string[] Lines)> Sources()
        => Directory.EnumerateFiles(CliHarness.Repository("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => (Path.GetRelativePath(CliHarness.Repository(""), f).Replace('\\', '/'), File.ReadAllLines(f)));

    [Fact]
    public void NoSourceFileIsOverFiveHundredLinesButTheEnginesHotLoop()
    {
        var long_ = Sources().Where(s => s.Lines.Length > 500 && s.Path != "src/HccSim.Core/Engine/CohortWorker.cs").Select(s => $"{s.Path} ({s.Lines.Length})");
        Assert.Empty(long_);
    }

    [Fact]
    public void EveryParallelLoopRunsOnTheOneScheduler()
    {
        // Threads are started in one place; the CLI's progress display runs the work on one task beside the console.
        string[] ways = { "new Thread(", "Thread(", "Parallel.For", "Parallel.Invoke", "ThreadPool.", "Task.Run(", "Task.Factory.StartNew", "AsParallel(" };
        var starts = Sources().Where(s => s.Path != "src/HccSim.Core/Parallel/Scheduler.cs")
            .SelectMany(s => s.Lines.Select((l, i) => (s.Path, Line: i + 1, Text: l)))
            .Where(x => ways.Any(x.Text.Contains))
            .Select(x => $"{x.Path}:{x.Line}: {x.Text.Trim()}")
            .Where(x => !x.StartsWith("src/HccSim.Cli/Commands/ProgressDisplay.cs:", StringComparison.Ordinal) || !x.Contains("Task.Run(() => work(counter))"));
        Assert.Empty(starts);
    }
}
