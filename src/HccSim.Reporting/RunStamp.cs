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

    /// <summary>The cohort profile the patients were drawn from (cohort.profiles); empty for the cohort as written.</summary>
    public string Profile { get; init; } = "";

    /// <summary>How the numbers were reached: continuous, cycle, cohort or exact (compare: all of them).</summary>
    public string Method { get; init; } = "continuous";

    /// <summary>The cycle length of a cycle, cohort or exact run (the exact one's curve step); null for continuous.</summary>
    public double? CycleMonths { get; init; }

    /// <summary>How rewards are counted within a cycle ("life_table", "darth_simpson", … or "exact integrals"); null for continuous.</summary>
    public string? Correction { get; init; }

    /// <summary>The stamp as one comment line, first in every CSV (read with comment.char = "#" / comment="#").</summary>
    public string CommentLine()
        => CsvLine.Comment($"hccsim {HccSimVersion}; scenario {Scenario}; file {ScenarioFile}; sha256 {ScenarioSha256}; seed {Seed}; " +
           $"patients {Patients}; threads {Threads}; wall_time_s {WallTimeSeconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)}; " +
           $"finished {FinishedUtc:yyyy-MM-ddTHH:mm:ssZ}; method {Method}" +
           (CycleMonths is { } cycle ? $"; cycle_months {cycle.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}" : "") +
           (Correction is not null ? $"; correction {Correction}" : "") +
           (Profile.Length > 0 ? $"; profile {Profile}" : "") +
           (Subgroup.Length > 0 ? $"; subgroup {Subgroup}" : ""));
}
