namespace HccSim.Analysis.Calibration;

/// <summary>One parameter's posterior: weighted mean, sd and 2.5%, 50% and 97.5% quantiles of the importance sample.</summary>
public sealed record PosteriorMarginal(double Mean, double Sd, double Lower, double Median, double Upper);
