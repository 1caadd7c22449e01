namespace HccSim.Core.Outcomes;

/// <summary>
/// Each patient's endpoint times under each strategy, in months, as flat arrays (patient index = patient − first):
/// death, progression (or death), and the first time of each tag; +∞ where the event did not happen by the horizon
/// (the patient is then censored there); on request, whether the patient is cancer-free and drug-free at a landmark.
/// Trial simulations draw their patients from it.
/// </summary>
public sealed class EndpointTable
{
    internal EndpointTable(int strategies, int tags, int patients, int attributes, long firstPatient, double horizon, double? cfdfLandmark = null)
    {
        CfdfLandmarkMonths = cfdfLandmark;
        CfdfAtLandmark = Enumerable.Range(0, strategies).Select(_ => cfdfLandmark is null ? Array.Empty<bool>() : new bool[patients]).ToArray();
        Patients = patients;
        FirstPatient = firstPatient;
        HorizonMonths = horizon;
        AttributeCount = attributes;
        Death = Enumerable.Range(0, strategies).Select(_ => new double[patients]).ToArray();
        Progression = Enumerable.Range(0, strategies).Select(_ => new double[patients]).ToArray();
        Tag = Enumerable.Range(0, strategies).Select(_ => Enumerable.Range(0, tags).Select(_ => new double[patients]).ToArray()).ToArray();
        Attributes = new double[patients * attributes];
    }

    public int Patients { get; }
    public long FirstPatient { get; }
    public double HorizonMonths { get; }
    public int AttributeCount { get; }
    /// <summary>[strategy][patient]</summary>
    public double[][] Death { get; }
    /// <summary>[strategy][patient]: the PFS event time.</summary>
    public double[][] Progression { get; }
    /// <summary>[strategy][tag][patient]</summary>
    public double[][][] Tag { get; }
    /// <summary>The month at which <see cref="CfdfAtLandmark"/> is recorded, if it is.</summary>
    public double? CfdfLandmarkMonths { get; }
    /// <summary>[strategy][patient]: in a cancer-free drug-free state at the landmark (empty without one).</summary>
    public bool[][] CfdfAtLandmark { get; }
    /// <summary>[patient × attribute]: continuous values, or a categorical level's index.</summary>
    public double[] Attributes { get; }
}
