using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using HccSim.Core.Compilation;
using HccSim.Core.Engine;
using HccSim.Core.Examples;

namespace HccSim.Benchmarks;

/// <summary>Marks a benchmark that loops over patients without simulating the chain: it has no transitions.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NotAPatientRunAttribute : Attribute;

/// <summary>
/// Columns in the units for any benchmark with a <c>Patients</c> parameter whose one operation
/// simulates that many reference-chain patients: patients/s and transitions/s from the median time, and
/// allocated bytes per patient from the memory diagnoser.
/// </summary>
public sealed class ThroughputColumn : IColumn
{
    public enum Kind { PatientsPerSecond, TransitionsPerSecond, BytesPerPatient }

    private readonly Kind _kind;

    public ThroughputColumn(Kind kind) => _kind = kind;

    public static readonly IColumn[] All =
    {
        new ThroughputColumn(Kind.PatientsPerSecond),
        new ThroughputColumn(Kind.TransitionsPerSecond),
        new ThroughputColumn(Kind.BytesPerPatient),
    };

    public string Id => nameof(ThroughputColumn) + "." + _kind;
    public string ColumnName => _kind switch
    {
        Kind.PatientsPerSecond => "patients/s",
        Kind.TransitionsPerSecond => "transitions/s",
        _ => "B/patient",
    };
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => (int)_kind;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => _kind switch
    {
        Kind.PatientsPerSecond => "Patients simulated per second (Patients / Median)",
        Kind.TransitionsPerSecond => "State transitions simulated per second (transitions per patient × patients/s)",
        _ => "Allocated bytes per operation / Patients (per-run setup spread over the cohort; 0 per patient is the goal)",
    };

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        long? patients = Patients(benchmarkCase);
        var report = summary[benchmarkCase];
        if (patients is null || report?.ResultStatistics is null) return "-";
        // The median, not the mean: short jobs have few iterations and a shared machine's stray slow one
        // would otherwise drag the throughput down (the Mean and Median columns show both).
        double perSecond = patients.Value / (report.ResultStatistics.Median * 1e-9);
        switch (_kind)
        {
            case Kind.PatientsPerSecond:
                return Millions(perSecond);
            case Kind.TransitionsPerSecond:
                if (benchmarkCase.Descriptor.WorkloadMethod.IsDefined(typeof(NotAPatientRunAttribute), false)) return "-";
                return Millions(perSecond * TransitionsPerPatient(patients.Value));
            default:
                long? bytes = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
                return bytes is null ? "-" : ((double)bytes.Value / patients.Value).ToString("0.000", CultureInfo.InvariantCulture);
        }
    }

    private static string Millions(double x) => (x / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " M";

    private static long? Patients(BenchmarkCase c)
    {
        foreach (var p in c.Parameters.Items)
            if (p.Name == "Patients" && p.Value is int n) return n;
        return null;
    }

    private static readonly ConcurrentDictionary<long, double> TransitionsCache = new();

    /// <summary>
    /// Transitions per patient of the reference chain for this cohort size. The benchmark may run in another
    /// process, so the host reruns the same (deterministic) cohort once: every patient's stream depends only
    /// on (seed, patient), so this is exactly the count the benchmark simulated, whatever the thread count.
    /// </summary>
    private static double TransitionsPerPatient(long patients) => TransitionsCache.GetOrAdd(patients, n =>
    {
        var model = ModelCompiler.Compile(ReferenceChain.Model());
        var result = Simulator.Run(model, new SimulationOptions { Patients = (int)n, Seed = 1 });
        return (double)result.Strategies[0].Transitions / result.Strategies[0].Patients;
    });
}
