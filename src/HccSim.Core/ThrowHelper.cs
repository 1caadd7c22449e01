using System.Diagnostics.CodeAnalysis;

namespace HccSim.Core;

/// <summary>Throws kept out of line so the hot methods that call them stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static T Unreachable<T>(string why) => throw new InvalidOperationException("HccSim internal error: " + why);

    [DoesNotReturn]
    public static void RunawayPatient(string strategy, long patient, int events)
        => throw new InvalidOperationException(
            $"strategy '{strategy}': patient {patient} made {events} transitions without reaching the horizon; " +
            "the model has a loop of near-instant transitions (check delays and rates in the loop)");
}
