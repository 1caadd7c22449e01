using System.Text;
using HccSim.Core.Analytic;

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
            sb.AppendLine(ResultWriter.Csv(r.Strategy, r.Outcome, ResultWriter.N(r.Microsimulation), ResultWriter.N(r.StandardError),
                ResultWriter.N(r.CycleMicrosimulation), ResultWriter.N(r.CycleStandardError), ResultWriter.N(r.CohortTrace),
                ResultWriter.N(r.Exact), ResultWriter.N(r.ZScore), ResultWriter.N(r.CycleZScore)));
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName);
        ResultWriter.WriteAtomically(path, sb.ToString());
        return path;
    }
}
