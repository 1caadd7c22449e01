using HccSim.Scenarios.Reading;

namespace HccSim.Scenarios;

/// <summary>Entry point: a scenario file in, a validated <see cref="Scenario"/> out, or a <see cref="Diagnostics.ScenarioException"/>.</summary>
public static class ScenarioLoader
{
    /// <summary>Reads and validates <paramref name="path"/>; every problem is in the exception, one line each.</summary>
    public static Scenario Load(string path) => new ScenarioReader(path).Read();

    /// <summary>Reads <paramref name="path"/> with some of its numbers set first (each in the unit the file writes it in).</summary>
    public static Scenario Load(string path, IReadOnlyList<(Parameters.ParameterPath Path, double Value)> overrides)
        => new ScenarioReader(path) { Overrides = overrides }.Read();

    /// <summary>A reader of one scenario that parses its files once and re-reads them with other numbers set (one per thread).</summary>
    public static ScenarioTemplate Template(string path) => new(path);
}
