using HccSim.Scenarios;
using HccSim.Core.Engine;
using HccSim.Scenarios.Diagnostics;

namespace HccSim.Analysis.Uncertainty;

/// <summary>
/// One-way and two-way sensitivity analysis over a scenario's uncertain parameters: each parameter at its low and high
/// values (written in the uncertainty section, else the 2.5th and 97.5th percentiles of its distribution), every other at
/// the number written in the file; the two-way grid spans the same ranges. Every run simulates the same patients (same seed), so the bars show the parameters' effect, not noise.
/// </summary>
public static class DsaRunner
{
    /// <summary>
    /// The one entry point of `hccsim dsa`: the outcome named by <paramref name="outcomeSpec"/> (<c>inmb</c>, <c>nmb:STRATEGY</c> or
    /// <c>STRATEGY:OUTCOME</c>; see <see cref="SensitivityOutcome"/>), inmb's pair fixed at the base case, and the uncertain
    /// numbers that change nothing found first.
    /// </summary>
    /// <exception cref="ArgumentException">The outcome names nothing this model has.</exception>
    public static DsaResult Run(ScenarioDefinition definition, int patients, ulong seed, int threads, string outcomeSpec, double? willingnessToPay,
        (string X, string Y, int Steps)? twoWay = null, CancellationToken cancellation = default, IProgress<int>? progress = null)
    {
        var scenario = definition.Scenario;
        var compiled = scenario.RequireSimulated();
        var chosen = SensitivityOutcome.Parse(outcomeSpec, compiled, compiled.StrategyNames.Where(scenario.IsCompared).ToArray(), willingnessToPay,
            () => Simulator.Run(compiled, new SimulationOptions { Patients = patients, Seed = seed, Threads = threads, Grid = Core.Outcomes.TimeGrid.Monthly, Cancellation = cancellation }));
        var withoutEffect = UncertaintyCheck.WithoutEffect(definition);
        return Run(definition, patients, seed, threads, chosen.Name, chosen.Read, twoWay, cancellation, progress) with { WithoutEffect = withoutEffect };
    }

    /// <summary>
    /// The outcome is read from each run by <paramref name="outcome"/>: e.g. the incremental net benefit of the best base-case
    /// strategy over the runner-up, or one strategy's value of a named outcome.
    /// </summary>
    /// <param name="progress">Told the number of runs done (1 + 2 per parameter + the two-way grid's points).</param>
    public static DsaResult Run(ScenarioDefinition definition, int patients, ulong seed, int threads, string outcomeName, Func<Core.Outcomes.SimulationResult, double> outcome,
        (string X, string Y, int Steps)? twoWay = null, CancellationToken cancellation = default, IProgress<int>? progress = null)
    {
        var scenario = definition.Scenario;
        string path = scenario.File;
        var uncertainty = new UncertaintyModel(scenario.Uncertainty
            ?? throw new ScenarioException(new[] { new ScenarioError(path, 1, 1, "the scenario has no 'uncertainty' section: no parameter has a range to vary (expected uncertainty: { parameters: [...] })") }));
        var model = uncertainty.Parameterise(definition);
        var baseValues = model.BaseValues();

        int runs = 0;
        double Evaluate(double[] values)
        {
            Core.Compilation.CompiledModel drawn;
            try { drawn = model.Build(values); }
            catch (ScenarioException e) { throw new ScenarioException(e.Errors.Select(x => x with { Message = $"sensitivity analysis: {x.Message}" }).ToArray()); }
            double value = outcome(Simulator.Run(drawn, new SimulationOptions { Patients = patients, Seed = seed, Threads = threads, Cancellation = cancellation }));
            progress?.Report(++runs);
            return value;
        }

        double baseOutcome = Evaluate(baseValues);
        var bars = new List<TornadoBar>();
        for (int i = 0; i < uncertainty.Parameters.Count; i++)
        {
            var p = uncertainty.Parameters[i];
            var (low, high) = uncertainty.Ranges[i];
            var at = (double[])baseValues.Clone();
            at[i] = low;
            double atLow = Evaluate(at);
            at[i] = high;
            double atHigh = Evaluate(at);
            bars.Add(new TornadoBar(p.Name, low, high, p.BaseValue, atLow, atHigh) { Label = p.Label ?? p.Name });
        }

        var grid = new List<TwoWayPoint>();
        if (twoWay is { } tw)
        {
            int ix = IndexOf(uncertainty, tw.X, path), iy = IndexOf(uncertainty, tw.Y, path);
            if (ix == iy) throw new ScenarioException(new[] { new ScenarioError(path, 1, 1, $"a two-way analysis needs two different parameters (got '{tw.X}' twice)") });
            for (int a = 0; a < tw.Steps; a++)
                for (int b = 0; b < tw.Steps; b++)
                {
                    var at = (double[])baseValues.Clone();
                    // Evenly spaced from each parameter's low to its high value.
                    var px = uncertainty.Ranges[ix];
                    var py = uncertainty.Ranges[iy];
                    at[ix] = px.Low + (px.High - px.Low) * a / Math.Max(1, tw.Steps - 1);
                    at[iy] = py.Low + (py.High - py.Low) * b / Math.Max(1, tw.Steps - 1);
                    grid.Add(new TwoWayPoint(at[ix], at[iy], Evaluate(at)));
                }
        }
        // NaN ranges (an outcome not reached) sort last.
        return new DsaResult(outcomeName, baseOutcome, bars.OrderByDescending(b => double.IsNaN(b.Range) ? double.NegativeInfinity : b.Range).ToArray(), twoWay?.X, twoWay?.Y, grid)
        {
            Omitted = uncertainty.Shares.SelectMany(sh => sh.Places.Select(p => p.Text)).ToArray(),
        };
    }

    private static int IndexOf(UncertaintyModel u, string name, string path)
    {
        for (int i = 0; i < u.Parameters.Count; i++) if (u.Parameters[i].GivenName == name || u.Parameters[i].Places.Any(p => p.Text == name)) return i;
        throw new ScenarioException(new[] { new ScenarioError(path, 1, 1, $"'{name}' is not an uncertain parameter (parameters: {string.Join(", ", u.Parameters.Select(p => p.Name))})") });
    }
}
