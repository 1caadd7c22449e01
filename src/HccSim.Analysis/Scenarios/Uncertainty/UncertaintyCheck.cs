using HccSim.Analysis.Uncertainty;
using HccSim.Core.Engine;

namespace HccSim.Scenarios.Uncertainty;

/// <summary>
/// Finds uncertain parameters that change nothing: a number the scenario overrides elsewhere (a strategy that redefines
/// the state an `other.yaml#…` path points into) or never uses. Each is set to its high value on a small cohort and the
/// strategies' costs, QALYs and life-years compared with the base case on the same patients.
/// </summary>
public static class UncertaintyCheck
{
    public static IReadOnlyList<string> WithoutEffect(string path, int patients = 1000)
    {
        var definition = ScenarioLoader.Define(path);
        var scenario = definition.Scenario;
        if (scenario.Uncertainty is not { } settings || scenario.Compiled is null) return Array.Empty<string>();
        var u = new UncertaintyModel(settings);
        var places = u.Locate(definition);
        var values = u.BaseValues.ToArray();
        double[] Outcomes(double[] v)
        {
            var result = Simulator.Run(definition.Build(u.Numbers(places, v)).RequireSimulated(), new SimulationOptions { Patients = patients, Seed = scenario.Seed, Threads = 1, Grid = Core.Outcomes.TimeGrid.Monthly });
            return result.Strategies.SelectMany(r => new[] { r.DiscountedCosts.Mean, r.DiscountedQalys.Mean, r.DiscountedLifeYears.Mean, r.CfdfEver.Mean }).ToArray();
        }
        var baseline = Outcomes(values);
        var none = new List<string>();
        for (int i = 0; i < u.Parameters.Count; i++)
        {
            var moved = (double[])values.Clone();
            var p = u.Parameters[i];
            var (low, high) = u.Ranges[i];
            moved[i] = high != p.BaseValue ? high : low;
            if (Outcomes(moved).SequenceEqual(baseline)) none.Add(p.Name);
        }
        return none;
    }
}
