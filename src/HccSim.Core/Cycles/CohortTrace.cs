using HccSim.Core.Compilation;
using HccSim.Core.Engine;
using HccSim.Core.Outcomes;

namespace HccSim.Core.Cycles;

/// <summary>
/// The Markov cohort trace: the expected share of the cohort in each state (and tunnel position) at each cycle boundary,
/// moved one cycle at a time by the <see cref="CycleTables"/> probabilities — no sampling. Rewards are counted at the
/// boundaries with the chosen within-cycle correction and discounted per cycle at (1 + r)^(−t/12); one-off costs and
/// tolls of a transition during cycle c count at its end, t_{c+1}. A cohort of several kinds of patient (categorical
/// attributes) is traced kind by kind and mixed by share.
/// </summary>
public static class CohortTrace
{
    public static IReadOnlyList<CycleResult> Run(CompiledModel model, CycleSettings settings)
    {
        var problems = settings.Problems(model.HorizonMonths).ToArray();
        if (problems.Length > 0) throw new ArgumentException("invalid cycle settings: " + string.Join("; ", problems), nameof(settings));
        var strata = Strata.Fixed(model, "the cohort trace");
        var results = new CycleResult[model.Strategies.Length];
        for (int s = 0; s < results.Length; s++)
        {
            Accumulator? total = null;
            foreach (var (share, attributes) in strata)
            {
                var tables = new CycleTables(model, s, settings.CycleMonths, settings.Cycles(model.HorizonMonths), attributes);
                var one = Trace(model, tables, settings);
                total ??= new Accumulator(one.Occupancy.GetLength(0), one.Occupancy.GetLength(1));
                total.Add(one, share);
            }
            results[s] = total!.ToResult(model.Strategies[s], settings);
        }
        return results;
    }

    private sealed class Accumulator(int states, int points)
    {
        public readonly double[,] Occupancy = new double[states, points];
        public readonly double[] Os = new double[points], Pfs = new double[points];
        public double LifeYears, Qalys, Costs, DLifeYears, DQalys, DCosts;

        public void Add(Accumulator other, double share)
        {
            for (int s = 0; s < Occupancy.GetLength(0); s++)
                for (int c = 0; c < Occupancy.GetLength(1); c++) Occupancy[s, c] += share * other.Occupancy[s, c];
            for (int c = 0; c < Os.Length; c++) { Os[c] += share * other.Os[c]; Pfs[c] += share * other.Pfs[c]; }
            LifeYears += share * other.LifeYears; Qalys += share * other.Qalys; Costs += share * other.Costs;
            DLifeYears += share * other.DLifeYears; DQalys += share * other.DQalys; DCosts += share * other.DCosts;
        }

        public CycleResult ToResult(CompiledStrategy st, CycleSettings settings) => new()
        {
            Strategy = st.Name,
            States = st.StateNames,
            CycleMonths = settings.CycleMonths,
            Times = Enumerable.Range(0, Os.Length).Select(c => c * settings.CycleMonths).ToArray(),
            Occupancy = Occupancy,
            OverallSurvival = Os,
            ProgressionFreeSurvival = Pfs,
            LifeYears = new(LifeYears, 0), Qalys = new(Qalys, 0), Costs = new(Costs, 0),
            DiscountedLifeYears = new(DLifeYears, 0), DiscountedQalys = new(DQalys, 0), DiscountedCosts = new(DCosts, 0),
        };
    }

