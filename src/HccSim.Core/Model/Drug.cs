namespace HccSim.Core.Model;

/// <summary>
/// A drug given in the states that name it in <c>on</c>: its price per month at full dose, the dose actually given
/// (relative dose intensity: reductions and interruptions), and stopping for toxicity. Stopping changes what is paid,
/// not what happens: the pathway's curves are the trials' intention-to-treat curves, which include the patients who
/// stopped. A patient stops after an exponential time from their first day on the drug (<see cref="StopRatePerMonth"/>;
/// 0: never) and does not restart it under this strategy.
/// </summary>
public sealed record Drug(string Name, double CostPerMonth)
{
    public double DoseIntensity { get; init; } = 1;
    public double StopRatePerMonth { get; init; }
    /// <summary>A tag counted when a patient stops while on the drug (null: none).</summary>
    public string? StopTag { get; init; }

    /// <summary>What a month on the drug costs: the price at the dose given.</summary>
    public double CostPerMonthGiven => CostPerMonth * DoseIntensity;
}
