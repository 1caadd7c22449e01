using System.Text;
using System.Text.Json;
using HccSim.Analysis.Trials;
using static HccSim.Reporting.CsvCell;

namespace HccSim.Reporting;

/// <summary>A trial analysis as files: <c>replicates.csv</c> (one row per simulated trial) and <c>trial.json</c> (design, power, power curve), stamped.</summary>
public static class TrialWriter
{
    /// <summary>The files a trial writes.</summary>
    public static readonly string[] Files = { "replicates.csv", "trial.json" };

    /// <summary>Serialised before either file is written, then each written atomically.</summary>
    public static void Write(string folder, string version, string scenario, string scenarioFile, string sha256, TrialResult trial, ulong seed, IReadOnlyDictionary<int, double> powerCurve)
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
        ResultWriter.WriteAtomically(Path.Combine(folder, "replicates.csv"), sb.ToString());
        ResultWriter.WriteAtomically(Path.Combine(folder, "trial.json"), text);
    }
}
