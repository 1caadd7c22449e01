using BenchmarkDotNet.Attributes;
using HccSim.Scenarios;

namespace HccSim.Benchmarks;

/// <summary>
/// Reading, validating and compiling a scenario file: the per-draw overhead a probabilistic analysis pays when it
/// recompiles a model for each parameter sample.
/// </summary>
[MemoryDiagnoser]
public class ScenarioBenchmarks
{
    private string _chain = "", _tace = "";

    [GlobalSetup]
    public void Setup()
    {
        _chain = Repository.File("scenarios/examples/reference-chain.yaml");
        _tace = Repository.File("scenarios/tace.yaml");
    }

    [Benchmark]
    public Scenario LoadReferenceChain() => ScenarioLoader.Load(_chain);

    [Benchmark]
    public Scenario LoadTace() => ScenarioLoader.Load(_tace);
}

/// <summary>Finds files of the repository from wherever BenchmarkDotNet runs the benchmark process.</summary>
internal static class Repository
{
    public static string File(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "HccSim.sln"))) dir = dir.Parent;
        dir ??= new DirectoryInfo(Directory.GetCurrentDirectory());
        return Path.Combine(dir.FullName, relative);
    }
}
