namespace HccSim.Scenarios.Reading;

/// <summary>
/// How large a scenario may be, each limit many times what a real model needs (the HCC library's largest strategy has
/// under 40 states) and small enough that a file at every limit validates in seconds: a scenario past one is a
/// generated file gone wrong, refused at validation where it crosses, before its size costs time or memory.
/// Documented in docs/scenario-format.md ("Limits").
/// </summary>
internal static class Limits
{
    /// <summary>Strategies in one scenario file.</summary>
    public const int Strategies = 500;

    /// <summary>States of one strategy, inherited ones included.</summary>
    public const int States = 2_000;

    /// <summary>Chance nodes of one strategy, inherited ones included.</summary>
    public const int ChanceNodes = 2_000;

    /// <summary>Transitions of one strategy (a from-list counts once per state), inherited ones included.</summary>
    public const int Transitions = 20_000;

    /// <summary>Links in a chain of <c>extends</c>: a strategy, its parent, its parent's parent…</summary>
    public const int ExtendsDepth = 32;

    /// <summary>Rows of a life table (a CSV file or an inline map): by single year of age ~120, by month under 1,500.</summary>
    public const int LifeTableRows = 2_000;

    /// <summary>Rows of a posterior sample (uncertainty.posterior): a resample by weight; more only repeats rows.</summary>
    public const int PosteriorRows = 1_000_000;
}
