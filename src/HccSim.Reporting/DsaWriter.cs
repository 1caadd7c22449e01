using System.Text;
using HccSim.Analysis.Uncertainty;
using static HccSim.Reporting.CsvCell;

namespace HccSim.Reporting;

/// <summary>A deterministic sensitivity analysis as files: <c>tornado.csv</c>, <c>two_way.csv</c> (with a two-way grid) and <c>dsa.json</c>, each stamped.</summary>
public static class DsaWriter
{
    /// <summary>Every file a one-way analysis may write; one it does not write this time is removed when it publishes.</summary>
    public static readonly string[] Files = { "tornado.csv", "two_way.csv", "dsa.json" };

    /// <summary>Writes the files (each atomically) and returns their names.</summary>
    public static IReadOnlyList<string> Write(string outDir, RunStamp stamp, DsaResult dsa)
    {
        Directory.CreateDirectory(outDir);
        var sb = new StringBuilder().AppendLine(stamp.CommentLine()).AppendLine("outcome,parameter,low,high,base,outcome_low,outcome_high,outcome_base,range,label");
        foreach (var b in dsa.Tornado)
            sb.AppendLine(CsvLine.Of(dsa.Outcome, b.Parameter, Number(b.Low), Number(b.High), Number(b.Base), Number(b.OutcomeAtLow), Number(b.OutcomeAtHigh), Number(dsa.BaseOutcome), Number(b.Range), b.Label));
        ResultWriter.WriteAtomically(Path.Combine(outDir, "tornado.csv"), sb.ToString());
        var written = new List<string> { "tornado.csv" };
        if (dsa.TwoWay.Count > 0)
        {
            sb = new StringBuilder().AppendLine(stamp.CommentLine()).AppendLine("outcome,x_parameter,y_parameter,x,y,value");
            foreach (var p in dsa.TwoWay) sb.AppendLine(CsvLine.Of(dsa.Outcome, dsa.X!, dsa.Y!, Number(p.X), Number(p.Y), Number(p.Outcome)));
            ResultWriter.WriteAtomically(Path.Combine(outDir, "two_way.csv"), sb.ToString());
            written.Add("two_way.csv");
        }

        var json = new
        {
            stamp = new { stamp.HccSimVersion, stamp.Scenario, stamp.ScenarioFile, stamp.ScenarioSha256, stamp.Seed, stamp.Patients, stamp.Threads, stamp.WallTimeSeconds, stamp.FinishedUtc },
            outcome = dsa.Outcome, base_outcome = J(dsa.BaseOutcome),
            tornado = dsa.Tornado.Select(b => new { b.Parameter, b.Label, b.Low, b.High, b.Base, OutcomeAtLow = J(b.OutcomeAtLow), OutcomeAtHigh = J(b.OutcomeAtHigh), Range = J(b.Range) }),
            two_way = dsa.TwoWay.Count == 0 ? null : new { x = dsa.X, y = dsa.Y, points = dsa.TwoWay.Select(p => new { p.X, p.Y, Value = J(p.Outcome) }) },
            note = dsa.Omitted.Count > 0 ? $"Dirichlet shares are not varied one at a time: {string.Join(", ", dsa.Omitted)}" : null,
        };
        ResultWriter.WriteAtomically(Path.Combine(outDir, "dsa.json"), System.Text.Json.JsonSerializer.Serialize(json, ResultWriter.JsonOptions));
        written.Add("dsa.json");
        return written;
    }

    /// <summary>A number for JSON: null where it is not finite (a median not reached).</summary>
    private static double? J(double x) => double.IsFinite(x) ? x : null;
}
