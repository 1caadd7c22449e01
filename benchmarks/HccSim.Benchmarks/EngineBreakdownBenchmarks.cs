using BenchmarkDotNet.Attributes;
using HccSim.Core.Compilation;
using HccSim.Core.Engine;
using HccSim.Core.Examples;
using HccSim.Core.Outcomes;
using HccSim.Core.Random;

namespace HccSim.Benchmarks;

/// <summary>
/// Where one core's time goes: the same 1 M reference-chain patients, single-threaded, with successively more
/// of the engine's per-patient work. <see cref="PlainLoop"/> is the C reference loop written in C#; the others
/// isolate pieces the engine adds. Compare their patients/s with <see cref="ReferenceChainBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class EngineBreakdownBenchmarks
{
    private const int Horizon = 120, BinsPerMonth = 100;
    private static readonly double[] TotalRate = { 0.16, 0.075, 0.013, 0.08, 0 };
    private static readonly int[] FirstExit = { 0, 3, 6, 8, 9 }, ExitCount = { 3, 3, 2, 1, 0 }, Target = { 1, 3, 4, 2, 3, 4, 3, 4, 4 };
    private static readonly double[] Rate = { 0.10, 0.05, 0.01, 0.04, 0.03, 0.005, 0.01, 0.003, 0.08 };

    private readonly long[] _osEvents = new long[Horizon * BinsPerMonth + 1];
    private CompiledModel _model = null!;
    private CohortWorker _worker = null!;

    [Params(1_000_000)]
    public int Patients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = ModelCompiler.Compile(ReferenceChain.Model());
        _worker = new CohortWorker(_model, new SimulationOptions { Threads = 1, Seed = 1 });
    }

    /// <summary>The C reference loop in C#: one stream per patient, exponential race, OS histogram. Nothing else.</summary>
    [Benchmark(Baseline = true)]
    public long PlainLoop()
    {
        var os = _osEvents.AsSpan();
        os.Clear();
        long transitions = 0;
        for (int p = 0; p < Patients; p++)
        {
            var rng = RandomStreams.For(1, 0, p, StreamPurpose.Events);
            double t = 0;
            int state = 0;
            bool censored = false;
            while (state != 4)
            {
                double total = TotalRate[state];
                t += rng.NextExponential() / total;
                if (t > Horizon) { censored = true; break; }
                int first = FirstExit[state], last = first + ExitCount[state] - 1, e = last;
                double u = rng.NextDouble() * total, acc = 0;
                for (int j = first; j < last; j++) { acc += Rate[j]; if (u < acc) { e = j; break; } }
                state = Target[e];
                transitions++;
            }
            if (!censored) os[t <= 0 ? 0 : (int)Math.Ceiling(t * BinsPerMonth)]++;
        }
        return transitions;
    }

    /// <summary>Only what the engine spends deriving streams: two keyed xoshiro streams per patient (patient + events).</summary>
    [Benchmark, NotAPatientRun]
    public ulong TwoStreamsPerPatient()
    {
        ulong sink = 0;
        for (int p = 0; p < Patients; p++)
        {
            var a = RandomStreams.For(1, 0, p, StreamPurpose.Patient);
            var b = RandomStreams.For(1, 0, p, StreamPurpose.Events);
            sink ^= a.NextUInt64() ^ b.NextUInt64();
        }
        return sink;
    }

    /// <summary>Only the engine's end-of-patient exact sums: nine <see cref="ExactSum.Add"/> per patient.</summary>
    [Benchmark, NotAPatientRun]
    public long NineExactSumsPerPatient()
    {
        ExactSum a = default, b = default, c = default, d = default, e = default, f = default, g = default, h = default, i = default;
        double x = 0.5;
        for (int p = 0; p < Patients; p++)
        {
            x += 0.37; if (x > 120) x -= 120;
            a.Add(x); b.Add(x); c.Add(x * 0.5); d.Add(x / 12.0); e.Add(x * 0.06); f.Add(x * 4000.0);
            g.Add(x / 12.5); h.Add(x * 0.055); i.Add(x * 3500.0);
        }
        return a.Count + b.Count + c.Count + d.Count + e.Count + f.Count + g.Count + h.Count + i.Count;
    }

    /// <summary>The engine's per-patient work alone: <c>CohortWorker.Simulate</c> in a loop, no threads, blocks or summaries.</summary>
    [Benchmark]
    public long WorkerOnly()
    {
        for (int p = 0; p < Patients; p++) _worker.Simulate(p, null, Span<double>.Empty);
        return _worker.Tallies[0].Patients;
    }

    // The pieces below repeat one part of the engine's per-patient work on the reference chain's own numbers: 3.60
    // stays and 2.60 transitions per patient (measured), an exponential per stay and a uniform per transition with a
    // choice of exits. Each is measured alone, so their sum is not the worker's time (the worker overlaps them).

    /// <summary>The random numbers a patient takes: 3.6 exponentials (one logarithm each) and 2.6 uniforms, on one stream.</summary>
    [Benchmark, NotAPatientRun]
    public double RandomDrawsPerPatient()
    {
        double sink = 0;
        for (int p = 0; p < Patients; p++)
        {
            var rng = RandomStreams.For(1, 0, p, StreamPurpose.Events);
            int stays = 3 + (p % 5 < 3 ? 1 : 0), uniforms = 2 + (p % 5 < 3 ? 1 : 0);
            for (int k = 0; k < stays; k++) sink += rng.NextExponential();
            for (int k = 0; k < uniforms; k++) sink += rng.NextDouble();
        }
        return sink;
    }

    /// <summary>Discounting: one <see cref="Math.Exp"/> per stay (the factor at the stay's end), 3.6 per patient.</summary>
    [Benchmark, NotAPatientRun]
    public double DiscountFactorPerStay()
    {
        const double rate = 0.0024662697723036; // 3% a year, per month
        double sink = 0, t = 0;
        for (int p = 0; p < Patients; p++)
        {
            int stays = 3 + (p % 5 < 3 ? 1 : 0);
            for (int k = 0; k < stays; k++)
            {
                t += 7.3; if (t > 120) t -= 120;
                sink += Math.Exp(-rate * t);
            }
        }
        return sink;
    }

    private readonly long[] _occupancy = new long[5 * (Horizon * 4 + 2)];
    private readonly long[] _cfdf = new long[Horizon * 4 + 2];

    /// <summary>
    /// Occupancy and cancer-free drug-free bookkeeping: per stay, the report point it ends at (a ceiling) and two
    /// difference-array updates per state, plus the cancer-free drug-free pair for the one state in five that is.
    /// </summary>
    [Benchmark, NotAPatientRun]
    public long OccupancyAndCfdfPerPatient()
    {
        var occupancy = _occupancy.AsSpan();
        var cfdf = _cfdf.AsSpan();
        int stride = Horizon * 4 + 2;
        double t = 0;
        for (int p = 0; p < Patients; p++)
        {
            int stays = 3 + (p % 5 < 3 ? 1 : 0), entered = 0;
            for (int k = 0; k < stays; k++)
            {
                t += 7.3; if (t > 120) t -= 120;
                int node = (p + k) % 5, left = (int)Math.Ceiling(t * 4);
                occupancy[node * stride + entered]++;
                occupancy[node * stride + left]--;
                if (node == 2) { cfdf[entered]++; cfdf[left]--; }
                entered = left;
            }
        }
        return occupancy[0];
    }

    private readonly long[] _tagEver = new long[8], _tagFirstEvents = new long[8 * (Horizon * BinsPerMonth + 1)];
    private readonly ExactSum[] _tagFirstTime = new ExactSum[8];

    /// <summary>Recording one first-time tag per patient (a library strategy's "resection" or "conversion"): the bit test, a count, a histogram bin and an exact sum.</summary>
    [Benchmark, NotAPatientRun]
    public long OneTagPerPatient()
    {
        double t = 0;
        for (int p = 0; p < Patients; p++)
        {
            t += 7.3; if (t > 120) t -= 120;
            ulong seen = (ulong)p & 2, fresh = 1UL << (p & 7) & ~seen;
            while (fresh != 0)
            {
                int k = System.Numerics.BitOperations.TrailingZeroCount(fresh);
                fresh &= fresh - 1;
                _tagEver[k]++;
                _tagFirstEvents[k * (Horizon * BinsPerMonth + 1) + (int)Math.Ceiling(t * BinsPerMonth)]++;
                _tagFirstTime[k].Add(t);
            }
        }
        return _tagEver[0];
    }
}

/// <summary>The per-thread merge at the end of a run: one strategy's tally of the reference chain (two 12,001-bin histograms, occupancy, sums) added into another. Per run and thread, not per patient.</summary>
[MemoryDiagnoser]
public class TallyMergeBenchmarks
{
    private StrategyTally _into = null!, _from = null!;

    [GlobalSetup]
    public void Setup()
    {
        var model = ModelCompiler.Compile(ReferenceChain.Model());
        _into = new StrategyTally(model, 0, TimeGrid.Default);
        _from = new StrategyTally(model, 0, TimeGrid.Default);
    }

    [Benchmark]
    public long MergeOneTally()
    {
        _into.Merge(_from);
        return _into.Patients;
    }
}
