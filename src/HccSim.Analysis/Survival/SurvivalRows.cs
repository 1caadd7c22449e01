namespace HccSim.Analysis.Survival;

// The rows of a survival analysis's tidy tables, one record per table (each is a line of km.csv, medians.csv, …).

/// <summary>A Kaplan–Meier curve at one distinct observed time of one group (event or censoring), as R's survfit holds it.</summary>
public sealed record KaplanMeierRow(string Group, double Time, int AtRisk, int Events, int Censored, double Survival,
    double StandardError, double Lower, double Upper);

/// <summary>A group's size, events and median with its interval (NaN: not reached), as R's print(survfit) gives them.</summary>
public sealed record MedianRow(string Group, int Subjects, int Events, double Median, double Lower, double Upper);

/// <summary>The log-rank test of the two groups (stratified when there are strata), as R's survdiff gives it.</summary>
public sealed record LogRankRow(double ChiSquare, int DegreesOfFreedom, double PValue, bool Stratified);

/// <summary>
/// The Cox model's one term (the compared group against the reference), as R's summary(coxph) gives it, with the ties
/// method and the log partial likelihood at β = 0 and at the estimate (R's fit$loglik).
/// </summary>
public sealed record CoxRow(string Term, double Coefficient, double HazardRatio, double StandardError, double Z, double PValue,
    double HazardRatioLower, double HazardRatioUpper, CoxTies Ties, double NullLogLikelihood, double LogLikelihood);

/// <summary>One parametric fit of one group, its parameters written as a scenario would.</summary>
public sealed record FitRow(string Group, string Family, string Parameters, double LogLikelihood, double Aic, double Bic);
