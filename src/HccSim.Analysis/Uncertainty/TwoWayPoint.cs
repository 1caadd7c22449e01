namespace HccSim.Analysis.Uncertainty;

/// <summary>One point of a two-way analysis.</summary>
public sealed record TwoWayPoint(double X, double Y, double Outcome);
