using System.Text;
using System.Text.Json;
using HccSim.Analysis.Trials;
using static HccSim.Reporting.CsvCell;

namespace HccSim.Reporting;

/// <summary>
/// A trial analysis as files: <c>replicates.csv</c> (one row per simulated trial) and <c>trial.json</c> (design, power, power
/// curve), stamped; with assurance, <c>assurance.csv</c> (one row per trial under a parameter draw) and trial.json's
/// <c>assurance</c> object.
/// </summary>
public static class TrialWriter
{
    /// <summary>The files a trial writes (assurance.csv only with assurance: a trial without it removes an older one).</summary>
    public static readonly string[] Files = { "replicates.csv", "trial.json", "assurance.csv" };

    /// <summary>How assurance is computed, as its files say.</summary>
    public const string AssuranceMethod = "assurance: the share of trials that succeed (significant in the experimental arm's favour), averaged over the uncertainty section's parameter draws (the psa's draws for the seed); " +
        "each draw's model runs its trials on its own patients; standard error over draws";

    /// <summary>Serialised before any file is written, then each written atomically.</summary>
    /// <param name="assurance">Trials under parameter draws at the trial's own sample size (size index 0), or null.</param>
    public static IReadOnlyList<string> Write(string folder, string version, string scenario, string scenarioFile, string sha256, TrialResult trial, ulong seed,
        IReadOnlyDictionary<int, double> powerCurve, DrawnTrialsResult? assurance = null)
    {
        // The stamp a report's header reads: the file, the trial's size and how many were simulated, and when.
        string stamp = CsvLine.Comment($"hccsim {version}; scenario {scenario}; file {scenarioFile}; sha256 {sha256}; seed {seed}; patients {trial.Design.SampleSize}; replicates {trial.Replicates.Count}; finished {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}");
        var sb = new StringBuilder(stamp).AppendLine().AppendLine("replicate,patients,events,analysis_months,look,significant,chi_square,p_value,log_hr,se_log_hr,hr,median_control,median_experimental,rmst_difference,landmark_control,landmark_experimental,landmark_p_value,short_of_events");
        foreach (var r in trial.Replicates)
            sb.AppendLine(CsvLine.Of(Number(r.Index), Number(r.Patients), Number(r.Events), Number(r.AnalysisMonths), Number(r.Look), r.Significant ? "TRUE" : "FALSE",
                Number(r.ChiSquare), Number(r.PValue), Number(r.LogHazardRatio), Number(r.HazardRatioStandardError), Number(r.HazardRatio), Number(r.MedianControl),
                Number(r.MedianExperimental), Number(r.RmstDifference), Number(r.LandmarkControl), Number(r.LandmarkExperimental), Number(r.LandmarkPValue),
                r.ShortOfEvents ? "TRUE" : "FALSE"));
        // Serialised before either file is written: a failure leaves neither. No hazard ratio estimable is null.
        static double? J(double x) => double.IsFinite(x) ? x : null;
        var json = new
        {
            hccsim = version, scenario, sha256, seed,
            design = trial.Design,
            power = trial.Power, power_se = trial.PowerStandardError,
            hazard_ratio = new { median = J(trial.HazardRatioQuantile(0.5)), lower = J(trial.HazardRatioQuantile(0.025)), upper = J(trial.HazardRatioQuantile(0.975)) },
            mean_events = trial.MeanEvents, mean_analysis_months = trial.MeanAnalysisMonths, short_of_events = trial.ShortOfEvents,
            power_curve = powerCurve.Select(p => new { patients = p.Key, power = p.Value }),
        };
        string text = JsonSerializer.Serialize(json, ResultWriter.JsonOptions);
        string? drawn = null;
        if (assurance is not null)
        {
            var a = assurance.Assurance(0);
            var node = JsonSerializer.SerializeToNode(json, ResultWriter.JsonOptions)!.AsObject();
            node["assurance"] = JsonSerializer.SerializeToNode(new
            {
                method = AssuranceMethod,
                assurance = a.Mean, se = J(a.StandardError), draws = assurance.Draws, trials_per_draw = assurance.TrialsPerDraw,
                patients = assurance.Designs[0].SampleSize, conditional_power = trial.PowerInFavour, conditional_power_se = trial.PowerInFavourStandardError, success = "significant in the experimental arm's favour",
                parameters = assurance.ParameterNames,
            }, ResultWriter.JsonOptions);
            text = node.ToJsonString(ResultWriter.JsonOptions);
            drawn = AssuranceCsv(version, scenario, scenarioFile, sha256, seed, assurance);
        }
        ResultWriter.WriteAtomically(Path.Combine(folder, "replicates.csv"), sb.ToString());
        ResultWriter.WriteAtomically(Path.Combine(folder, "trial.json"), text);
        if (drawn is null) return new[] { "replicates.csv", "trial.json" };
        ResultWriter.WriteAtomically(Path.Combine(folder, "assurance.csv"), drawn);
        return Files;
    }

    /// <summary>One row per trial under a parameter draw: the draw, its parameter values, and what the trial found.</summary>
    private static string AssuranceCsv(string version, string scenario, string scenarioFile, string sha256, ulong seed, DrawnTrialsResult drawn)
    {
        var a = drawn.Assurance(0);
        var sb = new StringBuilder(CsvLine.Comment($"hccsim {version}; scenario {scenario}; file {scenarioFile}; sha256 {sha256}; seed {seed}; method {AssuranceMethod}; " +
            $"patients {drawn.Designs[0].SampleSize}; draws {drawn.Draws}; trials_per_draw {drawn.TrialsPerDraw}; assurance {a.Mean.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}; " +
            $"se {a.StandardError.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}; finished {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}")).AppendLine();
        var header = new CsvCell[drawn.ParameterNames.Count + 10];
        string[] fixedColumns = { "draw", "trial", "replicate" }, results = { "significant", "success", "p_value", "log_hr", "se_log_hr", "events", "analysis_months" };
        int c = 0;
        foreach (var f in fixedColumns) header[c++] = f;
        foreach (var name in drawn.ParameterNames) header[c++] = name;
        foreach (var f in results) header[c++] = f;
        sb.AppendLine(CsvLine.Of(header));
        var row = new CsvCell[header.Length];
        for (int k = 0; k < drawn.Draws; k++)
            for (int j = 0; j < drawn.TrialsPerDraw; j++)
            {
                var r = drawn[0, k, j];
                c = 0;
                row[c++] = Number(k); row[c++] = Number(j); row[c++] = Number(r.Index);
                for (int p = 0; p < drawn.ParameterNames.Count; p++) row[c++] = Number(drawn.Parameters[k, p]);
                row[c++] = r.Significant ? "TRUE" : "FALSE"; row[c++] = r.SucceededFor(drawn.Designs[0]) ? "TRUE" : "FALSE"; row[c++] = Number(r.PValue); row[c++] = Number(r.LogHazardRatio);
                row[c++] = Number(r.HazardRatioStandardError); row[c++] = Number(r.Events); row[c++] = Number(r.AnalysisMonths);
                sb.AppendLine(CsvLine.Of(row));
            }
        return sb.ToString();
    }
}
