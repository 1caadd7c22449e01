namespace HccSim.Core.Model;

/// <summary>A characteristic drawn once per patient and shared by every strategy.</summary>
public abstract record PatientAttribute(string Name);

/// <summary>One of several levels with the given shares (which sum to 1).</summary>
public sealed record CategoricalAttribute(string Name, IReadOnlyList<AttributeLevel> Levels) : PatientAttribute(Name);

public sealed record AttributeLevel(string Name, double Share);

/// <summary>A number drawn from <see cref="Distribution"/>, truncated to [Min, Max].</summary>
public sealed record ContinuousAttribute(string Name, AttributeDistribution Distribution, double Min, double Max)
    : PatientAttribute(Name);

/// <summary>How a continuous attribute is distributed in the cohort.</summary>
public abstract record AttributeDistribution;

public sealed record NormalAttribute(double Mean, double Sd) : AttributeDistribution;

public sealed record UniformAttribute : AttributeDistribution
{
    public static readonly UniformAttribute Instance = new();
}

public sealed record ConstantAttribute(double Value) : AttributeDistribution;
