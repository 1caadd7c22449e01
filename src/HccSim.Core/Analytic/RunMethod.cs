namespace HccSim.Core.Analytic;

/// <summary>
/// How a run reaches its numbers: the continuous-time microsimulation, the cycle-based microsimulation, the Markov
/// cohort trace, or the exact matrix-exponential solution of a time-homogeneous model. The model is the same in each.
/// </summary>
public enum RunMethod { Continuous, Cycle, Cohort, Exact }

public static class RunMethods
{
    /// <summary>Indexed by <see cref="RunMethod"/>: the names options, files and stamps use.</summary>
    public static readonly IReadOnlyList<string> Names = new[] { "continuous", "cycle", "cohort", "exact" };

    public static string Name(this RunMethod method) => Names[(int)method];

    /// <summary>The method a name stands for; null when it names none.</summary>
    public static RunMethod? Parse(string name)
    {
        int i = Names.ToList().IndexOf(name);
        return i < 0 ? null : (RunMethod)i;
    }

    /// <summary>Whether the method works in cycles (a cycle length and, but for exact, a within-cycle correction).</summary>
    public static bool UsesCycles(this RunMethod method) => method != RunMethod.Continuous;

    /// <summary>Whether its results are expectations (no patients, standard error 0) rather than Monte Carlo estimates.</summary>
    public static bool IsExpectation(this RunMethod method) => method is RunMethod.Cohort or RunMethod.Exact;
}
