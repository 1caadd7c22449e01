namespace HccSim.Core.Outcomes;

/// <summary>
/// One stay of one patient in one state under one strategy: the per-patient table trial simulations and
/// external analyses (R, SAS) read. <see cref="Exit"/> is the horizon when <see cref="Censored"/>.
/// </summary>
public readonly record struct Sojourn(long Patient, int Strategy, int State, double Entry, double Exit, bool Censored);

/// <summary>Patients' attributes and their sojourns, ordered by patient, strategy and time.</summary>
public sealed class TrajectoryTable
{
    internal TrajectoryTable(IReadOnlyList<string> attributeNames, long firstPatient, int patients, double[] attributes, Sojourn[] sojourns)
    {
        AttributeNames = attributeNames;
        FirstPatient = firstPatient;
        PatientCount = patients;
        _attributes = attributes;
        Sojourns = sojourns;
    }

    private readonly double[] _attributes;

    public IReadOnlyList<string> AttributeNames { get; }
    public long FirstPatient { get; }
    public int PatientCount { get; }
    public IReadOnlyList<Sojourn> Sojourns { get; }

    /// <summary>A patient's attribute values: continuous as drawn, categorical as the level's index.</summary>
    public ReadOnlySpan<double> Attributes(long patient)
        => _attributes.AsSpan((int)(patient - FirstPatient) * AttributeNames.Count, AttributeNames.Count);
}