    private static Accumulator Trace(CompiledModel model, CycleTables tables, CycleSettings settings)
    {
        var st = tables.Strategy;
        int states = st.States.Length, cycles = tables.Cycles;
        var result = new Accumulator(states, cycles + 1);
        double dt = settings.CycleMonths;
        double costRate = Math.Log(1 + model.Source.Discounting.CostsPerYear) / 12, outcomeRate = Math.Log(1 + model.Source.Discounting.OutcomesPerYear) / 12;
        var weights = settings.Weights(cycles);
        var costWeights = settings.Weights(cycles, costRate);
        var outcomeWeights = settings.Weights(cycles, outcomeRate);

        // Mass by state and tunnel; two passes: the whole cohort, then only those never yet progressed (PFS).
        foreach (bool pfsPass in new[] { false, true })
        {
            var mass = new double[states][];
            var next = new double[states][];
            for (int s = 0; s < states; s++) { mass[s] = new double[tables.Positions(s)]; next[s] = new double[tables.Positions(s)]; }
            double oneOffCost = 0, oneOffToll = 0, dOneOffCost = 0, dOneOffToll = 0;
            Enter(tables, -1, 0, tables.Start, 1.0, mass, pfsPass, ref oneOffCost, ref oneOffToll);
            dOneOffCost += oneOffCost; dOneOffToll += oneOffToll;

            for (int c = 0; ; c++)
            {
                // Record the boundary t_c.
                double alive = 0, pf = 0, ly = 0, qaly = 0, cost = 0;
                for (int s = 0; s < states; s++)
                {
                    double m = 0;
                    foreach (var x in mass[s]) m += x;
                    ref readonly var row = ref st.States[s];
                    if (pfsPass) { if (row.IsProgressionFree) pf += m; continue; }
                    result.Occupancy[s, c] = m;
                    if (row.IsDead) continue;
                    alive += m; ly += m * dt / 12;
                    if (row.RewardsByTime)
                        for (int p = 0; p < mass[s].Length; p++)
                        {
                            qaly += mass[s][p] * tables.UtilityAt(s, p) * dt / 12;
                            cost += mass[s][p] * tables.CostAt(s, p) * dt;
                        }
                    else { qaly += m * row.Utility * dt / 12; cost += m * row.CostPerMonth * dt; }
                }
                if (pfsPass) { result.Pfs[c] = pf; }
                else
                {
                    result.Os[c] = alive;
                    result.LifeYears += weights[c] * ly; result.Qalys += weights[c] * qaly; result.Costs += weights[c] * cost;
                    result.DLifeYears += outcomeWeights[c] * ly; result.DQalys += outcomeWeights[c] * qaly; result.DCosts += costWeights[c] * cost;
                }
                if (c == cycles) break;

                // Move one cycle: each (state, position) sends its mass along its exits or one tunnel deeper.
                for (int s = 0; s < states; s++) Array.Clear(next[s]);
                double cycleCost = 0, cycleToll = 0;
                for (int s = 0; s < states; s++)
                {
                    var ms = mass[s];
                    for (int k = 0; k < ms.Length; k++)
                    {
                        double m = ms[k];
                        if (m == 0) continue;
                        var q = tables.Row(s, k, c);
                        double left = 0;
                        for (int i = 0; i < q.Length; i++)
                        {
                            if (q[i] == 0) continue;
                            double flow = m * q[i];
                            left += flow;
                            int exit = tables.ExitIndex(s, i);
                            if (exit >= 0) { cycleCost += flow * st.Exits[exit].Cost; cycleToll += flow * st.Exits[exit].Toll; }
                            int target = tables.Target(s, i);
                            if (pfsPass && st.States[s].IsProgressionFree && target >= 0 && !st.States[target].IsProgressionFree) continue;
                            Enter(tables, s, k, target, flow, next, pfsPass, ref cycleCost, ref cycleToll);
                        }
                        next[s][tables.Stay(s, k)] += m - left;
                    }
                }
                (mass, next) = (next, mass);
                if (!pfsPass)
                {
                    double tEnd = (c + 1) * dt;
                    oneOffCost += cycleCost; oneOffToll += cycleToll;
                    dOneOffCost += cycleCost * Math.Exp(-costRate * tEnd); dOneOffToll += cycleToll * Math.Exp(-outcomeRate * tEnd);
                }
            }
            if (!pfsPass)
            {
                result.Costs += oneOffCost; result.DCosts += dOneOffCost;
                result.Qalys -= oneOffToll; result.DQalys -= dOneOffToll;
            }
        }
        return result;
    }

    /// <summary>
    /// Adds <paramref name="flow"/> leaving state <paramref name="from"/> at <paramref name="position"/> (−1: starting) and
    /// entering <paramref name="node"/>, through chance nodes, at the position it enters at (time in the state 0).
    /// </summary>
    private static void Enter(CycleTables tables, int from, int position, int node, double flow, double[][] into, bool pfsPass, ref double cost, ref double toll)
    {
        var st = tables.Strategy;
        if (node >= 0)
        {
            if (!pfsPass || st.States[node].IsProgressionFree) into[node][tables.Enter(from, position, node)] += flow;
            return;
        }
        ref readonly var chance = ref st.Chance[~node];
        cost += flow * chance.Cost;
        toll += flow * chance.Toll;
        double previous = 0;
        int first = CohortWorker.BranchBlock(chance, tables.Attributes);
        for (int b = first; b < first + chance.BranchCount; b++)
        {
            double p = st.Branches[b].CumulativeProbability - previous;
            previous = st.Branches[b].CumulativeProbability;
            if (p > 0) Enter(tables, from, position, st.Branches[b].Target, flow * p, into, pfsPass, ref cost, ref toll);
        }
    }
}
