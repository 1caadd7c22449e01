using HccSim.Core.Compilation;
using HccSim.Core.Outcomes;

namespace HccSim.Analysis.Uncertainty;

/// <summary>
/// The number a deterministic sensitivity analysis reads from each run: the incremental net benefit of the best base-case
/// strategy over its runner-up (<c>inmb</c>), one strategy's net monetary benefit (<c>nmb:STRATEGY</c>) or any named
/// outcome of one strategy (<c>STRATEGY:OUTCOME</c>).
/// </summary>
public sealed record SensitivityOutcome(string Name, Func<SimulationResult, double> Read)
{
    /// <param name="compared">The strategies that take part in comparisons (inmb picks its pair among them).</param>
    /// <param name="baseRun">Runs the base case; called only for inmb, whose pair is fixed there.</param>
    /// <exception cref="ArgumentException">The specification names nothing this model has, with what it expected.</exception>
    public static SensitivityOutcome Parse(string spec, CompiledModel model, IReadOnlyList<string> compared, double? willingnessToPay, Func<SimulationResult> baseRun)
    {
        if (spec == "inmb" || spec.StartsWith("nmb:", StringComparison.Ordinal))
        {
            if (willingnessToPay is not { } lambda) throw new ArgumentException("net benefit needs a willingness to pay: --wtp, or economics.willingness_to_pay in the scenario");
            double Nmb(SimulationResult r, string s) => lambda * r[s].DiscountedQalys.Mean - r[s].DiscountedCosts.Mean;
            if (spec == "inmb")
            {
                if (compared.Count < 2) throw new ArgumentException($"inmb needs two strategies to compare (the scenario has {compared.Count}); use --outcome nmb:STRATEGY or STRATEGY:OUTCOME");
                // The comparison is fixed at the base case: the best strategy and its runner-up there.
                var at = baseRun();
                var ranked = compared.OrderByDescending(s => Nmb(at, s)).ToArray();
                string best = ranked[0], next = ranked[1];
                return new SensitivityOutcome($"incremental net benefit, {best} vs {next}", r => Nmb(r, best) - Nmb(r, next));
            }
            string one = spec[4..];
            if (!model.StrategyNames.Contains(one)) throw new ArgumentException($"--outcome {spec}: '{one}' is not a strategy of the scenario (strategies: {string.Join(", ", model.StrategyNames)})");
            return new SensitivityOutcome($"net monetary benefit of {one}", r => Nmb(r, one));
        }
        int colon = spec.IndexOf(':');
        string strategy = colon > 0 ? spec[..colon] : "";
        int index = model.StrategyNames.ToList().IndexOf(strategy);
        if (index < 0) throw new ArgumentException($"--outcome {spec} must be inmb, nmb:STRATEGY or STRATEGY:OUTCOME (strategies: {string.Join(", ", model.StrategyNames)})");
        var named = NamedOutcome.Parse(spec[(colon + 1)..], model, index, TimeGrid.Default, out var error)
            ?? throw new ArgumentException($"--outcome {spec}: {error}");
        if (named.IsComparative) throw new ArgumentException($"--outcome {spec}: a hazard ratio is not available here (expected an outcome of one strategy)");
        return new SensitivityOutcome($"{named.Name} of {strategy}", r => named.Evaluate(r[strategy]).Value);
    }
}
