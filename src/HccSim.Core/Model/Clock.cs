namespace HccSim.Core.Model;

/// <summary>The time scale a transition's distribution (or a state's reward over time) is written on.</summary>
public enum Clock
{
    /// <summary>Months since the patient entered the current state (semi-Markov, clock reset).</summary>
    TimeInState,
    /// <summary>Months since the start of the simulation (clock forward): sampled given the time already elapsed.</summary>
    TimeSinceStart,
    /// <summary>The patient's age, in months (clock forward, from the age attribute at start).</summary>
    Age,
    /// <summary>
    /// One of the pathway's own <see cref="NamedClock"/>s, named by the transition's <c>ClockName</c>: months since the
    /// patient entered that clock's states from outside them (clock forward: sampled given the time already on it).
    /// </summary>
    Named,
}
