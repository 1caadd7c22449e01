using System.Collections.Concurrent;
using HccSim.Scenarios.Parameters;

namespace HccSim.Scenarios;

/// <summary>Where a number is written: its path, file, line and column, the value written and the unit after it.</summary>
public sealed record NumberPlace(ParameterPath Path, string File, int Line, int Column, double Written, string Unit);

/// <summary>
/// STOPGAP until the parse-once definition lands: the scenario read once, and re-read from per-path-set pools of
/// templates for each build.
/// </summary>
public sealed class ScenarioDefinition
{
    private readonly string _path;
    private readonly ConcurrentDictionary<string, ConcurrentBag<ScenarioTemplate>> _pools = new(StringComparer.Ordinal);

    internal ScenarioDefinition(string path)
    {
        _path = path;
        Scenario = ScenarioLoader.Load(path);
    }

    public Scenario Scenario { get; }

    public NumberPlace Locate(ParameterPath path)
    {
        double written = ScenarioLoader.Template(_path).Written(new[] { path })[0];
        return new NumberPlace(path, path.File ?? _path, 1, 1, written, "");
    }

    public Scenario Build(IReadOnlyList<(NumberPlace Place, double Value)> numbers)
    {
        string key = string.Join("|", numbers.Select(n => n.Place.Path.Text));
        var pool = _pools.GetOrAdd(key, _ => new ConcurrentBag<ScenarioTemplate>());
        if (!pool.TryTake(out var template)) template = ScenarioLoader.Template(_path);
        try { return template.Load(numbers.Select(n => (n.Place.Path, n.Value)).ToArray()); }
        finally { pool.Add(template); }
    }
}
