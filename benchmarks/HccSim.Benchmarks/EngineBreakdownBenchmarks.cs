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
}
