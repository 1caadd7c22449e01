namespace HccSim.Scenarios.Units;

/// <summary>Units of time a scenario may write; everything is converted to months inside.</summary>
public enum TimeUnit { Days, Weeks, Months, Years }
