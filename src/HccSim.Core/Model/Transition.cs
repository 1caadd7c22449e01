using HccSim.Core.Distributions;

namespace HccSim.Core.Model;

/// <summary>
/// A move from one state to a state or chance node after a time drawn from <see cref="Time"/> on
/// <see cref="Clock"/>. Competing transitions out of a state race: the earliest sampled time wins.
/// </summary>
public sealed record Transition(string From, string To, TimeToEvent Time)
{
    public Clock Clock { get; init; } = Clock.TimeInState;
    /// <summary>The pathway's named clock the time is on, with <see cref="Clock.Named"/> (null otherwise).</summary>
    public string? ClockName { get; init; }
    public IReadOnlyList<HazardRatio> HazardRatios { get; init; } = Array.Empty<HazardRatio>();
    /// <summary>One-off cost when the transition happens.</summary>
    public double Cost { get; init; }
    /// <summary>One-off QALY loss when the transition happens (e.g. a procedure's disutility).</summary>
    public double UtilityToll { get; init; }
    /// <summary>Names that outcomes count: proportion of patients with the event and time to the first.</summary>
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();

    public override string ToString() => $"{From} → {To}";
}
