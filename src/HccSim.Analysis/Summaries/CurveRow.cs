using HccSim.Analysis.Economics;
using HccSim.Analysis.Targets;
using HccSim.Core.Analytic;
using HccSim.Core.Outcomes;
using HccSim.Scenarios;

namespace HccSim.Analysis.Summaries;

/// <summary>One point of one curve of one strategy.</summary>
public sealed record CurveRow(string Strategy, string Curve, double Time, double Value, double Lower, double Upper);
