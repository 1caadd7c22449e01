using HccSim.Core.Engine;
using HccSim.Core.Outcomes;
using HccSim.Core.Parallel;
using HccSim.Scenarios;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Parameters;

namespace HccSim.Analysis.Sweeps;

/// <summary>One strategy's outcomes at one design point.</summary>
public sealed record SweepRow(int Point, string Strategy, IReadOnlyList<double> Values);
