using System.Text;
using System.Text.Json;
using HccSim.Analysis.Survival;
using static HccSim.Reporting.CsvCell;

namespace HccSim.Reporting;

/// <summary>
/// A survival analysis of a data set as files, each stamped and at full precision (round-trip doubles, NA where there is
/// no value): <c>km.csv</c>, <c>medians.csv</c>, <c>fits.csv</c>, with two groups <c>logrank.csv</c> and <c>cox.csv</c>,
/// and <c>survival.json</c> holding them all. Each is written atomically; a file of an earlier analysis that this one
/// does not produce is removed, so the folder never mixes two analyses.
/// </summary>
public static class SurvivalWriter
{
    /// <summary>Every file an analysis may write.</summary>
    public static readonly string[] Files = { "km.csv", "medians.csv", "logrank.csv", "cox.csv", "fits.csv", "survival.json" };

    /// <summary>Writes the files and returns their names, in the order written.</summary>
    public static IReadOnlyList<string> Write(string outDir, SurvivalStamp stamp, SurvivalAnalysis analysis)
    {
        Directory.CreateDirectory(outDir);
        var written = new List<string>();
        void Emit(string name, string header, IEnumerable<string> rows)
        {
            var sb = new StringBuilder().AppendLine(stamp.CommentLine()).AppendLine(header);
            foreach (var row in rows) sb.AppendLine(row);
            ResultWriter.WriteAtomically(Path.Combine(outDir, name), sb.ToString());
            written.Add(name);
        }

        Emit("km.csv", "group,time,n_risk,n_event,n_censor,survival,std_err,lower,upper",
            analysis.KaplanMeier.Select(r => CsvLine.Of(r.Group, Number(r.Time), Number(r.AtRisk), Number(r.Events), Number(r.Censored), Number(r.Survival), Number(r.StandardError), Number(r.Lower), Number(r.Upper))));
        Emit("medians.csv", "group,n,events,median,lower,upper",
            analysis.Medians.Select(r => CsvLine.Of(r.Group, Number(r.Subjects), Number(r.Events), Number(r.Median), Number(r.Lower), Number(r.Upper))));
        if (analysis.LogRank is { } test)
            Emit("logrank.csv", "chi_square,df,p_value", new[] { CsvLine.Of(Number(test.ChiSquare), Number(test.DegreesOfFreedom), Number(test.PValue)) });
        if (analysis.Groups.Count == 2)
        {
            // A Cox fit that cannot be estimated is still a row, of NA, so the file says so rather than vanishing.
            var c = analysis.Cox;
            Emit("cox.csv", "term,coef,hr,se,z,p_value,hr_lower,hr_upper,ties,loglik_null,loglik", new[]
            {
                c is null ? CsvLine.Of(Enumerable.Repeat(Number(null), 11).ToArray())
                    : CsvLine.Of(c.Term, Number(c.Coefficient), Number(c.HazardRatio), Number(c.StandardError), Number(c.Z), Number(c.PValue), Number(c.HazardRatioLower),
                        Number(c.HazardRatioUpper), Ties(c.Ties), Number(c.NullLogLikelihood), Number(c.LogLikelihood)),
            });
        }
        Emit("fits.csv", "group,family,parameters,log_likelihood,aic,bic",
            analysis.Fits.Select(r => CsvLine.Of(r.Group, r.Family, r.Parameters, Number(r.LogLikelihood), Number(r.Aic), Number(r.Bic))));

        var json = new
        {
            stamp = new
            {
                stamp.HccSimVersion, stamp.DataFile, stamp.DataSha256, stamp.TimeColumn, stamp.EventColumn, stamp.GroupColumn,
                stamp.StrataColumn, stamp.Unit, stamp.Reference, stamp.ConfidenceType, stamp.Ties,
            },
            reference = analysis.Reference,
            compared = analysis.Compared,
            km = analysis.KaplanMeier.Select(r => new
            {
                r.Group, r.Time, NRisk = r.AtRisk, NEvent = r.Events, NCensor = r.Censored, r.Survival, StdErr = J(r.StandardError), Lower = J(r.Lower), Upper = J(r.Upper),
            }),
            medians = analysis.Medians.Select(r => new { r.Group, N = r.Subjects, r.Events, Median = J(r.Median), Lower = J(r.Lower), Upper = J(r.Upper) }),
            logrank = analysis.LogRank is { } l ? new { l.ChiSquare, Df = l.DegreesOfFreedom, l.PValue, l.Stratified } : null,
            cox = analysis.Cox is { } x ? new
            {
                x.Term, Coef = J(x.Coefficient), Hr = J(x.HazardRatio), Se = J(x.StandardError), Z = J(x.Z), PValue = J(x.PValue),
                HrLower = J(x.HazardRatioLower), HrUpper = J(x.HazardRatioUpper), Ties = Ties(x.Ties), LoglikNull = J(x.NullLogLikelihood), Loglik = J(x.LogLikelihood),
            } : null,
            fits = analysis.Fits.Select(r => new { r.Group, r.Family, r.Parameters, LogLikelihood = J(r.LogLikelihood), Aic = J(r.Aic), Bic = J(r.Bic) }),
            notes = analysis.Notes,
        };
        ResultWriter.WriteAtomically(Path.Combine(outDir, "survival.json"), JsonSerializer.Serialize(json, ResultWriter.JsonOptions));
        written.Add("survival.json");
        foreach (string stale in Files.Except(written))
            if (File.Exists(Path.Combine(outDir, stale))) File.Delete(Path.Combine(outDir, stale));
        return written;
    }

    /// <summary>The ties method as R's coxph names it.</summary>
    public static string Ties(CoxTies ties) => ties == CoxTies.Breslow ? "breslow" : "efron";

    /// <summary>A number for JSON: null where it is not finite (a median not reached).</summary>
    private static double? J(double x) => ResultWriter.J(x);
}
