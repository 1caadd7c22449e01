using HccSim.Scenarios;
using System.Diagnostics;
using HccSim.Analysis.Calibration;
using HccSim.Core.Engine;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Parameters;
using HccSim.Analysis.Targets;

namespace HccSim.Analysis.Calibration;

/// <summary>
/// Fits a scenario's free parameters to its targets: minimises Σ weight·(standardised residual)² with bounded
/// Nelder–Mead. Every evaluation re-reads the file with the trial values set and simulates the same patients
/// (same seed: common random numbers), so the objective moves smoothly with the parameters rather than with noise.
/// </summary>
public static class ScenarioCalibration
{
    /// <summary>A residual for a target the simulation could not estimate (a median beyond the horizon is handled apart).</summary>
    private const double Inestimable = 10;

    /// <summary>
    /// The scenario's calibration section and the targets fitted: weight above 0, and among <paramref name="only"/>
    /// (strategies or outcomes) when given. Either missing is an error naming the file.
    /// </summary>
    public static (CalibrationSettings Calibration, List<Target> Fitted) WhatToFit(Scenario scenario, IReadOnlyCollection<string>? only)
    {
        string path = scenario.File;
        var calibration = scenario.Calibration ?? throw new ScenarioException(new[] { new ScenarioError(path, 1, 1, "the scenario has no 'calibration' section (expected calibration: { free: [ { path, bounds } ] })") });
        var fitted = scenario.Targets.Where(t => t.Weight > 0 && (only is null || only.Contains(t.Strategy) || only.Contains(t.Outcome))).ToList();
        if (fitted.Count == 0)
            throw new ScenarioException(new[] { new ScenarioError(path, 1, 1, only is null ? "the scenario has no targets with a weight above 0 to calibrate to" : $"no target matches --targets {string.Join(",", only)}") });
        return (calibration, fitted);
    }

    /// <summary>The scenario as a function of its free parameters: each with its tied places, within its bounds.</summary>
    public static ParameterisedModel Parameterise(ScenarioDefinition definition, CalibrationSettings calibration)
        => new(definition, calibration.Free.Select(f => f.AsParameter(f.Label)).ToArray());

