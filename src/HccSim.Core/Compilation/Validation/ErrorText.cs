using System.Globalization;

namespace HccSim.Core.Compilation.Validation;

/// <summary>How error messages write numbers: round-trippable, whatever the culture.</summary>
internal static class ErrorText
{
    public static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
