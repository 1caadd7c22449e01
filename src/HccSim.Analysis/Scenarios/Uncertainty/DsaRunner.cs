using HccSim.Analysis.Uncertainty;
using HccSim.Core.Engine;
using HccSim.Scenarios.Diagnostics;

namespace HccSim.Scenarios.Uncertainty;

/// <summary>One bar of a tornado: a parameter at its low and high values (others at base), and the outcome at each.</summary>
public sealed record TornadoBar(string Parameter, double Low, double High, double Base, double OutcomeAtLow, double OutcomeAtHigh)
{
    public double Range => Math.Abs(OutcomeAtHigh - OutcomeAtLow);
}

/// <summary>One point of a two-way analysis.</summary>
public sealed record TwoWayPoint(double X, double Y, double Outcome);

/// <summary>A deterministic sensitivity analysis: the base-case outcome, the tornado (widest first) and an optional two-way grid.</summary>
public sealed record DsaResult(string Outcome, double BaseOutcome, IReadOnlyList<TornadoBar> Tornado, string? X, string? Y, IReadOnlyList<TwoWayPoint> TwoWay)
{
    /// <summary>Uncertain numbers left out of the one-way analysis (Dirichlet shares), by path.</summary>
    public IReadOnlyList<string> Omitted { get; init; } = Array.Empty<string>();
}

/// <summary>
/// One-way and two-way sensitivity analysis over a scenario's uncertain parameters: each parameter at its low and high
/// values (written in the uncertainty section, else the 2.5th and 97.5th percentiles of its distribution), every other at
/// the number written in the file; the two-way grid spans the same ranges. Every run simulates the same patients (same seed), so the bars show the parameters' effect, not noise.
/// </summary>
public static class DsaRunner
{
    /// <summary>
    /// The outcome is read from each run by <paramref name="outcome"/>: e.g. the incremental net benefit of the best base-case
    /// strategy over the runner-up, or one strategy's value of a named outcome.
    /// </summary>
    public static DsaResult Run(string path, int patients, ulong seed, int threads, string outcomeName, Func<Core.Outcomes.SimulationResult, double> outcome,
        (string X, string Y, int Steps)? twoWay = null, CancellationToken cancellation = default)
    {
        var definition = ScenarioLoader.Define(path);
        var scenario = definition.Scenario;
        var uncertainty = new UncertaintyModel(scenario.Uncertainty
            ?? throw new ScenarioException(new[] { new ScenarioError(path, 1, 1, "the scenario has no 'uncertainty' section: no parameter has a range to vary (expected uncertainty: { parameters: [...] })") }));
        var places = uncertainty.Locate(definition);
        var baseValues = uncertainty.BaseValues.ToArray();

        double Evaluate(double[] values)
        {
            Scenario drawn;
            try { drawn = definition.Build(uncertainty.Numbers(places, values)); }
            catch (ScenarioException e) { throw new ScenarioException(e.Errors.Select(x => x with { Message = $"sensitivity analysis: {x.Message}" }).ToArray()); }
            return outcome(Simulator.Run(drawn.RequireSimulated(), new SimulationOptions { Patients = patients, Seed = seed, Threads = threads, Cancellation = cancellation }));
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
            bars.Add(new TornadoBar(p.Name, low, high, p.BaseValue, atLow, atHigh));
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
        for (int i = 0; i < u.Parameters.Count; i++) if (u.Parameters[i].Places.Any(p => p.Text == name)) return i;
        throw new ScenarioException(new[] { new ScenarioError(path, 1, 1, $"'{name}' is not an uncertain parameter (parameters: {string.Join(", ", u.Parameters.Select(p => p.Name))})") });
    }
}
