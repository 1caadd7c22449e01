namespace HccSim.Core.Model;

/// <summary>
/// Background (other-cause) mortality by age: from <c>AgesYears[i]</c> until the next age the hazard is
/// <c>AnnualHazards[i]</c> per year; the last holds for ever. It competes with every transition of every
/// state and leads to the strategy's dead state.
/// </summary>
public sealed record LifeTable(IReadOnlyList<double> AgesYears, IReadOnlyList<double> AnnualHazards)
{
    /// <summary>From annual death probabilities q (as national life tables give them): hazard −ln(1 − q).</summary>
    public static LifeTable FromAnnualProbabilities(IReadOnlyList<double> agesYears, IReadOnlyList<double> q)
        => new(agesYears, q.Select(p => p >= 1 ? double.PositiveInfinity : -Math.Log(1 - p)).ToArray());
}
