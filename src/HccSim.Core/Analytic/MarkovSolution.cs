using HccSim.Core.Compilation;
using HccSim.Core.Cycles;
using HccSim.Core.Distributions;
using HccSim.Core.Engine;

namespace HccSim.Core.Analytic;

/// <summary>
/// The exact expected outcomes of a time-homogeneous continuous-time model (every exit exponential, no background
/// mortality; patients may differ in categorical attributes): occupancy π(t) = π₀·exp(Qt) at evenly spaced times,
/// PFS from the chain with progression made absorbing, and life-years, QALYs and costs from the integrals
/// ∫₀ᴴ e^{−δt}π(t)dt, read off exp([[Q − δI, I], [0, 0]]·H). Transition and chance-node costs and tolls count at the
/// rate patients make them. No sampling, no cycles: the third way to the same numbers.
/// </summary>
public static class MarkovSolution
{
    public static IReadOnlyList<CycleResult> Solve(CompiledModel model, double stepMonths)
    {
        if (!(stepMonths > 0)) throw new ArgumentException($"step must be > 0 months (got {stepMonths})", nameof(stepMonths));
        if (model.HasBackground) throw new InvalidOperationException("the matrix exponential needs a time-homogeneous model, but background mortality depends on age");
        var strata = Strata.Fixed(model, "the matrix exponential");
        int points = (int)Math.Floor(model.HorizonMonths / stepMonths + 1e-9) + 1;
        var results = new CycleResult[model.Strategies.Length];
        double costRate = model.CostDiscountPerMonth, outcomeRate = model.OutcomeDiscountPerMonth;
        for (int s = 0; s < results.Length; s++)
        {
            var st = model.Strategies[s];
            int n = st.States.Length;
            var occupancy = new double[n, points];
            var os = new double[points];
            var pfs = new double[points];
            double ly = 0, qaly = 0, cost = 0, dly = 0, dqaly = 0, dcost = 0;
            foreach (var (share, attributes) in strata)
            {
                var chain = Chain.Build(st, attributes);
                var start = chain.Initial(CohortWorker.Route(st, attributes));
                var step = MatrixExponential.Exp(Scaled(chain.Q, stepMonths));
                var pi = start;
                for (int g = 0; g < points; g++)
                {
                    if (g > 0) pi = MatrixExponential.Multiply(pi, step);
                    for (int i = 0; i < n; i++)
                    {
                        occupancy[i, g] += share * pi[i];
                        if (!st.States[i].IsDead) os[g] += share * pi[i];
                    }
                }
                var pfsChain = chain.WithProgressionAbsorbing(st);
                var pfsStep = MatrixExponential.Exp(Scaled(pfsChain, stepMonths));
                var p = new double[n + 1];
                Array.Copy(start, p, n);
                for (int i = 0; i < n; i++) if (!st.States[i].IsProgressionFree) p[i] = 0;
                for (int g = 0; g < points; g++)
                {
                    if (g > 0) p = MatrixExponential.Multiply(p, pfsStep);
                    for (int i = 0; i < n; i++) if (st.States[i].IsProgressionFree) pfs[g] += share * p[i];
                }
                // ∫₀ᴴ e^{−δt} π(t) dt for the cost and outcome discount rates (and 0).
                var months = Integral(chain.Q, start, model.HorizonMonths, 0);
                var costMonths = Integral(chain.Q, start, model.HorizonMonths, costRate);
                var outcomeMonths = Integral(chain.Q, start, model.HorizonMonths, outcomeRate);
                for (int i = 0; i < n; i++)
                {
                    ref readonly var row = ref st.States[i];
                    if (row.IsDead) continue;
                    ly += share * months[i] / 12; dly += share * outcomeMonths[i] / 12;
                    qaly += share * (row.Utility * months[i] / 12 - chain.TollRate[i] * months[i]);
                    dqaly += share * (row.Utility * outcomeMonths[i] / 12 - chain.TollRate[i] * outcomeMonths[i]);
                    cost += share * (row.CostPerMonth + chain.CostRate[i]) * months[i];
                    dcost += share * (row.CostPerMonth + chain.CostRate[i]) * costMonths[i];
                }
                // One-offs at the start (a chance node patients begin in).
                cost += share * chain.StartCost; dcost += share * chain.StartCost;
                qaly -= share * chain.StartToll; dqaly -= share * chain.StartToll;
            }
            results[s] = new CycleResult
            {
                Strategy = st.Name,
                States = st.StateNames,
                CycleMonths = stepMonths,
                Times = Enumerable.Range(0, points).Select(g => g * stepMonths).ToArray(),
                Occupancy = occupancy,
                OverallSurvival = os,
                ProgressionFreeSurvival = pfs,
                LifeYears = new(ly, 0), Qalys = new(qaly, 0), Costs = new(cost, 0),
                DiscountedLifeYears = new(dly, 0), DiscountedQalys = new(dqaly, 0), DiscountedCosts = new(dcost, 0),
            };
        }
        return results;
    }

