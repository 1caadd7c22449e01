namespace HccSim.Analysis.Summaries;

/// <summary>One point of one curve of one strategy.</summary>
public sealed record CurveRow(string Strategy, string Curve, double Time, double Value, double Lower, double Upper);
