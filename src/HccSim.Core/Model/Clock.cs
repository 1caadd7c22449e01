namespace HccSim.Core.Model;

/// <summary>The time scale a transition's distribution is written on.</summary>
public enum Clock
{
    /// <summary>Months since the patient entered the current state (semi-Markov, clock reset).</summary>
    TimeInState,
    /// <summary>Months since the start of the simulation (clock forward): sampled given the time already elapsed.</summary>
    TimeSinceStart,
    /// <summary>The patient's age, in months (clock forward, from the age attribute at start).</summary>
    Age,
}
