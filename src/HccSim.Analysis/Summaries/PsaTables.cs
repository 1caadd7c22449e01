using HccSim.Analysis.Uncertainty;

namespace HccSim.Analysis.Summaries;

/// <summary>A probabilistic analysis as tidy tables: per-strategy summary, acceptability, value of information.</summary>
public sealed class PsaTables
{
    public sealed record StrategyRow(string Strategy, Spread Cost, Spread Qalys, Spread LifeYears, Spread NetBenefit, double ProbabilityCostEffective, DrawOutcome BaseCase);
    public sealed record AcceptabilityRow(double Wtp, string Strategy, double Probability, bool Optimal, double Evpi);
    public sealed record EvppiRow(string Group, IReadOnlyList<string> Parameters, double Wtp, double Evppi, double? Population, double NoiseFloor, double NoiseFloorSd)
    {
        /// <summary>
        /// Indistinguishable from what noise alone gives: at most two standard deviations above the floor's mean (about the
        /// 97.5th percentile of a parameter without effect). An EVPPI of exactly 0 is always at the floor.
        /// </summary>
        public bool AtFloor => Evppi <= NoiseFloor + 2 * NoiseFloorSd;
    }

    public PsaTables(PsaResult psa, double wtp, IReadOnlyList<double> wtpGrid, IReadOnlyList<(string Name, int[] Members)> groups, int bins, double? populationFactor)
    {
        var a = psa.Analysis;
        Wtp = wtp;
        Bins = bins;
        var p = a.Acceptability(wtp);
        Strategies = a.Strategies.Select((s, i) => new StrategyRow(s, a.Cost(i), a.Qalys(i), a.LifeYears(i), a.NetBenefit(i, wtp), p[i], psa.BaseCase[i])).ToArray();
        Acceptability = wtpGrid.SelectMany(w =>
        {
            var share = a.Acceptability(w);
            int best = a.Optimal(w);
            double evpi = a.Evpi(w);
            return a.Strategies.Select((s, i) => new AcceptabilityRow(w, s, share[i], i == best, evpi));
        }).ToArray();
        Evpi = a.Evpi(wtp);
        PopulationEvpi = populationFactor * Evpi;
        Evppi = groups.Select(g =>
        {
            double v = a.Evppi(psa.Parameters, g.Members, wtp, bins);
            var floor = a.EvppiNoiseFloor(psa.Parameters, g.Members, wtp, bins);
            return new EvppiRow(g.Name, g.Members.Select(m => psa.ParameterNames[m]).ToArray(), wtp, v, populationFactor * v, floor.Mean, floor.Sd);
        }).ToArray();
        Optimal = a.Strategies[a.Optimal(wtp)];
        int best = a.Optimal(wtp);
        int next = PsaRunner.RunnerUp(a, best, wtp);
        if (next >= 0) Error = a.IncrementalNetBenefitError(best, next, wtp);
        RunnerUp = next >= 0 ? a.Strategies[next] : null;
    }

    public double Wtp { get; }
    public int Bins { get; }

    public IReadOnlyList<StrategyRow> Strategies { get; }
    public IReadOnlyList<AcceptabilityRow> Acceptability { get; }
    public double Evpi { get; }
    public double? PopulationEvpi { get; }
    public IReadOnlyList<EvppiRow> Evppi { get; }
    public string Optimal { get; }
    public string? RunnerUp { get; }
    /// <summary>Monte Carlo error of the expected incremental net benefit, optimal vs runner-up: outer (parameters), inner (patients), total.</summary>
    public (double Outer, double Inner, double Total)? Error { get; }
}
