using HccSim.Analysis.Economics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using HccSim.Core.Outcomes;
using HccSim.Analysis.Summaries;
using static HccSim.Reporting.CsvCell;

namespace HccSim.Reporting;

/// <summary>
/// Writes a run's files — <c>summary.csv</c>, <c>curves.csv</c>, <c>targets.csv</c>, <c>incremental.csv</c>,
/// <c>summary.json</c> and, when asked, <c>trajectories.csv</c> — into a staging folder; the command publishes them as
/// one set (<see cref="Publishing.OutputFolder"/>), so the results folder never mixes two runs.
/// </summary>
public static class ResultWriter
{
    /// <summary>Every file a run may write; any of them a run does not write is removed from the results folder.</summary>
    public static readonly string[] Files = { "summary.csv", "curves.csv", "targets.csv", "incremental.csv", "trajectories.csv", "summary.json" };

    /// <summary>Checks, before anything runs, that <paramref name="directory"/> can hold results.</summary>
    public static string? Problem(string directory)
    {
        // Nothing is created here: a run that fails or is interrupted leaves no trace.
        try
        {
            string full = Path.GetFullPath(directory);
            for (string? d = full; d is not null; d = Path.GetDirectoryName(d))
            {
                if (File.Exists(d)) return $"--out '{directory}': '{d}' is a file (expected a folder for the results)";
                if (Directory.Exists(d)) return null;
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"--out '{directory}' cannot hold results: {e.Message}";
        }
    }

    /// <summary>Writes the run's files into <paramref name="staging"/>; their names, in the order written.</summary>
    public static IReadOnlyList<string> Write(string staging, RunStamp stamp, SimulationResult? result, ResultTables tables)
    {
        var produced = new List<string>();
        // Each file streamed to disk as it is made: no string of the whole file (megabytes for the curves), copied as it grows.
        void Emit(string name, Action<TextWriter> write)
        {
            using (var writer = new StreamWriter(Path.Combine(staging, name), append: false, new UTF8Encoding(false), 1 << 16)) write(writer);
            produced.Add(name);
        }

        Emit("summary.csv", w =>
        {
            w.WriteLine(stamp.CommentLine());
            w.WriteLine("strategy,outcome,value,lower,upper,se,unit");
            foreach (var r in tables.Summary)
                CsvLine.Write(w, r.Strategy, r.Outcome, Number(r.Value), Number(r.Lower), Number(r.Upper), Number(r.StandardError), r.Unit);
        });

        Emit("curves.csv", w =>
        {
            w.WriteLine(stamp.CommentLine());
            w.WriteLine("strategy,curve,time,value,lower,upper");
            foreach (var c in tables.Curves)
                CsvLine.Write(w, c.Strategy, c.Curve, c.Time, c.Value, c.Lower, c.Upper);
        });

        Emit("targets.csv", w =>
        {
            w.WriteLine(stamp.CommentLine());
            w.WriteLine("strategy,outcome,target,target_lower,target_upper,simulated,lower,upper,inside,source,tolerance,tolerance_reason,subgroup,conflict,role,patients");
            foreach (var t in tables.Targets)
                CsvLine.Write(w, t.Strategy, t.Outcome, Number(t.Target), Number(t.TargetLower), Number(t.TargetUpper), Number(t.Simulated), Number(t.Lower), Number(t.Upper),
                    t.Inside is null ? "NA" : t.Inside.Value ? "TRUE" : "FALSE", t.Source, Number(t.Tolerance), t.ToleranceReason ?? "", t.Subgroup, t.Conflict ?? "", t.Role,
                    t.Patients is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "NA");
        });

        if (tables.Incremental is { } icer)
        {
            // One stamp line, as every file; the willingness to pay the net benefits are at is a column (NA: none given).
            Emit("incremental.csv", w =>
            {
                w.WriteLine(stamp.CommentLine());
                w.WriteLine("strategy,cost,qalys,life_years,status,dominated_by,comparator,incremental_cost,incremental_qalys,incremental_life_years,icer,nmb,nhb,incremental_nmb,incremental_nhb,optimal,wtp");
                foreach (var r in icer.Rows)
                    CsvLine.Write(w, r.Outcome.Strategy, Number(r.Outcome.Cost), Number(r.Outcome.Qalys), Number(r.Outcome.LifeYears), Status(r.Status), string.Join(';', r.DominatedBy),
                        r.Comparator ?? "", Number(r.IncrementalCost), Number(r.IncrementalQalys), Number(r.IncrementalLifeYears), Number(r.Icer),
                        Number(r.NetMonetaryBenefit), Number(r.NetHealthBenefit), Number(r.IncrementalNetMonetaryBenefit), Number(r.IncrementalNetHealthBenefit),
                        icer.Optimal is null ? "NA" : icer.Optimal == r.Outcome.Strategy ? "TRUE" : "FALSE", Number(icer.WillingnessToPay));
            });
        }

        if (result?.Trajectories is { } trajectories) Emit("trajectories.csv", w => w.Write(Trajectories(stamp, result, trajectories)));

        // Compact: the file holds every table of the run and grows with the horizon; the CSVs are the ones to read by eye.
        using (var json = new FileStream(Path.Combine(staging, "summary.json"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            SummaryJson.Write(json, stamp, tables);
        produced.Add("summary.json");
        return produced;
    }

    /// <summary>How a strategy stands in the incremental analysis, as the CSV and JSON write it.</summary>
    public static string Status(Dominance d) => d switch { Dominance.Strict => "dominated", Dominance.Extended => "extendedly_dominated", _ => "frontier" };

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };


    private static string Trajectories(RunStamp stamp, SimulationResult result, TrajectoryTable table)
    {
        var model = result.Model;
        var attributes = model.AttributeNames;
        var sb = new StringBuilder().AppendLine(stamp.CommentLine());
        sb.AppendLine(CsvLine.Of(new[] { "patient", "strategy" }.Concat(attributes).Concat(new[] { "state", "entry", "exit", "censored" }).Select(CsvCell.Text).ToArray()));
        foreach (var s in table.Sojourns)
        {
            var values = table.Attributes(s.Patient);
            var cells = new List<CsvCell> { Number(s.Patient), model.StrategyNames[s.Strategy] };
            // A level's name is text; a continuous attribute's value (an age) a number.
            for (int a = 0; a < attributes.Count; a++) cells.Add(model.AttributeLevels(a) is null ? Number(values[a]) : model.AttributeValue(a, values[a]));
            cells.Add(model.StateNames(s.Strategy)[s.State]);
            cells.Add(Number(s.Entry));
            cells.Add(Number(s.Exit));
            cells.Add(s.Censored ? "1" : "0");
            sb.AppendLine(CsvLine.Of(cells.ToArray()));
        }
        return sb.ToString();
    }

    /// <summary>Writes to a temporary file beside <paramref name="path"/>, then renames it over the target.</summary>
    public static void WriteAtomically(string path, string content)
    {
        string temporary = $"{path}.tmp-{Environment.ProcessId}";
        try
        {
            File.WriteAllText(temporary, content, new UTF8Encoding(false));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Writes to a temporary file beside <paramref name="path"/> through <paramref name="write"/>, then renames it over the target.</summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        string temporary = $"{path}.tmp-{Environment.ProcessId}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16)) write(stream);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    internal static double? J(double x) => double.IsFinite(x) ? x : null;

}
