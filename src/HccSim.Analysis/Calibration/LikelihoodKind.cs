namespace HccSim.Analysis.Calibration;

/// <summary>How a target's published interval becomes a likelihood.</summary>
public enum LikelihoodKind
{
    /// <summary>ln(published) ~ Normal(ln(simulated), σ), σ = (ln U − ln L)/(2·1.96): medians, durations, hazard ratios.</summary>
    LogNormal,
    /// <summary>published ~ Normal(simulated, σ), σ = (U − L)/(2·1.96): proportions and everything else.</summary>
    Normal,
}
