using BenchmarkDotNet.Attributes;
using HccSim.Analysis.Trials;
using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Model;

namespace HccSim.Benchmarks;

/// <summary>The trial issue's target: 2,000 replicate trials of 600 patients, two arms, OS endpoint, in seconds.</summary>
[MemoryDiagnoser]
public class TrialBenchmarks
{
    private CompiledModel _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        static PathwayStrategy Arm(string name, double rate) => new(name, "alive",
            new[] { new State("alive", StateFlags.ProgressionFree), new State("dead", StateFlags.Dead) },
            new[] { new Transition("alive", "dead", new Exponential(rate)) });
        _model = ModelCompiler.Compile(new CohortModel(120, new Strategy[] { Arm("control", 0.05), Arm("experimental", 0.035) }));
    }

    [Benchmark]
    public TrialResult TwoThousandTrialsOf600() => TrialSimulator.Run(_model,
        new TrialDesign("control", "experimental", 600) { AccrualMonths = 24, AnalysisMonths = 36 }, 2000, seed: 1);
}
