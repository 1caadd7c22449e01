using HccSim.Scenarios;
using HccSim.Core.Engine;

namespace HccSim.Analysis.Uncertainty;

/// <summary>
/// Finds uncertain parameters that change nothing: a number the scenario overrides elsewhere (a strategy that redefines
/// the state an `other.yaml#…` path points into) or never uses. Each is set to its high value on a small cohort and the
/// strategies' costs, QALYs and life-years compared with the base case on the same patients.
/// </summary>
public static class UncertaintyCheck
{
    public static IReadOnlyList<string> WithoutEffect(ScenarioDefinition definition, int patients = 1000)
    {
        var scenario = definition.Scenario;
        if (scenario.Uncertainty is not { } settings || scenario.Compiled is null) return Array.Empty<string>();
        var u = new UncertaintyModel(settings);
        var model = u.Parameterise(definition);
        var values = model.BaseValues();
        double[] Outcomes(double[] v)
        {
            var result = Simulator.Run(model.Build(v), new SimulationOptions { Patients = patients, Seed = scenario.Seed, Threads = 1, Grid = Core.Outcomes.TimeGrid.Monthly });
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
