namespace HccSim.Core.Model;

/// <summary>Clinical meaning of a state, which outcomes read.</summary>
[Flags]
public enum StateFlags
{
    None = 0,
    /// <summary>Absorbing death: entering it is the overall-survival event.</summary>
    Dead = 1,
    /// <summary>Leaving the progression-free states for the first time is the PFS event.</summary>
    ProgressionFree = 2,
    /// <summary>No viable tumour; with no therapy given, the state counts as cancer-free drug-free.</summary>
    CancerFree = 4,
    /// <summary>Objective response (complete or partial).</summary>
    Response = 8,
}

/// <summary>
/// A health state of a pathway: its flags, the therapies given in it (none = drug-free), its cost per
/// month and its utility (QALY weight per year lived in it) — constant, or changing with time in the state (or on a
/// named clock) through <see cref="CostByTime"/> and <see cref="UtilityByTime"/>, which take the constant's place.
/// </summary>
public sealed record State(
    string Name,
    StateFlags Flags = StateFlags.None,
    IReadOnlyList<string>? Therapies = null,
    double CostPerMonth = 0,
    double Utility = 0)
{
    public IReadOnlyList<string> Therapies { get; init; } = Therapies ?? Array.Empty<string>();

    /// <summary>The cost per month over time, in place of <see cref="CostPerMonth"/> (which is then 0).</summary>
    public TimeProfile? CostByTime { get; init; }

    /// <summary>The utility over time, in place of <see cref="Utility"/> (which is then 0).</summary>
    public TimeProfile? UtilityByTime { get; init; }

    /// <summary>True when the cost or the utility changes with time.</summary>
    public bool HasRewardsByTime => CostByTime is not null || UtilityByTime is not null;

    public bool IsDead => (Flags & StateFlags.Dead) != 0;

    /// <summary>Cancer-free and on no therapy: the CFDF outcome of the seed documents.</summary>
    public bool IsCancerFreeDrugFree => (Flags & StateFlags.CancerFree) != 0 && Therapies.Count == 0;
}
