using HccSim.Scenarios.Diagnostics;

namespace HccSim.Scenarios.Tests;

/// <summary>Writes scenario text to a temporary folder and loads it; removed when the test ends.</summary>
public sealed class TempScenario : IDisposable
{
    public TempScenario() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "hccsim-tests", Guid.NewGuid().ToString("N"));

    public string Write(string name, string text)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllText(path, text.Replace("\r\n", "\n"));
        return path;
    }

    public Scenario Load(string name, string text) => ScenarioLoader.Load(Write(name, text));

    public IReadOnlyList<ScenarioError> Errors(string name, string text)
        => Assert.Throws<ScenarioException>(() => Load(name, text)).Errors;

    /// <summary>The first error whose message holds every one of <paramref name="parts"/>; fails, listing the errors, when none does.</summary>
    public ScenarioError ErrorContaining(string name, string text, params string[] parts)
    {
        var errors = Errors(name, text);
        var e = errors.FirstOrDefault(x => parts.All(p => x.Message.Contains(p)));
        Assert.True(e is not null, $"expected an error containing \"{string.Join("\" and \"", parts)}\"; got: {string.Join(" | ", errors)}");
        return e;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>The path of a file in the repository, found from the test's working directory upwards.</summary>
    public static string Repository(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HccSim.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("HccSim.sln not found above the test folder"), relative);
    }

    /// <summary>A small valid scenario; tests replace one line of it to make one mistake.</summary>
    public const string Valid = """
        scenario: small
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
              alive: { progression_free: true, cost: 100/month, utility: 0.8 }
              progressed: { cost: 200/month, utility: 0.6 }
              dead: { dead: true }
            transitions:
              - { from: alive, to: progressed, rate: 0.05/month, hr: { burden: { beyond: 1.5 } } }
              - { from: [alive, progressed], to: dead, median: 24 months }
        """;
}
