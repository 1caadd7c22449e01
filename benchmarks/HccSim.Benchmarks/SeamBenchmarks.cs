using BenchmarkDotNet.Attributes;
using HccSim.Analysis.Uncertainty;
using HccSim.Scenarios;

namespace HccSim.Benchmarks;

/// <summary>
/// Issue 13's before/after PSA: 200 draws × 5,000 patients of scenarios/intermediate-stage.yaml, reading the scenario
/// included (the same work `hccsim psa` does). Before the seam each draw re-read the parsed files with its numbers set;
/// now the files are parsed once and each draw builds its model from the parameter vector.
/// </summary>
[MemoryDiagnoser]
public class SeamBenchmarks
{
    private string _path = "";
    private ulong _seed;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _path = Repository.File("scenarios/intermediate-stage.yaml");
        _seed = ScenarioLoader.Load(_path).Seed;
    }

    [Benchmark(Description = "PSA 200 draws x 5,000 patients")]
    public PsaResult Psa200x5000() => PsaRunner.Run(ScenarioLoader.Define(_path), new PsaOptions(200, 5_000, _seed, Threads) { WillingnessToPay = 100_000 });
}
