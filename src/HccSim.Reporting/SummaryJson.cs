using System.Text.Json;
using HccSim.Analysis.Summaries;

namespace HccSim.Reporting;

/// <summary>
/// summary.json, written field by field with <see cref="Utf8JsonWriter"/>: the stamp, the input files, the strategies, the
/// summary and target tables, the incremental analysis and each curve as columns; snake_case names, compact, a number
/// that is not finite written as null. By hand rather than through JsonSerializer: the serialiser's metadata for these
/// shapes (reflection-built, or source-generated) cost a small run some 300 methods JIT-compiled at start-up. The text
/// is the serialiser's to the byte (the same writer, encoder and number and date formats).
/// </summary>
internal static class SummaryJson
{
    public static void Write(Stream stream, RunStamp stamp, ResultTables tables)
    {
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();

        w.WriteStartObject("stamp");
        w.WriteString("hcc_sim_version", stamp.HccSimVersion);
        w.WriteString("scenario", stamp.Scenario);
        w.WriteString("scenario_file", stamp.ScenarioFile);
        w.WriteString("scenario_sha256", stamp.ScenarioSha256);
        w.WriteNumber("seed", stamp.Seed);
        w.WriteNumber("patients", stamp.Patients);
        w.WriteNumber("threads", stamp.Threads);
        w.WriteNumber("wall_time_seconds", stamp.WallTimeSeconds);
        w.WriteString("finished_utc", stamp.FinishedUtc);
        w.WriteString("subgroup", stamp.Subgroup);
        w.WriteString("profile", stamp.Profile);
        w.WriteString("method", stamp.Method);
        Number(w, "cycle_months", stamp.CycleMonths);
        w.WriteString("correction", stamp.Correction);
        w.WriteEndObject();

        w.WriteStartArray("inputs");
        foreach (var (file, sha256) in tables.InputFiles)
        {
            w.WriteStartObject();
            w.WriteString("file", file);
            w.WriteString("sha256", sha256);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("strategies");
        foreach (var (name, _) in tables.Strategies) w.WriteStringValue(name);
        w.WriteEndArray();

        w.WriteStartArray("summary");
        foreach (var r in tables.Summary)
        {
            w.WriteStartObject();
            w.WriteString("strategy", r.Strategy);
            w.WriteString("outcome", r.Outcome);
            Finite(w, "value", r.Value);
            Finite(w, "lower", r.Lower);
            Finite(w, "upper", r.Upper);
            Finite(w, "se", r.StandardError);
            w.WriteString("unit", r.Unit);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("targets");
        foreach (var t in tables.Targets)
        {
            w.WriteStartObject();
            w.WriteString("strategy", t.Strategy);
            w.WriteString("outcome", t.Outcome);
            w.WriteNumber("target", t.Target);
            Number(w, "target_lower", t.TargetLower);
            Number(w, "target_upper", t.TargetUpper);
            Finite(w, "simulated", t.Simulated);
            Finite(w, "lower", t.Lower);
            Finite(w, "upper", t.Upper);
            if (t.Inside is { } inside) w.WriteBoolean("inside", inside); else w.WriteNull("inside");
            w.WriteString("source", t.Source);
            Number(w, "tolerance", t.Tolerance);
            w.WriteString("tolerance_reason", t.ToleranceReason);
            w.WriteString("subgroup", t.Subgroup);
            w.WriteString("conflict", t.Conflict);
            w.WriteString("role", t.Role);
            if (t.Patients is { } patients) w.WriteNumber("patients", patients); else w.WriteNull("patients");
            w.WriteEndObject();
        }
        w.WriteEndArray();

        if (tables.Incremental is { } icer)
        {
            w.WriteStartObject("incremental");
            Number(w, "willingness_to_pay", icer.WillingnessToPay);
            w.WriteString("optimal", icer.Optimal);
            w.WriteStartArray("rows");
            foreach (var r in icer.Rows)
            {
                w.WriteStartObject();
                w.WriteString("strategy", r.Outcome.Strategy);
                w.WriteNumber("cost", r.Outcome.Cost);
                w.WriteNumber("qalys", r.Outcome.Qalys);
                w.WriteNumber("life_years", r.Outcome.LifeYears);
                w.WriteString("status", ResultWriter.Status(r.Status));
                w.WriteStartArray("dominated_by");
                foreach (var d in r.DominatedBy) w.WriteStringValue(d);
                w.WriteEndArray();
                w.WriteString("comparator", r.Comparator);
                Finite(w, "incremental_cost", r.IncrementalCost);
                Finite(w, "incremental_qalys", r.IncrementalQalys);
                Finite(w, "incremental_life_years", r.IncrementalLifeYears);
                Finite(w, "icer", r.Icer);
                Finite(w, "nmb", r.NetMonetaryBenefit);
                Finite(w, "nhb", r.NetHealthBenefit);
                Finite(w, "incremental_nmb", r.IncrementalNetMonetaryBenefit);
                Finite(w, "incremental_nhb", r.IncrementalNetHealthBenefit);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        else w.WriteNull("incremental");

        // A curve's points as columns (one array each): the table once, not a keyed object per point; the curves in the
        // order they first appear, each with its points in order.
        w.WriteStartArray("curves");
        var groups = new Dictionary<(string, string), List<CurveRow>>();
        var order = new List<List<CurveRow>>();
        foreach (var c in tables.Curves)
        {
            if (!groups.TryGetValue((c.Strategy, c.Curve), out var points)) order.Add(groups[(c.Strategy, c.Curve)] = points = new List<CurveRow>());
            points.Add(c);
        }
        foreach (var points in order)
        {
            w.WriteStartObject();
            w.WriteString("strategy", points[0].Strategy);
            w.WriteString("curve", points[0].Curve);
            Column(w, "time", points, p => p.Time, finite: false);
            Column(w, "value", points, p => p.Value, finite: true);
            Column(w, "lower", points, p => p.Lower, finite: true);
            Column(w, "upper", points, p => p.Upper, finite: true);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteEndObject();
    }

    private static void Column(Utf8JsonWriter w, string name, List<CurveRow> points, Func<CurveRow, double> value, bool finite)
    {
        w.WriteStartArray(name);
        foreach (var p in points)
        {
            double x = value(p);
            if (finite && !double.IsFinite(x)) w.WriteNullValue(); else w.WriteNumberValue(x);
        }
        w.WriteEndArray();
    }

    /// <summary>A number, or null where it is not finite.</summary>
    private static void Finite(Utf8JsonWriter w, string name, double x)
    {
        if (double.IsFinite(x)) w.WriteNumber(name, x); else w.WriteNull(name);
    }

    private static void Number(Utf8JsonWriter w, string name, double? x)
    {
        if (x is { } v) w.WriteNumber(name, v); else w.WriteNull(name);
    }
}
