using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using HccSim.Core.Compilation;
using HccSim.Core.Engine;
using HccSim.Core.Examples;

namespace HccSim.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>-- --filter '*'</c> (any BenchmarkDotNet arguments) runs the benchmarks;
    /// <c>peak-memory N [threads]</c> runs the reference chain once for N patients and prints peak memory.
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "peak-memory") return PeakMemory(args);
        if (args.Length > 0 && args[0] == "one-run") return OneRun(args);

        // The default toolchain (a generated project built for net10.0, benchmarks in separate processes)
        // works with BenchmarkDotNet 0.14.0 on .NET 10: it has no RuntimeMoniker for net10.0 but takes the
        // host's own runtime and target framework, which is all these benchmarks need. If a future SDK
        // breaks that, "--inProcess" on the command line (InProcessEmitToolchain) is the fallback.
        var config = DefaultConfig.Instance
            .AddColumn(StatisticColumn.Median)
            .AddColumn(ThroughputColumn.All);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }

    /// <summary>
    /// One run of N patients in a fresh process, for comparing peak memory across cohort sizes (1 M vs 10 M):
    /// tallies do not grow with the cohort, so neither should the peak. Half a second of 100 000-patient warm-up
    /// runs first lets tiered compilation promote the hot methods (it waits ~100 ms after the last new tier-0
    /// method), so the patients/s printed is not dominated by unoptimised code; the warm-up's memory is part
    /// of the peak either way and is the same for every N.
    /// </summary>
    private static int PeakMemory(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int patients) || patients < 1)
        {
            Console.Error.WriteLine("usage: peak-memory PATIENTS [THREADS]   (e.g. peak-memory 10000000 1)");
            return 2;
        }
        int threads = 1;
        if (args.Length > 2 && (!int.TryParse(args[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out threads) || threads < 1))
        {
            Console.Error.WriteLine($"threads must be a whole number ≥ 1 (got '{args[2]}')");
            return 2;
        }

        var model = ModelCompiler.Compile(ReferenceChain.Model());
        var warmUp = Stopwatch.StartNew();
        while (warmUp.ElapsedMilliseconds < 500)
            Simulator.Run(model, new SimulationOptions { Patients = 100_000, Threads = threads, Seed = 1 });

        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var result = Simulator.Run(model, new SimulationOptions { Patients = patients, Threads = threads, Seed = 1 });
        watch.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        long peak = process.PeakWorkingSet64;

        var cohort = result.Strategies[0];
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"patients          {patients}"));
        Console.WriteLine(string.Create(inv, $"threads           {threads}"));
        Console.WriteLine(string.Create(inv, $"seconds           {watch.Elapsed.TotalSeconds:0.000}"));
        Console.WriteLine(string.Create(inv, $"patients/s        {patients / watch.Elapsed.TotalSeconds:0}"));
        Console.WriteLine(string.Create(inv, $"transitions/pt    {(double)cohort.Transitions / cohort.Patients:0.0000}"));
        Console.WriteLine(string.Create(inv, $"allocated bytes   {allocated}  (run of N patients, summaries included)"));
        Console.WriteLine(string.Create(inv, $"peak working set  {peak}  ({peak / 1048576.0:0.0} MiB)"));
        Console.WriteLine(string.Create(inv, $"OS(60 m)          {cohort.OverallSurvival.At(60).Mean:0.00000}"));
        return 0;
    }

    /// <summary>
    /// One run of the reference chain with every outcome read, nothing else: for instruction counts under
    /// <c>valgrind --tool=callgrind</c> (see benchmarks/callgrind.sh), whose difference between two cohort sizes is the
    /// per-patient cost, free of the host's noise. Takes the undiscounted chain, or <c>discounted</c> for 3% a year.
    /// </summary>
    private static int OneRun(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int patients) || patients < 0)
        {
            Console.Error.WriteLine("usage: one-run PATIENTS [discounted]   (e.g. one-run 200000)");
            return 2;
        }
        bool discounted = args.Length > 2 && args[2] == "discounted";
        var model = ModelCompiler.Compile(ReferenceChain.Model(discounting: discounted ? HccSim.Core.Model.Discounting.Both(0.03) : null));
        var result = Simulator.Run(model, new SimulationOptions { Patients = Math.Max(patients, 1), Threads = 1, Seed = 1 });
        var cohort = result.Strategies[0];
        // Where the engine's image was loaded: with a ReadyToRun map (.r2rmap), per-instruction counts name their methods.
        if (Environment.GetEnvironmentVariable("HCCSIM_PRINT_IMAGE_BASE") == "1")
            foreach (string line in File.ReadLines("/proc/self/maps"))
                if (line.EndsWith("HccSim.Core.dll", StringComparison.Ordinal)) Console.WriteLine("map " + line);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"patients {cohort.Patients}  transitions {cohort.Transitions}  OS(60 m) {cohort.OverallSurvival.At(60).Mean:R}  QALYs {cohort.Qalys.Mean:R}"));
        return 0;
    }
}
