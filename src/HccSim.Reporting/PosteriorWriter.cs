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
    /// <param name="targets">The targets fitted (strategy:outcome[subgroup]), named in the stamp with the options so the sample can be made again.</param>
    public static void Write(TextWriter writer, RunStamp stamp, IReadOnlyList<string> names, ImisResult imis, IReadOnlyList<string> targets, ImisOptions options, string evaluation)
    {
        string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        string fitted = string.Join(" ", targets);
        writer.WriteLine(stamp.CommentLine() +
            $"; prior uniform on bounds; initial {options.Initial}; per_round {options.PerRound}; max_rounds {options.MaxRounds}; samples {options.Samples}; " +
            $"expected_unique {F(imis.ExpectedUnique)}; ess {F(imis.Ess)}; max_weight {F(imis.MaxWeight)}; rounds {imis.Rounds}; evaluations {imis.Evaluations}; " +
            $"refused {imis.Refused}; converged {(imis.Converged ? "yes" : "no")}; targets {targets.Count} ({fitted}); evaluation {evaluation}");
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
