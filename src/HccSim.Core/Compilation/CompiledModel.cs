using HccSim.Core.Distributions;
using HccSim.Core.Model;

namespace HccSim.Core.Compilation;

/// <summary>
/// A validated model as flat arrays indexed by integers, built once per parameter set. The engine reads
/// only this; names are kept for reports. Immutable after compilation.
/// </summary>
public sealed class CompiledModel
{
    internal CompiledModel(
        CohortModel source, CompiledAttribute[] attributes, CompiledStrategy[] strategies, string[] tags,
        double[] table, DistributionKernel? background, int ageAttribute)
    {
        Source = source;
        HorizonMonths = source.HorizonMonths;
        Attributes = attributes;
        Strategies = strategies;
        TagNames = tags;
        Table = table;
        Background = background ?? default;
        HasBackground = background.HasValue;
        AgeAttribute = ageAttribute;
        CostDiscountPerMonth = Discounting.PerMonth(source.Discounting.CostsPerYear);
        OutcomeDiscountPerMonth = Discounting.PerMonth(source.Discounting.OutcomesPerYear);
        MaxExits = strategies.Length == 0 ? 0 : strategies.Max(s => s.Exits.Length);
    }

    /// <summary>The model this was compiled from.</summary>
    public CohortModel Source { get; }
    public double HorizonMonths { get; }
    public IReadOnlyList<string> TagNames { get; }
    public IReadOnlyList<string> StrategyNames => Strategies.Select(s => s.Name).ToArray();
    public IReadOnlyList<string> AttributeNames => Attributes.Select(a => a.Name).ToArray();

    internal CompiledAttribute[] Attributes { get; }
    internal CompiledStrategy[] Strategies { get; }
    internal double[] Table { get; }
    internal DistributionKernel Background { get; }
    internal bool HasBackground { get; }
    internal int AgeAttribute { get; }
    internal double CostDiscountPerMonth { get; }
    internal double OutcomeDiscountPerMonth { get; }
    internal int MaxExits { get; }

    /// <summary>Whether a strategy has any cancer-free state given with no therapy (a cancer-free drug-free state).</summary>
    public bool HasCancerFreeDrugFree(int strategy) => Strategies[strategy].States.Any(s => s.IsCancerFreeDrugFree);

    /// <summary>A categorical attribute's level names (in index order); null for a continuous attribute.</summary>
    public IReadOnlyList<string>? AttributeLevels(int attribute)
        => Attributes[attribute].Kind == AttributeKind.Categorical ? Attributes[attribute].Levels : null;

    /// <summary>An attribute's value as text: a categorical level's name, or the number.</summary>
    public string AttributeValue(int attribute, double value)
        => Attributes[attribute].Kind == AttributeKind.Categorical
            ? Attributes[attribute].Levels[(int)value]
            : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The same model for the patients with one level of a categorical attribute (a subgroup): every patient drawn
    /// has that level, the other attributes keep their distributions (attributes are drawn independently).
    /// </summary>
    public CompiledModel ForLevel(string attribute, string level)
    {
        int a = Array.FindIndex(Attributes, x => x.Name == attribute);
        if (a < 0) throw new ArgumentException($"no attribute '{attribute}' (attributes: {string.Join(", ", AttributeNames)})", nameof(attribute));
        var attr = Attributes[a];
        if (attr.Kind != AttributeKind.Categorical) throw new ArgumentException($"attribute '{attribute}' is continuous (expected a categorical one)", nameof(attribute));
        int k = Array.IndexOf(attr.Levels, level);
        if (k < 0) throw new ArgumentException($"attribute '{attribute}' has no level '{level}' (levels: {string.Join(", ", attr.Levels)})", nameof(level));
        // Level k takes draws in [cum[k−1], cum[k]): all mass on k is 0 below k and 1 from k on.
        var cumulative = new double[attr.CumulativeShares.Length];
        for (int i = 0; i < cumulative.Length; i++) cumulative[i] = i < k ? 0.0 : 1.0;
        var attributes = (CompiledAttribute[])Attributes.Clone();
        attributes[a] = new CompiledAttribute
        {
            Name = attr.Name, Kind = attr.Kind, CumulativeShares = cumulative, Levels = attr.Levels,
            Mean = attr.Mean, Sd = attr.Sd, Min = attr.Min, Max = attr.Max, LowerTail = attr.LowerTail, UpperTail = attr.UpperTail,
        };
        return new CompiledModel(Source, attributes, Strategies, (string[])TagNames, Table, HasBackground ? (DistributionKernel?)Background : null, AgeAttribute);
    }

