using BenchmarkDotNet.Attributes;
using HccSim.Core.Engine;
using HccSim.Core.Outcomes;
using HccSim.Scenarios;
using HccSim.Analysis.Uncertainty;

namespace HccSim.Benchmarks;

/// <summary>
/// The cost of a probabilistic analysis against the cohort it simulates: K draws of N patients (parameters drawn, the
/// scenario re-read and recompiled per draw, two half-cohort runs, plus the base case) against one run of K·N patients,
/// every strategy of scenarios/intermediate-stage.yaml, on one thread each. The bar: at most 1.15×.
/// </summary>
[MemoryDiagnoser]
public class PsaBenchmarks
{
    private const int Draws = 100, Patients = 10_000;
    private string _path = "";
    private Scenario _scenario = null!;

    [GlobalSetup]
    public void Setup()
    {
        _path = Repository.File("scenarios/intermediate-stage.yaml");
        _scenario = ScenarioLoader.Load(_path);
    }

    [Benchmark(Baseline = true, Description = "one run of 1,000,000 patients")]
    public IReadOnlyList<CohortResult> OneRun() => Simulator.Run(_scenario.RequireSimulated(), new SimulationOptions
    {
        Patients = Draws * Patients, Seed = _scenario.Seed, Threads = 1, Grid = new TimeGrid(1, 1),
    }).Strategies;

    [Benchmark(Description = "PSA, 100 draws of 10,000 patients")]
    public PsaResult Psa() => PsaRunner.Run(ScenarioLoader.Define(_path), new PsaOptions(Draws, Patients, _scenario.Seed, 1) { WillingnessToPay = 100_000 });
}
