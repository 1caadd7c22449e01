using System.Text.Json.Serialization;
using HccSim.Analysis.Summaries;

namespace HccSim.Reporting;

/// <summary>
/// summary.json's shape: the stamp, the input files, the strategies, the summary and target tables, the incremental
/// analysis and each curve as columns. Named types with a source-generated serialiser (<see cref="SummaryJsonContext"/>):
/// the reflection-based one spent a tenth of a small run building its metadata. A number that is not finite is null.
/// </summary>
internal sealed record SummaryFile(
    RunStamp Stamp, IReadOnlyList<SummaryFile.Input> Inputs, IReadOnlyList<string> Strategies, IReadOnlyList<SummaryFile.Row> Summary,
    IReadOnlyList<SummaryFile.TargetEntry> Targets, SummaryFile.IncrementalEntry? Incremental, IReadOnlyList<SummaryFile.CurveColumns> Curves)
{
    internal sealed record Input(string File, string Sha256);

    internal sealed record Row(string Strategy, string Outcome, double? Value, double? Lower, double? Upper, double? Se, string Unit);

    internal sealed record TargetEntry(
        string Strategy, string Outcome, double Target, double? TargetLower, double? TargetUpper, double? Simulated, double? Lower, double? Upper,
        bool? Inside, string Source, double? Tolerance, string? ToleranceReason, string Subgroup, string? Conflict, string Role);

    internal sealed record IncrementalEntry(double? WillingnessToPay, string? Optimal, IReadOnlyList<IncrementalLine> Rows);

    internal sealed record IncrementalLine(
        string Strategy, double Cost, double Qalys, double LifeYears, string Status, IReadOnlyList<string> DominatedBy, string? Comparator,
        double? IncrementalCost, double? IncrementalQalys, double? IncrementalLifeYears, double? Icer, double? Nmb, double? Nhb, double? IncrementalNmb, double? IncrementalNhb);

    /// <summary>A curve's points as columns (one array each): the table once, not a keyed object per point.</summary>
    internal sealed record CurveColumns(string Strategy, string Curve, double[] Time, double?[] Value, double?[] Lower, double?[] Upper);

    /// <summary>The file's content from a run's tables.</summary>
    public static SummaryFile Of(RunStamp stamp, ResultTables tables)
    {
        static double? J(double x) => ResultWriter.J(x);
        return new SummaryFile(
            stamp,
            tables.InputFiles.Select(i => new Input(i.File, i.Sha256)).ToArray(),
            tables.Strategies.Select(s => s.Name).ToArray(),
            tables.Summary.Select(r => new Row(r.Strategy, r.Outcome, J(r.Value), J(r.Lower), J(r.Upper), J(r.StandardError), r.Unit)).ToArray(),
            tables.Targets.Select(t => new TargetEntry(t.Strategy, t.Outcome, t.Target, t.TargetLower, t.TargetUpper, J(t.Simulated), J(t.Lower), J(t.Upper), t.Inside,
                t.Source, t.Tolerance, t.ToleranceReason, t.Subgroup, t.Conflict, t.Role)).ToArray(),
            tables.Incremental is { } ia
                ? new IncrementalEntry(ia.WillingnessToPay, ia.Optimal, ia.Rows.Select(r => new IncrementalLine(
                    r.Outcome.Strategy, r.Outcome.Cost, r.Outcome.Qalys, r.Outcome.LifeYears, ResultWriter.Status(r.Status), r.DominatedBy, r.Comparator,
                    J(r.IncrementalCost), J(r.IncrementalQalys), J(r.IncrementalLifeYears), J(r.Icer),
                    J(r.NetMonetaryBenefit), J(r.NetHealthBenefit), J(r.IncrementalNetMonetaryBenefit), J(r.IncrementalNetHealthBenefit))).ToArray())
                : null,
            Columns(tables.Curves));
    }

    /// <summary>The curves in the order they first appear, each with its points in order (the CSV's rows, grouped).</summary>
    private static IReadOnlyList<CurveColumns> Columns(IReadOnlyList<CurveRow> rows)
        => rows.GroupBy(c => (c.Strategy, c.Curve)).Select(g => new CurveColumns(g.Key.Strategy, g.Key.Curve,
            g.Select(c => c.Time).ToArray(), g.Select(c => ResultWriter.J(c.Value)).ToArray(), g.Select(c => ResultWriter.J(c.Lower)).ToArray(), g.Select(c => ResultWriter.J(c.Upper)).ToArray())).ToArray();
}

/// <summary>summary.json's serialiser, generated at build time: snake_case names, every property written, compact.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never, WriteIndented = false)]
[JsonSerializable(typeof(SummaryFile))]
internal sealed partial class SummaryJsonContext : JsonSerializerContext;
