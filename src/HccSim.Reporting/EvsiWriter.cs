using System.Text;
using System.Text.Json;
using HccSim.Analysis.TrialValue;
using HccSim.Analysis.Trials;
using static HccSim.Reporting.CsvCell;

namespace HccSim.Reporting;

/// <summary>How an EVSI analysis was run: what its files' stamp and JSON record beside the values.</summary>
public sealed record EvsiRun(string Version, string Scenario, string ScenarioFile, string Sha256, ulong Seed, int Draws, int PatientsPerDraw, double Wtp, string Currency,
    TrialDesign Design, DecisionPopulation? Population, TrialCost? Cost)
{
    /// <summary>Whether only patients after a trial's analysis benefit from it (else all, at once).</summary>
    public bool CountDelay { get; init; } = true;
    /// <summary>The strategy with the highest expected net benefit now, the one a trial's result may change.</summary>
    public string? OptimalNow { get; init; }
    /// <summary>Each size's design, in the order of the sizes: its events to analysis scale with the size.</summary>
    public IReadOnlyList<TrialDesign> Designs { get; init; } = Array.Empty<TrialDesign>();
}

/// <summary>
/// An EVSI analysis as files: <c>evsi.csv</c> (one row per sample size: EVSI per patient and for the population, the
/// trial's cost, ENBS, the optimum) and <c>evsi.json</c> (the same with the design and the method), both stamped.
/// </summary>
public static class EvsiWriter
{
    public static readonly string[] Files = { "evsi.csv", "evsi.json" };

    public const string Method = "regression-based EVSI (Strong et al. 2015): each draw's incremental net benefit regressed on its simulated trial's summary " +
                                 "(the log event-rate ratio and the control arm's log event rate; for the cancer-free drug-free endpoint, the difference in shares and the control " +
                                 "arm's share) by an additive penalised cubic spline, smoothing by GCV; standard errors by bootstrap over the draws (200 resamples)";

    /// <summary>The design's enumerations (endpoint, accrual shape) as their names, not numbers a reader must look up.</summary>
    private static readonly JsonSerializerOptions TextEnums = new(ResultWriter.JsonOptions) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } };

    public static void Write(string folder, EvsiRun run, SampleSizeValue value)
    {
        string stamp = CsvLine.Comment($"hccsim {run.Version}; scenario {run.Scenario}; file {run.ScenarioFile}; sha256 {run.Sha256}; seed {run.Seed}; method evsi-regression; " +
                                       $"draws {run.Draws}; patients {run.PatientsPerDraw}; wtp {run.Wtp.ToString(System.Globalization.CultureInfo.InvariantCulture)}; finished {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}");
        var optimal = value.Optimal;
        var sb = new StringBuilder(stamp).AppendLine().AppendLine("patients,reporting_months,population_factor,evsi,evsi_se,population_evsi,population_evsi_se,trial_cost,enbs,optimal,evpi");
        foreach (var row in value.Sizes)
            sb.AppendLine(CsvLine.Of(Number(row.Patients), Number(row.ReportingMonths), Number(row.PopulationFactor), Number(row.Evsi.Value), Number(row.Evsi.StandardError), Number(row.PopulationEvsi), Number(row.PopulationStandardError),
                Number(row.Cost), Number(row.Enbs), ReferenceEquals(row, optimal) ? "TRUE" : "FALSE", Number(value.Evpi)));
        var json = new
        {
            hccsim = run.Version, scenario = run.Scenario, sha256 = run.Sha256, seed = run.Seed, method = Method,
            draws = run.Draws, patients_per_draw = run.PatientsPerDraw, wtp = run.Wtp, currency = run.Currency,
            design = JsonSerializer.SerializeToElement(run.Design, TextEnums), population = run.Population?.PerYear, years = run.Population?.Years,
            population_discount_rate = run.Population?.AnnualRate, delay_counted = run.CountDelay,
            optimal_now = run.OptimalNow,
            trial_cost = run.Cost is { } c ? new { @fixed = c.Fixed, per_patient = c.PerPatient } : null,
            evpi = value.Evpi,
            optimal_patients = optimal?.Patients,
            sizes = value.Sizes.Select((r, i) => new
            {
                patients = r.Patients, reporting_months = r.ReportingMonths, population_factor = r.PopulationFactor, analysis_events = i < run.Designs.Count ? run.Designs[i].AnalysisEvents : null, evsi = r.Evsi.Value, evsi_se = r.Evsi.StandardError, population_evsi = r.PopulationEvsi, population_evsi_se = r.PopulationStandardError,
                trial_cost = r.Cost, enbs = r.Enbs, regression_degrees_of_freedom = r.Evsi.DegreesOfFreedom,
            }),
        };
        string text = JsonSerializer.Serialize(json, ResultWriter.JsonOptions);
        ResultWriter.WriteAtomically(Path.Combine(folder, "evsi.csv"), sb.ToString());
        ResultWriter.WriteAtomically(Path.Combine(folder, "evsi.json"), text);
    }
}