    /// <summary>The states of a strategy in the order outcomes report them (tiered: "sub-strategy/state").</summary>
    public IReadOnlyList<string> StateNames(int strategy) => Strategies[strategy].StateNames;
}

internal enum AttributeKind : byte { Categorical, Normal, Uniform, Constant }

internal sealed class CompiledAttribute
{
    public required string Name { get; init; }
    public required AttributeKind Kind { get; init; }
    /// <summary>Categorical: cumulative shares, the last forced to 1.</summary>
    public double[] CumulativeShares { get; init; } = Array.Empty<double>();
    public string[] Levels { get; init; } = Array.Empty<string>();
    public double Mean { get; init; }
    public double Sd { get; init; }
    public double Min { get; init; }
    public double Max { get; init; }
    /// <summary>Normal: Φ at the truncation bounds, so a truncated draw is one inversion.</summary>
    public double LowerTail { get; init; }
    public double UpperTail { get; init; }
}

internal struct StateRow
{
    public StateFlags Flags;
    public bool IsDead, IsProgressionFree, IsCancerFree, IsResponse, IsCancerFreeDrugFree;
    public double CostPerMonth;
    public double Utility;
    /// <summary>Cost or utility changes with time: read <see cref="CostProfile"/> and <see cref="UtilityProfile"/>.</summary>
    public bool RewardsByTime;
    /// <summary>Index into <see cref="CompiledStrategy.Profiles"/>, or −1 for the constant.</summary>
    public int CostProfile, UtilityProfile;
    /// <summary>Bit k: named clock k runs in this state.</summary>
    public ulong ClockMask;
    public int FirstExit, ExitCount;
    public bool AllExponential;
    /// <summary>Sum of the exits' rates before hazard ratios (all-exponential rows).</summary>
    public double TotalRate;
    /// <summary>Where background mortality takes a patient from this state (-1: the pathway has none).</summary>
    public int DeadState;
    /// <summary>Bit k: drug k of <see cref="CompiledStrategy.Drugs"/> is given here and may stop for toxicity.</summary>
    public ulong StoppingDrugs;
}

/// <summary>A drug priced apart: its cost a month as given (in the states' costs already) and its stopping rate.</summary>
internal struct DrugRow
{
    public double CostPerMonth;
    public double StopRate;
    public ulong StopTag;
}

internal struct ExitRow
{
    public DistributionKernel Kernel;
    public Clock Clock;
    /// <summary>With <see cref="Clock.Named"/>: the clock's index in the strategy (its bit in <see cref="StateRow.ClockMask"/>).</summary>
    public int NamedClock;
    public bool IsExponential;
    public double Rate;
    /// <summary>State index (≥ 0) or chance node as ~index (&lt; 0).</summary>
    public int Target;
    public double Cost, Toll;
    public ulong Tags;
    public int FirstHazardRatio, HazardRatioCount;
}

/// <summary>
/// A reward over time: starts at <c>Table[Offset …]</c>, values at <c>Table[Offset + Count …]</c> of
/// <see cref="CompiledStrategy.ProfileTable"/>; on the time in the state (<see cref="Clock"/> −1) or named clock k.
/// </summary>
internal struct ProfileRow
{
    public int Offset, Count;
    public int Clock;
}

/// <summary>
/// A chance node. When its probabilities depend on a categorical attribute (<see cref="ByAttribute"/> ≥ 0), its branches
/// are written once per level: level k's start at FirstBranch + k·BranchCount. It sets the attributes in
/// <see cref="CompiledStrategy.Sets"/>[FirstSet …] as a patient passes.
/// </summary>
internal struct ChanceRow
{
    public int FirstBranch, BranchCount;
    public int ByAttribute;
    public int FirstSet, SetCount;
    public double Cost, Toll;
    public ulong Tags;
}

/// <summary>Attribute <see cref="Attribute"/> takes level index <see cref="Level"/>.</summary>
internal struct AttributeSetRow
{
    public int Attribute;
    public double Level;
}

