using HccSim.Scenarios.Reading;

namespace HccSim.Scenarios;

/// <summary>Entry point: a scenario file in, a validated <see cref="Scenario"/> out, or a <see cref="Diagnostics.ScenarioException"/>.</summary>
public static class ScenarioLoader
{
    /// <summary>Reads and validates <paramref name="path"/>; every problem is in the exception, one line each.</summary>
    public static Scenario Load(string path) => ScenarioReader.Read(new ReadingContext(path, new SourceFiles()));

    /// <summary>The scenario with its patients drawn from one of its cohort's profiles (null: as the file chooses).</summary>
    public static Scenario Load(string path, string? profile) => ScenarioReader.Read(new ReadingContext(path, new SourceFiles()) { Profile = profile });

    /// <summary>
    /// Reads and parses every file of the scenario once and reads the whole scenario, to build it again with other
    /// numbers (a parameter draw, a design point, a calibration step) without reading or parsing anything again.
    /// </summary>
    public static ScenarioDefinition Define(string path) => new(path);

    /// <summary>
    /// As <see cref="Define(string)"/>, but the uncertainty section's posterior reference is left unread: calibration
    /// writes that sample and never reads it, so a sample made stale by a change to calibration.free (other columns)
    /// must not stop the calibration that replaces it.
    /// </summary>
    public static ScenarioDefinition DefineForCalibration(string path) => new(path, readPosterior: false);

    /// <summary>Reads <paramref name="path"/> as <see cref="Load(string)"/> does, without its posterior reference (see <see cref="DefineForCalibration"/>).</summary>
    public static Scenario LoadForCalibration(string path) => ScenarioReader.Read(new ReadingContext(path, new SourceFiles()) { ReadPosterior = false });
}
