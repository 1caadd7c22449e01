using System.Diagnostics;
using System.Text.RegularExpressions;

namespace HccSim.Scenarios.Tests;

/// <summary>
/// The malformed-scenario corpus (Malformed/: one file a case, shared inputs in Malformed/_shared), as both the reader's
/// tests and the command line's read it (this file is linked into HccSim.Cli.Tests): a temporary copy with the named
/// pipe the FIFO cases refer to (git cannot hold one), the cases, and the errors each says it gives.
/// </summary>
internal sealed partial class MalformedCorpus : IDisposable
{
    public MalformedCorpus(string source, string copy)
    {
        Copy = copy;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        if (OperatingSystem.IsLinux()) MakeFifo(Path.Combine(copy, "_shared", "pipe"));
    }

    /// <summary>The folder holding the copy.</summary>
    public string Copy { get; }

    public void Dispose()
    {
        try { Directory.Delete(Copy, recursive: true); } catch (IOException) { }
    }

    public static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", path) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>Every case of the corpus under <paramref name="source"/>, as its path under Malformed/.</summary>
    public static IEnumerable<string> CaseFiles(string source)
        => Directory.EnumerateFiles(source, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(source, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("_shared/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    [GeneratedRegex(@"^# expect: (?:(?<file>[^:]+):)?(?<line>\d+):(?<column>\d+): (?<message>.+)$", RegexOptions.Multiline)]
    private static partial Regex Expect();

    /// <summary>The errors a case file says it gives (its <c># expect: [file:]LINE:COLUMN: message</c> lines), as the loader prints them.</summary>
    public static string[] Expected(string caseFile)
        => Expect().Matches(File.ReadAllText(caseFile).Replace("\r\n", "\n")).Select(m =>
        {
            string file = m.Groups["file"].Success ? Path.Combine(Path.GetDirectoryName(caseFile)!, m.Groups["file"].Value) : caseFile;
            return $"{file}:{m.Groups["line"].Value}:{m.Groups["column"].Value}: {m.Groups["message"].Value}";
        }).ToArray();
}
