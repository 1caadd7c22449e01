using System.Diagnostics;
using HccSim.Analysis.Trials;
using HccSim.Analysis.Uncertainty;
using HccSim.Scenarios;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>`hccsim trial --assurance`: the design's trials under the scenario's parameter draws, with a progress bar.</summary>
internal static class TrialAssurance
{
    public static (DrawnTrialsResult Result, TimeSpan Elapsed)? Run(CommandContext context, ScenarioDefinition definition, TrialDesign design, int draws, int trialsPerDraw, ulong seed, int threads)
    {
        var scenario = definition.Scenario;
        try
        {
            var uncertainty = new UncertaintyModel(scenario.Uncertainty!);
            var model = uncertainty.Parameterise(definition);
            var sampler = uncertainty.Sampler();
            context.Console.MarkupLineInterpolated($"[grey]assurance: {draws:N0} parameter draws × {trialsPerDraw} trial{(trialsPerDraw == 1 ? "" : "s")} of {design.SampleSize} patients, seed {seed}…[/]");
            var clock = Stopwatch.StartNew();
            var result = ProgressDisplay.Run(context, $"assurance {design.Experimental} vs {design.Control}", draws, "draws", progress =>
                DrawnTrials.Run(model, sampler, design, new[] { design.SampleSize }, draws, trialsPerDraw, seed, threads, progress, context.Cancellation));
            return (result, clock.Elapsed);
        }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
    }
}
