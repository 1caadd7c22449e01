using BenchmarkDotNet.Attributes;
using HccSim.Core.Compilation;
using HccSim.Core.Engine;
using HccSim.Core.Examples;
using HccSim.Core.Outcomes;
using HccSim.Scenarios;

namespace HccSim.Benchmarks;

/// <summary>
/// The issue #2 target: the reference chain through <see cref="Simulator.Run"/>, on one and two threads.
/// The engine has no "OS only" mode: every run tallies all outcomes (OS and PFS histograms, occupancy,
/// cancer-free drug-free prevalence, tags, life-years, QALYs and costs, discounted and not), so the plain run
/// is already the full-outcome run; the discounted run shows what the two exp() per sojourn cost on top.
/// Time is per call (<see cref="Patients"/> patients); the patients/s, transitions/s and bytes/patient
/// columns (<see cref="ThroughputColumns"/>) turn it into the units.
/// </summary>
[MemoryDiagnoser]
public class ReferenceChainBenchmarks
{
    private CompiledModel _plain = null!, _discounted = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [Params(1_000_000)]
    public int Patients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _plain = ModelCompiler.Compile(ReferenceChain.Model());
        // The discounted chain is read from scenarios/examples/reference-chain.yaml (3%/year), the same model to
        // the bit as ReferenceChain.Model(discounting: 3%) — a test in HccSim.Scenarios.Tests proves it.
        _discounted = ScenarioLoader.Load(Repository.File("scenarios/examples/reference-chain.yaml")).RequireSimulated();
    }

    private SimulationOptions Options => new() { Patients = Patients, Threads = Threads, Seed = 1 };

    /// <summary>Every outcome, undiscounted: the figure to compare with the C loop and the 5 M patients/s target.</summary>
    // The summaries are built when first read (SimulationResult.Strategies): read them, so every outcome is still in the time.
    [Benchmark(Baseline = true)]
    public IReadOnlyList<CohortResult> FullOutcomes() => Simulator.Run(_plain, Options).Strategies;

    /// <summary>Every outcome with 3%/year discounting of costs and outcomes (continuous, exact per sojourn).</summary>
    [Benchmark]
    public IReadOnlyList<CohortResult> FullOutcomesDiscounted() => Simulator.Run(_discounted, Options).Strategies;
}
