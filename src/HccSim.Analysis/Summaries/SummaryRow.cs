using HccSim.Analysis.Economics;
using HccSim.Analysis.Targets;
using HccSim.Core.Analytic;
using HccSim.Core.Outcomes;
using HccSim.Scenarios;

namespace HccSim.Analysis.Summaries;

/// <summary>One outcome of one strategy.</summary>
public sealed record SummaryRow(string Strategy, string Outcome, double Value, double Lower, double Upper, double StandardError, string Unit);
