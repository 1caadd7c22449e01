namespace HccSim.Core.Model;

/// <summary>
/// Everything that is simulated: the horizon (months), the patient attributes, the strategies compared on
/// the same patients, background mortality (with the attribute that holds age in years) and discounting.
/// Build it, then <see cref="Compilation.ModelCompiler.Compile"/> validates it and makes the engine's tables.
/// </summary>
public sealed record CohortModel(double HorizonMonths, IReadOnlyList<Strategy> Strategies)
{
    public IReadOnlyList<PatientAttribute> Attributes { get; init; } = Array.Empty<PatientAttribute>();
    public LifeTable? BackgroundMortality { get; init; }
    /// <summary>The continuous attribute holding age in years at start; needed by the age clock and life table.</summary>
    public string? AgeAttribute { get; init; }
    public Discounting Discounting { get; init; } = Discounting.None;
}
