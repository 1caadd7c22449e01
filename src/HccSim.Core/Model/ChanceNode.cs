namespace HccSim.Core.Model;

/// <summary>
/// A split that happens the moment a patient enters it (e.g. after resection: pathological complete
/// response → cancer-free). It takes no time; its branches lead to states or other chance nodes.
/// </summary>
public sealed record ChanceNode(string Name, IReadOnlyList<ChanceBranch> Branches)
{
    public double Cost { get; init; }
    public double UtilityToll { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();
    /// <summary>
    /// Attributes that take a new level when a patient passes through (e.g. ALBI grade 1 → 2 after a TACE session). The
    /// change lasts for the rest of the patient's path in this strategy; other strategies start from the drawn level.
    /// </summary>
    public IReadOnlyList<AttributeSetting> Sets { get; init; } = Array.Empty<AttributeSetting>();

    /// <summary>The categorical attribute whose level the branch probabilities depend on (null: the same for everyone).</summary>
    public string? By => Branches.FirstOrDefault(b => b.ByLevel is not null)?.ByLevel!.Attribute;
}

/// <summary>
/// One outcome of a chance node, with its probability and the tags it counts. With <see cref="ByLevel"/>, the
/// probability depends on the patient's level of a categorical attribute at that moment; <see cref="Probability"/> is
/// then unused.
/// </summary>
public sealed record ChanceBranch(string To, double Probability)
{
    public IReadOnlyList<string> Tags { get; init; } = Array.Empty<string>();
    public LevelProbabilities? ByLevel { get; init; }
    /// <summary>Written 'rest': its probability is what the others leave (at each level, when theirs are by level).</summary>
    public bool IsRest { get; init; }

    /// <summary>The probability for a patient at <paramref name="level"/> of <see cref="ChanceNode.By"/>.</summary>
    public double ProbabilityAt(string level) => ByLevel is null ? Probability : ByLevel.Values.GetValueOrDefault(level, double.NaN);
}

/// <summary>A probability for each level of a categorical attribute.</summary>
public sealed record LevelProbabilities(string Attribute, IReadOnlyDictionary<string, double> Values);

/// <summary>On passing a chance node, <see cref="Attribute"/> takes <see cref="Level"/>.</summary>
public sealed record AttributeSetting(string Attribute, string Level);
