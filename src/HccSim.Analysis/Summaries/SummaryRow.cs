namespace HccSim.Analysis.Summaries;

/// <summary>One outcome of one strategy.</summary>
public sealed record SummaryRow(string Strategy, string Outcome, double Value, double Lower, double Upper, double StandardError, string Unit);
