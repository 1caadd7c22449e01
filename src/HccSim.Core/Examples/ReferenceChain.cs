using HccSim.Core.Distributions;
using HccSim.Core.Model;

namespace HccSim.Core.Examples;

/// <summary>
/// The 5-state reference chain of issue #2, used to test and benchmark the engine (not a clinical scenario):
/// 1 intermediate, 2 response, 3 cured, 4 progressed, 5 dead; constant monthly rates; 120-month horizon.
/// </summary>
public static class ReferenceChain
{
    public const string Intermediate = "intermediate", Response = "response", Cured = "cured", Progressed = "progressed", Dead = "dead";

    public static readonly string[] StateNames = { Intermediate, Response, Cured, Progressed, Dead };

    /// <summary>Monthly rates q[i, j] between the states above (0-based).</summary>
    public static readonly double[,] Rates =
    {
        { 0, 0.10, 0, 0.05, 0.01 },
        { 0, 0, 0.04, 0.03, 0.005 },
        { 0, 0, 0, 0.01, 0.003 },
        { 0, 0, 0, 0, 0.08 },
        { 0, 0, 0, 0, 0 },
    };

    public static PathwayStrategy Pathway(string name = "reference") => new(
        name,
        Intermediate,
        new[]
        {
            new State(Intermediate, StateFlags.ProgressionFree, new[] { "systemic" }, CostPerMonth: 5000, Utility: 0.76),
            new State(Response, StateFlags.ProgressionFree | StateFlags.Response, new[] { "systemic" }, CostPerMonth: 5000, Utility: 0.78),
            new State(Cured, StateFlags.ProgressionFree | StateFlags.CancerFree, CostPerMonth: 245, Utility: 0.70),
            new State(Progressed, StateFlags.None, CostPerMonth: 3000, Utility: 0.68),
            new State(Dead, StateFlags.Dead),
        },
        Transitions());

    private static Transition[] Transitions()
    {
        var list = new List<Transition>();
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
                if (Rates[i, j] > 0) list.Add(new Transition(StateNames[i], StateNames[j], new Exponential(Rates[i, j])));
        return list.ToArray();
    }

    public static CohortModel Model(double horizonMonths = 120, Discounting? discounting = null) =>
        new(horizonMonths, new Strategy[] { Pathway() }) { Discounting = discounting ?? Discounting.None };
}
