using System.Text;
using HccSim.Core.Analytic;
using static HccSim.Reporting.CsvCell;

namespace HccSim.Reporting;

/// <summary>
/// compare.csv: each outcome of each strategy by every method — the continuous and the cycle microsimulation with their
/// Monte Carlo SEs, the cohort trace, the exact solution where the model has one (NA otherwise), and the z-scores
/// (continuous against exact, cycle against the trace) — in full precision, under the run's stamp.
/// </summary>
public static class CompareWriter
{
    public const string FileName = "compare.csv";

    public const string Header = "strategy,outcome,continuous,continuous_se,cycle,cycle_se,cohort,exact,z,z_cycle";

    /// <summary>Writes compare.csv into <paramref name="directory"/> (made if absent) in one rename; returns its path.</summary>
    public static string Write(string directory, RunStamp stamp, IReadOnlyList<MethodRow> rows)
    {
        var sb = new StringBuilder().AppendLine(stamp.CommentLine()).AppendLine(Header);
        foreach (var r in rows)
            sb.AppendLine(CsvLine.Of(r.Strategy, r.Outcome, Number(r.Microsimulation), Number(r.StandardError),
                Number(r.CycleMicrosimulation), Number(r.CycleStandardError), Number(r.CohortTrace),
                Number(r.Exact), Number(r.ZScore), Number(r.CycleZScore)));
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName);
        ResultWriter.WriteAtomically(path, sb.ToString());
        return path;
    }
}
