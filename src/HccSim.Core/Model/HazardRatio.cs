namespace HccSim.Core.Model;

/// <summary>A proportional-hazards multiplier that depends on one patient attribute.</summary>
public abstract record HazardRatio(string Attribute);

/// <summary>Hazard multiplied by <c>ByLevel[level]</c>; levels not listed keep 1.</summary>
public sealed record CategoricalHazardRatio(string Attribute, IReadOnlyDictionary<string, double> ByLevel)
    : HazardRatio(Attribute);

/// <summary>Hazard multiplied by <c>PerUnit^(x − Reference)</c> (log-linear in the attribute).</summary>
public sealed record ContinuousHazardRatio(string Attribute, double PerUnit, double Reference)
    : HazardRatio(Attribute);
