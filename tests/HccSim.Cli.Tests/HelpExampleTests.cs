using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace HccSim.Cli.Tests;

/// <summary>
/// Every example in every command's --help runs as written, from a folder holding a copy of the repository's scenarios/
/// and data/ (so default outputs, and calibrate's file beside its input, land there, not in the repository): each example
/// is run by the built hccsim in a child process and must exit 0. Only sizes are lowered, so that the whole set runs in
/// a minute — --patients, --trajectories, --draws, --replicates, --points and --max-evaluations are capped, and added at that size where
/// an example leaves the (large) default — and --submit is dropped (it needs a cluster: SlurmTests submits for real).
/// The merge example's shards are first written the way the Slurm example's array would write them.
/// </summary>
public sealed partial class HelpExampleTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hccsim-help-examples", Guid.NewGuid().ToString("N"));

    public HelpExampleTests()
    {
        foreach (var dir in new[] { "scenarios", "data" }) Copy(CliHarness.Repository(dir), Path.Combine(_folder, dir));
    }

    public void Dispose() { try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    private static readonly Dictionary<string, string> Caps = new()
    {
        ["--patients"] = "400", ["--trajectories"] = "100", ["--draws"] = "10", ["--replicates"] = "12", ["--points"] = "3", ["--max-evaluations"] = "10",
    };

    /// <summary>Every command `hccsim --help` lists.</summary>
    private static IReadOnlyList<string> Commands()
    {
        string help = CliHarness.Run(new[] { "--help" }).Out;
        string commands = help[help.IndexOf("Commands:", StringComparison.Ordinal)..];
        return CommandLine().Matches(commands).Select(m => m.Groups["name"].Value).ToArray();
    }

    /// <summary>The example lines of a command's --help ("hccsim …" after "Example:" or "Examples:", before "Usage:").</summary>
    private static IReadOnlyList<string> Examples(string command)
    {
        string help = CliHarness.Run(new[] { command, "--help" }).Out;
        int from = help.IndexOf("Example", StringComparison.Ordinal), to = help.IndexOf("Usage:", StringComparison.Ordinal);
        if (from < 0 || to < from) return Array.Empty<string>();
        return help[from..to].Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("hccsim ", StringComparison.Ordinal)).ToArray();
    }

    /// <summary>A command line split as a POSIX shell would split this one: words, "double-quoted" words, globs expanded in the working folder.</summary>
    private List<string> Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool quoted = false, any = false, glob = false;
        void End()
        {
            if (!any) return;
            string w = word.ToString();
            if (glob) words.AddRange(Expand(w)); else words.Add(w);
            word.Clear(); any = false; glob = false;
        }
        foreach (char c in line)
        {
            if (c == '"') { quoted = !quoted; any = true; }
            else if (c == ' ' && !quoted) End();
            else { word.Append(c); any = true; if (c == '*' && !quoted) glob = true; }
        }
        End();
        return words;
    }

    /// <summary>A glob's matches in the working folder, sorted as bash sorts them; the glob itself when nothing matches (as bash does).</summary>
    private IEnumerable<string> Expand(string glob)
    {
        string dir = Path.GetDirectoryName(glob) ?? "", pattern = Path.GetFileName(glob);
        string full = Path.Combine(_folder, dir);
        if (!Directory.Exists(full)) return new[] { glob };
        var found = Directory.GetFiles(full, pattern).Select(f => Path.Combine(dir, Path.GetFileName(f))).Order(StringComparer.Ordinal).ToArray();
        return found.Length > 0 ? found : new[] { glob };
    }

    /// <summary>The example at a small size (see the class summary).</summary>
    private static List<string> Smaller(List<string> words, string help)
    {
        int passThrough = words.IndexOf("--");
        var own = passThrough < 0 ? words : words.Take(passThrough).ToList();
        var rest = passThrough < 0 ? new List<string>() : words.Skip(passThrough).ToList();
        own.Remove("--submit");
        for (int i = 1; i < own.Count - 1; i++)
            if (Caps.TryGetValue(own[i], out var cap) && double.Parse(own[i + 1], System.Globalization.CultureInfo.InvariantCulture) > double.Parse(cap, System.Globalization.CultureInfo.InvariantCulture))
                own[i + 1] = cap;
        // Where the example leaves a size to its default, the default is for a real analysis: give the small one — unless the
        // size only qualifies another option the example does not use (help "With --assurance: …"), which refuses it alone, or
        // belongs to another method (--max-evaluations is the optimiser's budget; calibrate --method imis refuses it).
        foreach (var option in new[] { "--patients", "--draws", "--replicates", "--max-evaluations" })
            if (own[1] != "slurm" && !own.Contains(option) && !(option == "--max-evaluations" && own.Contains("imis")) && Regex.Match(help, $@"^\s+{Regex.Escape(option)} <[^>]*>\s+(With (?<with>--[a-z-]+):)?", RegexOptions.Multiline) is { Success: true } line
                && (!line.Groups["with"].Success || own.Contains(line.Groups["with"].Value)))
                own.AddRange(new[] { option, Caps[option] });
        return own.Concat(rest).ToList();
    }

    private (int Code, string Out, string Err) Hccsim(IEnumerable<string> args)
        => ChildProcess.Run("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "hccsim.dll") }.Concat(args), _folder);

    [Fact]
    public void EveryExampleInEveryCommandsHelpRunsAsWritten()
    {
        var commands = Commands();
        Assert.Contains("psa", commands);
        Assert.True(commands.Count >= 13, string.Join(", ", commands));
        int ran = 0;
        foreach (var command in commands)
        {
            var examples = Examples(command);
            Assert.True(examples.Count > 0, $"hccsim {command} --help shows no example");
            string help = CliHarness.Run(new[] { command, "--help" }).Out;
            foreach (var example in examples)
            {
                // The shards a merge example reads: written as the Slurm example's array of psa shards would write them.
                if (ShardGlob().Match(example) is { Success: true } shards && Words(example).Any(w => w.Contains('*')))
                {
                    int n = int.Parse(shards.Groups["n"].Value);
                    string scenario = $"scenarios/{shards.Groups["scenario"].Value}.yaml";
                    for (int i = 0; i < n; i++)
                    {
                        var shard = Hccsim(new[] { shards.Groups["command"].Value, scenario, "--draws", "4", "--patients", "400", "--shard", $"{i}/{n}", "--out", shards.Groups["dir"].Value });
                        Assert.True(shard.Code == 0, $"shard {i}/{n} for '{example}': {shard.Err}");
                    }
                }
                var args = Smaller(Words(example), help).Skip(1).ToList(); // without "hccsim"
                var (code, output, error) = Hccsim(args);
                Assert.True(code == 0, $"'{example}' (run as: hccsim {string.Join(' ', args)}) exited {code}: {error}{(error.Length == 0 ? output : "")}");
                ran++;
            }
        }
        Assert.True(ran >= 20, $"{ran} examples");
        // Nothing was written into the repository's own scenarios (calibrate writes beside its input: here, the copy).
        Assert.Empty(Directory.GetFiles(CliHarness.Repository("scenarios"), "*.calibrated.yaml"));
        Assert.Empty(Directory.GetFiles(CliHarness.Repository("scenarios"), "*.quick.posterior.csv"));
    }

    [GeneratedRegex(@"^  (?<name>[a-z]+) ", RegexOptions.Multiline)]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"(?<dir>results/(?<scenario>[a-z0-9-]+)/(?<command>psa|trial|sweep))/\k<command>\.shard-\*-of-(?<n>\d+)")]
    private static partial Regex ShardGlob();
}
