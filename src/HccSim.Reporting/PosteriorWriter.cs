using System.Globalization;
using HccSim.Analysis.Calibration;

namespace HccSim.Reporting;

/// <summary>
/// The posterior sample `calibrate --method imis` writes: the run's stamp and IMIS's diagnostics as the '#' line, a header of
/// the free parameters' paths (as calibration.free writes them), then one resampled row a line. An uncertainty section reads
/// it back (posterior: { file }) and draws a row per PSA draw.
/// </summary>
public static class PosteriorWriter
{
    /// <param name="names">The free parameters' paths, in IMIS's order.</param>
    /// <param name="evaluation">How each evaluation reached its targets: "exact" or "continuous" (the microsimulation).</param>
    public static void Write(TextWriter writer, RunStamp stamp, IReadOnlyList<string> names, ImisResult imis, int targets, string evaluation)
    {
        string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        writer.WriteLine(stamp.CommentLine() +
            $"; prior uniform on bounds; ess {F(imis.Ess)}; max_weight {F(imis.MaxWeight)}; rounds {imis.Rounds}; evaluations {imis.Evaluations}; " +
            $"refused {imis.Refused}; converged {(imis.Converged ? "yes" : "no")}; targets {targets}; evaluation {evaluation}");
        var header = names.Select(CsvCell.Text).ToArray();
        CsvLine.Write(writer, header);
        var row = new CsvCell[imis.Dimensions];
        for (int k = 0; k < imis.ResampleCount; k++)
        {
            for (int j = 0; j < row.Length; j++) row[j] = CsvCell.Number(imis.Resample[k * imis.Dimensions + j]);
            CsvLine.Write(writer, row);
        }
    }
}
