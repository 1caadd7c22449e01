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
    private CompiledModel _model = null!, _converting = null!;

    [GlobalSetup]
    public void Setup()
    {
        static PathwayStrategy Arm(string name, double rate) => new(name, "alive",
            new[] { new State("alive", StateFlags.ProgressionFree), new State("dead", StateFlags.Dead) },
            new[] { new Transition("alive", "dead", new Exponential(rate)) });
        _model = ModelCompiler.Compile(new CohortModel(120, new Strategy[] { Arm("control", 0.05), Arm("experimental", 0.035) }));
        // alive → cancer-free drug-free → recurrence, death from each: the CFDF-at-landmark endpoint's model.
        static PathwayStrategy Converting(string name, double a) => new(name, "alive",
            new[] { new State("alive", StateFlags.ProgressionFree), new State("cfdf", StateFlags.CancerFree), new State("recurred"), new State("dead", StateFlags.Dead) },
            new[]
            {
                new Transition("alive", "cfdf", new Exponential(a)), new Transition("alive", "dead", new Exponential(0.01)),
                new Transition("cfdf", "recurred", new Exponential(0.015)), new Transition("cfdf", "dead", new Exponential(0.01)),
                new Transition("recurred", "dead", new Exponential(0.01)),
            });
        _converting = ModelCompiler.Compile(new CohortModel(120, new Strategy[] { Converting("control", 0.02), Converting("experimental", 0.04) }));
    }

    [Benchmark]
    public TrialResult TwoThousandTrialsOf600() => TrialSimulator.Run(_model,
        new TrialDesign("control", "experimental", 600) { AccrualMonths = 24, AnalysisMonths = 36 }, 2000, seed: 1);

    /// <summary>The same size with the cancer-free drug-free share at 24 months as the endpoint (OS analysed alongside).</summary>
    [Benchmark]
    public TrialResult TwoThousandCfdfTrialsOf600() => TrialSimulator.Run(_converting,
        new TrialDesign("control", "experimental", 600) { AccrualMonths = 24, AnalysisMonths = 48, LandmarkMonths = 24, Endpoint = TrialEndpoint.CancerFreeDrugFree }, 2000, seed: 1);
}