    public static CalibrationResult Run(ScenarioDefinition definition, CalibrationOptions options)
    {
        var clock = Stopwatch.StartNew();
        var scenario = definition.Scenario;
        var (calibration, fitted) = WhatToFit(scenario, options.Only);
        var free = calibration.Free;
        var fittedIndex = fitted.Select(t => t.Index).ToHashSet();
        int failed = 0;

        // The files were parsed once, when the definition was read; each evaluation builds the model from the free values. The
        // targets are the definition's (they do not move with the parameters).
        var model = Parameterise(definition, calibration);
        IReadOnlyList<TargetResult> Evaluate(double[] values)
        {
            // Subgroup targets read from the same pass: the cohort tallied by their baseline levels, no rerun per subgroup.
            var built = model.Build(values);
            var result = Simulator.Run(built, new SimulationOptions
            {
                Patients = options.Patients, Seed = options.Seed, Threads = options.Threads, Cancellation = options.Cancellation,
                Partition = TargetEvaluation.Partition(scenario, built),
            });
            return TargetEvaluation.Evaluate(scenario, result);
        }
        double Objective(IReadOnlyList<TargetResult> results)
        {
            double sum = 0;
            foreach (var r in results)
            {
                if (!fittedIndex.Contains(r.Target.Index)) continue;
                double residual = Residual(r, scenario.HorizonMonths);
                sum += r.Target.Weight * residual * residual;
            }
            return sum;
        }

        var start = free.Select(f => f.Value).ToArray();
        var before = Evaluate(start);
        double objectiveBefore = Objective(before);
        int evaluations = 0;
        var minimum = BoundedNelderMead.Minimise(values =>
        {
            double f;
            try { f = Objective(Evaluate(values)); }
            catch (ScenarioException) { failed++; f = double.MaxValue; } // a combination the model refuses (e.g. shares above 1)
            options.Progress?.Report((++evaluations, f));
            return f;
        }, start, free.Select(f => f.Lower).ToArray(), free.Select(f => f.Upper).ToArray(), options.Tolerance, options.MaxEvaluations, options.Cancellation);

        // The start may beat every trial point (already calibrated): never report a worse fit than it.
        var best = minimum.Value <= objectiveBefore ? minimum.Point : start;
        var after = Evaluate(best);

        // Which targets each parameter constrains: central differences over a tenth of its range, in residual units.
        var parameters = new List<FittedParameter>();
        for (int j = 0; j < free.Count; j++)
        {
            double h = (free[j].Upper - free[j].Lower) * 0.05;
            var up = (double[])best.Clone();
            var down = (double[])best.Clone();
            up[j] = Math.Min(free[j].Upper, best[j] + h);
            down[j] = Math.Max(free[j].Lower, best[j] - h);
            // A step the model refuses (a median of 0, shares above 1) falls back to the fitted point: a one-sided difference.
            IReadOnlyList<TargetResult>? TryEvaluate(double[] at)
            {
                try { return Evaluate(at); }
                catch (ScenarioException) { return null; }
            }
            var ru = TryEvaluate(up);
            var rd = TryEvaluate(down);
            if (ru is null) up[j] = best[j];
            if (rd is null) down[j] = best[j];
            ru ??= after;
            rd ??= after;
            double span = (up[j] - down[j]) / (2 * h); // < 1 when a bound or a refused step cut it short
            var sensitivity = fitted.Select(t =>
            {
                int i = IndexOf(ru, t), i2 = IndexOf(rd, t);
                double change = span > 0 ? (Residual(ru[i], scenario.HorizonMonths) - Residual(rd[i2], scenario.HorizonMonths)) / span : double.NaN;
                return (t, change);
            }).ToList();
            parameters.Add(new FittedParameter(free[j], best[j], sensitivity));
        }
        clock.Stop();
        return new CalibrationResult(parameters, before, after, fitted, objectiveBefore, Objective(after), minimum.Evaluations + 2 + 2 * free.Count,
            failed, minimum.Converged, clock.Elapsed);
    }

    private static int IndexOf(IReadOnlyList<TargetResult> results, Target t)
    {
        for (int i = 0; i < results.Count; i++) if (results[i].Target.Index == t.Index) return i;
        throw new InvalidOperationException($"target {t.Strategy} {t.Outcome} was not evaluated");
    }

    /// <summary>
    /// The standardised residual calibration minimises. A median not reached within the horizon counts as the horizon
    /// (the objective keeps a slope towards the target); anything else inestimable counts as 10 spreads off.
    /// </summary>
    public static double Residual(TargetResult r, double horizonMonths)
    {
        double value = r.Simulated.Value;
        if (double.IsNaN(value) && r.Target.Outcome is "os_median" or "pfs_median") value = horizonMonths;
        return double.IsNaN(value) ? Inestimable : (value - r.Target.Value) / TargetEvaluation.Scale(r.Target);
    }

    /// <summary>
    /// The scenario text with each free parameter's number replaced by its fitted value (same unit, same place),
    /// and <paramref name="header"/> as comment lines on top. Everything else — comments, order, layout — is kept.
    /// </summary>
    public static string Rewrite(string text, IReadOnlyList<FittedParameter> parameters, string header)
    {
        var sb = new System.Text.StringBuilder(text);
        foreach (var (place, fitted) in parameters.SelectMany(p => p.Free.Places.Select(place => (place, p.Fitted))).OrderByDescending(x => x.place.Start))
        {
            string written = text[place.Start..place.End];
            string unquoted = written.Trim('"', '\'');
            var number = WrittenNumber.Parse(unquoted) ?? throw new InvalidOperationException($"{place.Path} is '{written}', not a number");
            sb.Remove(place.Start, place.End - place.Start).Insert(place.Start, number.With(fitted));
        }
        string newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n"; // the file's own line endings
        var comment = string.Join("", header.Split('\n').Select(l => "# " + l.TrimEnd() + newline));
        return comment + sb;
    }
}
