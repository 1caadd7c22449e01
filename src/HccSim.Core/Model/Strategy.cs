namespace HccSim.Core.Model;

/// <summary>A treatment strategy the cohort is simulated under.</summary>
public abstract record Strategy(string Name)
{
    public string Label { get; init; } = Name;
}

/// <summary>A treatment pathway: states, the transitions between them and chance nodes, from a start.</summary>
public sealed record PathwayStrategy(
    string Name,
    string Start,
    IReadOnlyList<State> States,
    IReadOnlyList<Transition> Transitions) : Strategy(Name)
{
    public IReadOnlyList<ChanceNode> ChanceNodes { get; init; } = Array.Empty<ChanceNode>();
    /// <summary>Clocks that carry time across states, which transitions and rewards may read by name.</summary>
    public IReadOnlyList<NamedClock> Clocks { get; init; } = Array.Empty<NamedClock>();
    /// <summary>Drugs priced apart from the states that give them (dose intensity, stopping for toxicity).</summary>
    public IReadOnlyList<Drug> Drugs { get; init; } = Array.Empty<Drug>();
}

/// <summary>
/// Routes each patient, by attributes, to one of the model's pathway strategies (e.g. within up-to-seven →
/// curative treatment; beyond → conversion). Rules are tried in order; the first that matches wins.
/// </summary>
public sealed record TieredStrategy(string Name, IReadOnlyList<RoutingRule> Rules) : Strategy(Name);

/// <summary>Patients meeting every condition in <see cref="When"/> (none = everyone) follow <see cref="Strategy"/>.</summary>
public sealed record RoutingRule(IReadOnlyList<AttributeCondition> When, string Strategy);

/// <summary>A condition on one attribute.</summary>
public abstract record AttributeCondition(string Attribute);

/// <summary>The categorical attribute takes one of <see cref="Levels"/>.</summary>
public sealed record LevelCondition(string Attribute, IReadOnlyList<string> Levels) : AttributeCondition(Attribute);

/// <summary>The continuous attribute lies in [<see cref="Min"/>, <see cref="Max"/>).</summary>
public sealed record RangeCondition(string Attribute, double Min, double Max) : AttributeCondition(Attribute);
