using System.Text;
using System.Text.Unicode;
using System.Text.RegularExpressions;
using Plotly.NET;

namespace HccSim.Reporting.Html;

/// <summary>
/// plotly.js as the Plotly.NET assembly carries it (an embedded resource, Plotly.NET.plotly-VERSION.min.js), inlined once
/// into every report so that it opens offline; nothing is fetched when a report is viewed.
/// </summary>
internal static partial class PlotlyJs
{
    private static readonly Lazy<(string Version, byte[] Script)> Asset = new(Load);

    /// <summary>The version of the inlined plotly.js, from its resource name (2.28.0 with Plotly.NET 6.0.0).</summary>
    public static string Version => Asset.Value.Version;

    /// <summary>
    /// plotly.min.js as UTF-8 bytes (the resource's own, without a byte-order mark), copied into the page as they are; it
    /// never contains "&lt;/script" (checked), so it can stand inside a script element.
    /// </summary>
    public static ReadOnlySpan<byte> Script => Asset.Value.Script;

    [GeneratedRegex(@"^Plotly\.NET\.plotly-(?<version>\d+\.\d+\.\d+)\.min\.js$")]
    private static partial Regex ResourceName();

    private static (string, byte[]) Load()
    {
        var assembly = typeof(GenericChart).Assembly;
        var matches = assembly.GetManifestResourceNames().Select(n => ResourceName().Match(n)).Where(m => m.Success).ToList();
        if (matches.Count != 1)
            throw new InvalidOperationException($"expected one plotly.js resource (Plotly.NET.plotly-VERSION.min.js) in {assembly.GetName().Name} {assembly.GetName().Version}, found {matches.Count}");
        using var stream = assembly.GetManifestResourceStream(matches[0].Value)!;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        var script = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
        // Valid UTF-8, as the page declares (a decoder would have replaced a bad byte; copied bytes must not carry one).
        if (!Utf8.IsValid(script)) throw new InvalidOperationException($"{matches[0].Value} is not UTF-8 and cannot be inlined as it is");
        if (ContainsScriptEnd(script)) throw new InvalidOperationException($"{matches[0].Value} contains </script and cannot be inlined");
        return (matches[0].Groups["version"].Value, script);
    }

    /// <summary>Whether "&lt;/script" stands anywhere in the text, in any case (it would end the element early).</summary>
    internal static bool ContainsScriptEnd(ReadOnlySpan<byte> text)
    {
        var end = "</script"u8;
        for (int at = text.IndexOf((byte)'<'); at >= 0 && at + end.Length <= text.Length; )
        {
            if (Ascii.EqualsIgnoreCase(text.Slice(at, end.Length), end)) return true;
            int next = text[(at + 1)..].IndexOf((byte)'<');
            at = next < 0 ? -1 : at + 1 + next;
        }
        return false;
    }
}
