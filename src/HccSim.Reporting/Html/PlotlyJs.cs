using System.Text.RegularExpressions;
using Plotly.NET;

namespace HccSim.Reporting.Html;

/// <summary>
/// plotly.js as the Plotly.NET assembly carries it (an embedded resource, Plotly.NET.plotly-VERSION.min.js), inlined once
/// into every report so that it opens offline; nothing is fetched when a report is viewed.
/// </summary>
internal static partial class PlotlyJs
{
    private static readonly Lazy<(string Version, string Script)> Asset = new(Load);

    /// <summary>The version of the inlined plotly.js, from its resource name (2.28.0 with Plotly.NET 6.0.0).</summary>
    public static string Version => Asset.Value.Version;

    /// <summary>plotly.min.js; it never contains "&lt;/script" (checked), so it can stand inside a script element as it is.</summary>
    public static string Script => Asset.Value.Script;

    [GeneratedRegex(@"^Plotly\.NET\.plotly-(?<version>\d+\.\d+\.\d+)\.min\.js$")]
    private static partial Regex ResourceName();

    private static (string, string) Load()
    {
        var assembly = typeof(GenericChart).Assembly;
        var matches = assembly.GetManifestResourceNames().Select(n => ResourceName().Match(n)).Where(m => m.Success).ToList();
        if (matches.Count != 1)
            throw new InvalidOperationException($"expected one plotly.js resource (Plotly.NET.plotly-VERSION.min.js) in {assembly.GetName().Name} {assembly.GetName().Version}, found {matches.Count}");
        using var stream = assembly.GetManifestResourceStream(matches[0].Value)!;
        using var reader = new StreamReader(stream);
        string script = reader.ReadToEnd();
        if (script.Contains("</script", StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException($"{matches[0].Value} contains </script and cannot be inlined");
        return (matches[0].Groups["version"].Value, script);
    }
}