    private static double[,] Scaled(double[,] q, double t)
    {
        var r = (double[,])q.Clone();
        for (int i = 0; i < r.GetLength(0); i++) for (int j = 0; j < r.GetLength(1); j++) r[i, j] *= t;
        return r;
    }

    private static double[] Integral(double[,] q, double[] start, double horizon, double delta)
    {
        int n = q.GetLength(0);
        var augmented = new double[2 * n, 2 * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) augmented[i, j] = q[i, j] * horizon;
            augmented[i, i] -= delta * horizon;
            augmented[i, n + i] = horizon;
        }
        var e = MatrixExponential.Exp(augmented);
        var result = new double[n];
        for (int i = 0; i < n; i++)
            if (start[i] != 0)
                for (int j = 0; j < n; j++) result[j] += start[i] * e[i, n + j];
        return result;
    }

    /// <summary>The generator of one kind of patient, with chance nodes folded into the rates they split.</summary>
    private sealed class Chain
    {
        public required double[,] Q { get; init; }
        public required double[] CostRate { get; init; }
        public required double[] TollRate { get; init; }
        public double StartCost { get; private set; }
        public double StartToll { get; private set; }
        private CompiledStrategy _st = null!;
        private double[] _attributes = Array.Empty<double>();

        public static Chain Build(CompiledStrategy st, ReadOnlySpan<double> attributes)
        {
            int n = st.States.Length;
            for (int s = 0; s < n; s++)
                if (st.States[s].RewardsByTime)
                    throw new InvalidOperationException(
                        $"the matrix exponential needs a time-homogeneous model, but state {st.StateNames[s]} in strategy '{st.Name}' has a " +
                        $"{(st.States[s].CostProfile >= 0 ? "cost" : "utility")} that changes with time (use the cohort trace or a microsimulation)");
            var multipliers = new double[Math.Max(1, st.Exits.Length)];
            Array.Fill(multipliers, 1.0);
            if (st.HasHazardRatios) CohortWorker.ComputeMultipliers(st, attributes, multipliers);
            var chain = new Chain { Q = new double[n, n], CostRate = new double[n], TollRate = new double[n], _st = st, _attributes = attributes.ToArray() };
            for (int s = 0; s < n; s++)
            {
                ref readonly var row = ref st.States[s];
                for (int j = row.FirstExit; j < row.FirstExit + row.ExitCount; j++)
                {
                    double rate = st.ExitTimes[j] switch
                    {
                        Exponential e => e.Rate,
                        PerCycle { Probabilities.Count: 1 } p => p.HazardOf(0),
                        // A state's constant per-cycle probabilities, read jointly at compile time, are one constant hazard each.
                        PiecewiseHazard p when p.Rates.All(r => r == p.Rates[0]) => p.Rates[0],
                        var other => throw new InvalidOperationException(
                            $"the matrix exponential needs a time-homogeneous model, but {st.StateNames[s]} → {Describe(st, st.Exits[j].Target)} in strategy '{st.Name}' is {Family(other)}, whose hazard changes with time"),
                    } * multipliers[j];
                    var (cost, toll) = chain.Spread(st.Exits[j].Target, s, rate);
                    chain.CostRate[s] += rate * (st.Exits[j].Cost + cost);
                    chain.TollRate[s] += rate * (st.Exits[j].Toll + toll);
                }
            }
            return chain;
        }

        private static string Describe(CompiledStrategy st, int node) => node >= 0 ? st.StateNames[node] : "a chance node";

        /// <summary>A time to event as the scenario format words it (not its type name).</summary>
        private static string Family(TimeToEvent time) => time switch
        {
            PerCycle => "a list of per-cycle probabilities",
            PiecewiseHazard => "a piecewise hazard",
            FixedDelay or UniformDelay => "a delay",
            Weibull => "a Weibull",
            Gompertz => "a Gompertz",
            LogLogistic => "a log-logistic",
            LogNormal => "a log-normal",
            _ => "not exponential",
        };

        /// <summary>Adds rate from <paramref name="from"/> into <paramref name="node"/>, through chance nodes; returns their expected one-offs.</summary>
        private (double Cost, double Toll) Spread(int node, int from, double rate)
        {
            if (node >= 0)
            {
                if (node != from) { Q[from, node] += rate; Q[from, from] -= rate; }
                return (0, 0);
            }
            ref readonly var chance = ref _st.Chance[~node];
            double cost = chance.Cost, toll = chance.Toll, previous = 0;
            int first = CohortWorker.BranchBlock(chance, _attributes);
            for (int b = first; b < first + chance.BranchCount; b++)
            {
                double p = _st.Branches[b].CumulativeProbability - previous;
                previous = _st.Branches[b].CumulativeProbability;
                if (p <= 0) continue;
                var (c, t) = Spread(_st.Branches[b].Target, from, rate * p);
                cost += p * c; toll += p * t;
            }
            return (cost, toll);
        }

        /// <summary>Where patients begin: a state, or a chance node's spread (whose one-offs count at time 0).</summary>
        public double[] Initial(int node)
        {
            var pi = new double[_st.States.Length];
            (StartCost, StartToll) = Place(node, 1.0, pi);
            return pi;
        }

        private (double, double) Place(int node, double mass, double[] pi)
        {
            if (node >= 0) { pi[node] += mass; return (0, 0); }
            ref readonly var chance = ref _st.Chance[~node];
            double cost = mass * chance.Cost, toll = mass * chance.Toll, previous = 0;
            int first = CohortWorker.BranchBlock(chance, _attributes);
            for (int b = first; b < first + chance.BranchCount; b++)
            {
                double p = _st.Branches[b].CumulativeProbability - previous;
                previous = _st.Branches[b].CumulativeProbability;
                if (p <= 0) continue;
                var (c, t) = Place(_st.Branches[b].Target, mass * p, pi);
                cost += c; toll += t;
            }
            return (cost, toll);
        }

        /// <summary>The generator with one extra absorbing state that takes every move out of progression-free states.</summary>
        public double[,] WithProgressionAbsorbing(CompiledStrategy st)
        {
            int n = st.States.Length;
            var q = new double[n + 1, n + 1];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    if (i == j) continue;
                    if (st.States[i].IsProgressionFree && !st.States[j].IsProgressionFree) q[i, n] += Q[i, j];
                    else q[i, j] += Q[i, j];
                }
            for (int i = 0; i <= n; i++)
            {
                double out_ = 0;
                for (int j = 0; j <= n; j++) if (j != i) out_ += q[i, j];
                q[i, i] = -out_;
            }
            return q;
        }
    }
}
