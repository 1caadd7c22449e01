using HccSim.Analysis.Targets;
using HccSim.Core.Engine;
using HccSim.Scenarios;
using HccSim.Scenarios.Diagnostics;

namespace HccSim.Analysis.Calibration;

/// <summary>
/// Bayesian calibration of a scenario's free parameters by IMIS: prior uniform on each parameter's bounds, likelihood the
/// product over the fitted targets of <see cref="TargetLikelihood"/>. Each evaluation builds the model with the point's values
/// and simulates the same patients (same seed: common random numbers), only the strategies the fitted targets name (and the
/// comparators of their hazard ratios) — each strategy's patients draw from their own streams, so the figures are those of
/// the whole model. When the model is time-homogeneous and every fitted target is one the exact solution gives (medians,
/// survival at a time, restricted means…), the matrix exponential replaces the microsimulation: the same expectations
/// without Monte Carlo error. Evaluations run in parallel, one thread each. A point the model refuses has likelihood 0 and
/// is counted.
/// </summary>
public static class BayesianCalibration
{
    public static BayesianCalibrationResult Run(ScenarioDefinition definition, BayesianCalibrationOptions options)
    {
        var scenario = definition.Scenario;
        string path = scenario.File;
        var (calibration, fitted) = ScenarioCalibration.WhatToFit(scenario, options.Only);
        var likelihoods = TargetLikelihood.Of(path, fitted);
        var byIndex = likelihoods.ToDictionary(l => l.Target.Index);

        // The fitted targets' strategies and the comparators of their hazard ratios, in the model's order.
        var whole = scenario.RequireSimulated();
        var names = whole.StrategyNames;
        var wanted = fitted.Select(t => t.Strategy).Concat(fitted.Select(t => Comparator(whole, t)).OfType<string>()).ToHashSet(StringComparer.Ordinal);
        var simulated = names.Where(wanted.Contains).ToArray();
        var model = ScenarioCalibration.Parameterise(definition, calibration);

        // The exact solution when the model at the start allows it for every fitted target; else the microsimulation.
        double step = scenario.Cycle?.CycleMonths ?? ExactTargets.DefaultStepMonths;
        var startValues = calibration.Free.Select(f => f.Value).ToArray();
        var startExact = ExactTargets.TryEvaluate(Runs.ScenarioRun.Select(model.BuildScenario(startValues), simulated)!, fitted, step);
        bool exact = startExact is not null;

        IReadOnlyList<TargetResult> Evaluate(double[] values)
        {
            var built = Runs.ScenarioRun.Select(model.BuildScenario(values), simulated)!;
            if (exact)
                return ExactTargets.TryEvaluate(built, fitted, step)
                    ?? throw new ScenarioException(new[] { new ScenarioError(path, 1, 1, "the exact solution cannot solve the model at this point") });
            var result = Simulator.Run(built, new SimulationOptions
            {
                Patients = options.Patients, Seed = options.Imis.Seed, Threads = 1, Cancellation = options.Imis.Cancellation,
                Partition = TargetEvaluation.Partition(scenario, built),
            });
            return TargetEvaluation.Evaluate(scenario, result);
        }

        // Every fitted target must be one the run evaluates, else its likelihood would silently be 1.
        var start = startExact ?? Evaluate(startValues);
        var missing = fitted.Where(t => !start.Any(r => r.Target.Index == t.Index)).ToArray();
        if (missing.Length > 0)
            throw new ScenarioException(missing.Select(t => new ScenarioError(path, Math.Max(1, t.Line), 1,
                $"target {t.Strategy} {t.Outcome} cannot be evaluated on a run of the simulated strategies (expected a strategy and outcome of the model)")).ToArray());

        double LogLikelihood(double[] values)
        {
            IReadOnlyList<TargetResult> results;
            try { results = Evaluate(values); }
            catch (ScenarioException) { return double.NaN; } // a combination the model refuses (e.g. shares above 1)
            double sum = 0;
            foreach (var r in results)
                if (byIndex.TryGetValue(r.Target.Index, out var l)) sum += l.LogDensity(r, scenario.HorizonMonths);
            return sum;
        }

        var free = calibration.Free;
        var imis = Imis.Run(free.Select(f => f.Lower).ToArray(), free.Select(f => f.Upper).ToArray(), LogLikelihood, options.Imis);
        var summary = imis.Weights.Length > 0 && !double.IsNaN(imis.Weights[0]) ? PosteriorSummary.Of(imis)
            : new PosteriorSummary(free.Select(_ => new PosteriorMarginal(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)).ToArray(), new double[free.Count, free.Count]);
        return new BayesianCalibrationResult(free, likelihoods, imis, summary, simulated, start) { ExactStepMonths = exact ? step : null };
    }

    /// <summary>The strategy a target's hazard ratio compares with (os_hr(tace) → tace); null for any other outcome.</summary>
    private static string? Comparator(Core.Compilation.CompiledModel model, Target t)
    {
        int s = Array.IndexOf(model.StrategyNames.ToArray(), t.Strategy);
        return s >= 0 && Core.Outcomes.NamedOutcome.Parse(t.Outcome, model, s, Core.Outcomes.TimeGrid.Default, out _) is { IsComparative: true } o ? o.Argument : null;
    }
}
