namespace HccSim.Reporting;

/// <summary>
/// What every file of <c>hccsim survival --out</c> records, so a result can be tied to exactly the data and options that
/// made it. No clock time: the same data and options give the same bytes.
/// </summary>
public sealed record SurvivalStamp(
    string HccSimVersion,
    string DataFile,
    string DataSha256,
    string TimeColumn,
    string EventColumn,
    string? GroupColumn,
    string? StrataColumn,
    string Unit,
    string? Reference,
    string ConfidenceType,
    string Ties = "efron")
{
    /// <summary>The stamp as one comment line, first in every CSV (read with comment.char = "#" / comment="#").</summary>
    public string CommentLine()
        => CsvLine.Comment($"hccsim {HccSimVersion}; data {DataFile}; sha256 {DataSha256}; time {TimeColumn}; event {EventColumn}" +
            (GroupColumn is null ? "" : $"; group {GroupColumn}") + (StrataColumn is null ? "" : $"; strata {StrataColumn}") +
            $"; unit {Unit}" + (Reference is null ? "" : $"; reference {Reference}") + $"; conf_type {ConfidenceType}; ties {Ties}");
}
