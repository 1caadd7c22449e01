namespace HccSim.Reporting;

/// <summary>What every output of a run records, so a result can be tied to exactly what made it.</summary>
public sealed record RunStamp(
    string HccSimVersion,
    string Scenario,
    string ScenarioFile,
    string ScenarioSha256,
    ulong Seed,
    int Patients,
    int Threads,
    double WallTimeSeconds,
    DateTimeOffset FinishedUtc)
{
    /// <summary>The subgroup run (e.g. "burden=beyond_up_to_seven"); empty for the whole cohort.</summary>
    public string Subgroup { get; init; } = "";

    /// <summary>The stamp as one comment line, first in every CSV (read with comment.char = "#" / comment="#").</summary>
    public string CommentLine()
        => ($"# hccsim {HccSimVersion}; scenario {Scenario}; file {ScenarioFile}; sha256 {ScenarioSha256}; seed {Seed}; " +
           $"patients {Patients}; threads {Threads}; wall_time_s {WallTimeSeconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)}; " +
           $"finished {FinishedUtc:yyyy-MM-ddTHH:mm:ssZ}" + (Subgroup.Length > 0 ? $"; subgroup {Subgroup}" : "")).Replace('\n', ' ').Replace('\r', ' '); // always one line
}
