namespace HccSim.Analysis.Trials;

/// <summary>A trial analysis: the replicates of the design analysed, and the power at every sample size a search tried.</summary>
public sealed record TrialAnalysisResult(TrialResult Result, IReadOnlyDictionary<int, double> PowerCurve);
