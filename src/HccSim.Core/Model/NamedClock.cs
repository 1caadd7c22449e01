namespace HccSim.Core.Model;

/// <summary>
/// A clock that carries time across states: it starts when a patient enters one of <see cref="States"/> from a state
/// outside them (or starts in one) and keeps running on moves between them — "time since onset" over Sick and Sicker,
/// "time since conversion" over resection, recurrence-free and recurred. Outside its states it does not run.
/// </summary>
public sealed record NamedClock(string Name, IReadOnlyList<string> States);