internal struct BranchRow
{
    public double CumulativeProbability;
    public int Target;
    public ulong Tags;
}

internal struct HazardRatioTerm
{
    public int Attribute;
    public bool Continuous;
    /// <summary>Continuous: ln(HR per unit).</summary>
    public double LogPerUnit, Reference;
    /// <summary>Categorical: multipliers by level index start here in <see cref="CompiledStrategy.LevelMultipliers"/>.</summary>
    public int LevelOffset;
}

internal struct RouteRow
{
    public int FirstCondition, ConditionCount;
    /// <summary>The node a routed patient starts in (state ≥ 0, chance node ~index).</summary>
    public int Start;
}

internal struct ConditionRow
{
    public int Attribute;
    public bool Continuous;
    public ulong LevelMask;
    public double Min, Max;
}

internal sealed class CompiledStrategy
{
    public CompiledStrategy()
    {
        // Read from the rows once they are set (after the initialiser), and once: tallies and the engine ask per run.
        _possibleTags = new Lazy<ulong>(TagsRecorded);
        _exponentialOnly = new Lazy<bool>(TakesOnlyExponentialPaths);
    }

    private ulong TagsRecorded()
    {
        ulong tags = 0;
        foreach (var e in Exits) tags |= e.Tags;
        foreach (var c in Chance) tags |= c.Tags;
        foreach (var b in Branches) tags |= b.Tags;
        foreach (var d in Drugs) tags |= d.StopTag;
        return tags;
    }

    private bool TakesOnlyExponentialPaths()
    {
        if (HasHazardRatios || ChangesAttributes || HasStoppingDrugs) return false;
        foreach (var row in States)
            if ((!row.AllExponential && row.ExitCount > 0) || row.ClockMask != 0 || row.RewardsByTime || row.StoppingDrugs != 0) return false;
        return true;
    }

    private readonly Lazy<ulong> _possibleTags;
    private readonly Lazy<bool> _exponentialOnly;

    /// <summary>Every tag an exit, chance node, branch or stopping drug can record (bit k: tag k): the tags a tally keeps bins for.</summary>
    public ulong PossibleTags => _possibleTags.Value;

    /// <summary>
    /// Every exit exponential, and no named clock, hazard ratio, level change, reward over time or stopping drug: the
    /// engine's exponential-only stay loop serves it (in a model without background mortality).
    /// </summary>
    public bool ExponentialOnly => _exponentialOnly.Value;

    public required string Name { get; init; }
    public required string Label { get; init; }
    public required string[] StateNames { get; init; }
    public required StateRow[] States { get; init; }
    public required ExitRow[] Exits { get; init; }
    /// <summary>Each exit's distribution as written (the cycle engines use per-cycle probabilities as given).</summary>
    public required TimeToEvent[] ExitTimes { get; init; }
    public required ChanceRow[] Chance { get; init; }
    public required BranchRow[] Branches { get; init; }
    public required AttributeSetRow[] Sets { get; init; }
    public required DrugRow[] Drugs
    {
        get => _drugs;
        init { _drugs = value; HasStoppingDrugs = value.Any(d => d.StopRate > 0); }
    }
    private readonly DrugRow[] _drugs = Array.Empty<DrugRow>();
    /// <summary>Some drug stops for toxicity: only the continuous engine follows time on treatment (read per patient, so stored).</summary>
    public bool HasStoppingDrugs { get; private init; }
    /// <summary>Some chance node sets an attribute: the engine keeps the patient's levels per strategy.</summary>
    public bool ChangesAttributes => Sets.Length > 0;
    public required HazardRatioTerm[] HazardRatios { get; init; }
    public required double[] LevelMultipliers { get; init; }
    public required ProfileRow[] Profiles { get; init; }
    public required double[] ProfileTable { get; init; }
    /// <summary>The named clocks, by index (tiered: "sub-strategy/clock").</summary>
    public required string[] ClockNames { get; init; }
    public required RouteRow[] Routes { get; init; }
    public required ConditionRow[] Conditions { get; init; }
    public bool HasHazardRatios => HazardRatios.Length > 0;
    /// <summary>The start node when every patient starts in the same place (no routing to evaluate).</summary>
    public required int? FixedStart { get; init; }
}
