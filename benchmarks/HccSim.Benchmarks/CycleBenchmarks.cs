using BenchmarkDotNet.Attributes;
using HccSim.Core.Compilation;
using HccSim.Core.Cycles;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;
using HccSim.Core.Examples;
using HccSim.Core.Model;

namespace HccSim.Benchmarks;

/// <summary>
/// The model-types issue's targets: a 10-state, 600-cycle cohort trace in under a millisecond, and at least
/// 100 million person-cycles per second on one core for a 5-state cycle microsimulation (the reference chain,
/// monthly cycles over 120 months).
/// </summary>
[MemoryDiagnoser]
public class CycleBenchmarks
{
    private CompiledModel _tenStates = null!, _chain = null!;
    private readonly CycleSettings _monthly = new(1, WithinCycleCorrection.LifeTable);

    [GlobalSetup]
    public void Setup()
    {
        // A 10-state progressive chain with exits to death from every state: 600 monthly cycles.
        const int n = 10;
        var states = Enumerable.Range(0, n - 1).Select(i => new State($"s{i}", i < 3 ? StateFlags.ProgressionFree : StateFlags.None, CostPerMonth: 100 * i, Utility: 1 - 0.05 * i))
            .Append(new State("dead", StateFlags.Dead)).ToArray();
        var transitions = new List<Transition>();
        for (int i = 0; i < n - 1; i++)
        {
            if (i + 1 < n - 1) transitions.Add(new Transition($"s{i}", $"s{i + 1}", new Exponential(0.02 + 0.005 * i)));
            if (i + 2 < n - 1) transitions.Add(new Transition($"s{i}", $"s{i + 2}", new Exponential(0.005)));
            transitions.Add(new Transition($"s{i}", "dead", new Exponential(0.003 * (i + 1))));
        }
        _tenStates = ModelCompiler.Compile(new CohortModel(600, new Strategy[] { new PathwayStrategy("ten", "s0", states, transitions) }) { Discounting = Discounting.Both(0.03) });
        _chain = ModelCompiler.Compile(ReferenceChain.Model(discounting: Discounting.Both(0.03)));
    }

    /// <summary>One evaluation: 10 states × 600 cycles, every outcome.</summary>
    [Benchmark]
    public IReadOnlyList<CycleResult> TraceTenStates600Cycles() => CohortTrace.Run(_tenStates, _monthly);

    /// <summary>1 M patients × 120 monthly cycles = 120 M person-cycles (fewer are lived: the dead stop early).</summary>
    [Benchmark]
    public IReadOnlyList<CycleResult> MicrosimulationReferenceChainOneCore()
        => CycleSimulator.Run(_chain, _monthly, new SimulationOptions { Patients = 1_000_000, Threads = 1, Seed = 1 });
}
