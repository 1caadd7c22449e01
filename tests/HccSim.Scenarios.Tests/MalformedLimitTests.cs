using System.Text;
using HccSim.Scenarios.Diagnostics;

namespace HccSim.Scenarios.Tests;

/// <summary>
/// The limits category of the malformed corpus: files too large to keep in the repository, so written here. Each is one
/// past a limit of docs/scenario-format.md ("Limits") and must give one error, where it crosses.
/// </summary>
public sealed class MalformedLimitTests : IDisposable
{
    private readonly TempScenario _temp = new();

    public void Dispose() => _temp.Dispose();

    private const string Head = "scenario: big\nhorizon: 60 months\nstrategies:\n";

    /// <summary>A strategy of <paramref name="states"/> states in a line (s0 → s1 → … → dead), <paramref name="fan"/> transitions out of each.</summary>
    private static string Line(int states, int fan = 1, string name = "base")
    {
        var text = new StringBuilder($"  {name}:\n    start: s0\n    states:\n      dead: {{ dead: true }}\n");
        for (int i = 0; i < states; i++) text.Append($"      s{i}: {{ utility: 0.8 }}\n");
        text.Append("    transitions:\n");
        for (int i = 0; i < states; i++)
            for (int k = 1; k <= fan; k++)
            {
                text.Append($"      - {{ from: s{i}, to: {(i + k < states ? $"s{i + k}" : "dead")}, rate: 0.1/month }}\n");
                if (i + k >= states) break; // one way to dead, not several
            }
        return text.ToString();
    }

    /// <summary>The line of the <paramref name="n"/>th line of <paramref name="text"/> that starts with <paramref name="start"/>.</summary>
    private static int LineOf(string text, string start, int n)
    {
        var lines = text.Split('\n');
        for (int i = 0, seen = 0; i < lines.Length; i++)
            if (lines[i].StartsWith(start, StringComparison.Ordinal) && ++seen == n) return i + 1;
        throw new InvalidOperationException($"no {n}th line starting '{start}'");
    }

    /// <summary>Each case: its name, the file it writes (returning the scenario's path), and the error it must give.</summary>
    private static readonly Dictionary<string, (Func<TempScenario, string> Write, Func<TempScenario, string> Error)> All = new()
    {
        ["501 strategies"] = (t => t.Write("s.yaml", Head + Line(1) + string.Concat(Enumerable.Range(1, 500).Select(i => $"  s{i}: {{ extends: base }}\n"))),
            t => $"{t.Folder}/s.yaml:{3 + 7 + 500}:3: strategy 's500' is number 501, past the limit of 500 strategies in a scenario"),
        ["2,001 states"] = (t => t.Write("s.yaml", Head + Line(2000)),
            t => $"{t.Folder}/s.yaml:{3 + 4 + 2000}:7: state 's1999' is past the limit of 2,000 states in a strategy (inherited ones included)"),
        ["2,001 chance nodes"] = (t => t.Write("s.yaml", Head + Line(1).Replace("    transitions:\n", "    chance:\n" + string.Concat(Enumerable.Range(0, 2001).Select(i => $"      c{i}: {{ to: {{ dead: 1 }} }}\n")) + "    transitions:\n")),
            t => $"{t.Folder}/s.yaml:{3 + 5 + 1 + 2001}:7: chance node 'c2000' is past the limit of 2,000 chance nodes in a strategy (inherited ones included)"),
        ["20,001 transitions"] = (t => t.Write("s.yaml", Head + Line(2000 - 1, fan: 11)),
            t => $"{t.Folder}/s.yaml:{LineOf(Head + Line(2000 - 1, fan: 11), "      - ", 20_001)}:9: this transition is past the limit of 20,000 transitions in a strategy (inherited ones included)"),
        ["a chain of 33 extends"] = (t => t.Write("s.yaml", Head + Line(1) + string.Concat(Enumerable.Range(0, 40).Select(i => $"  e{i}: {{ extends: {(i == 0 ? "base" : $"e{i - 1}")} }}\n"))),
            t => $"{t.Folder}/s.yaml:{3 + 7 + 32}:19: extends 'e30', which is already 32 links of extends deep (expected a chain of at most 32)"),
        ["a chain of extends written child-first"] = (t => t.Write("s.yaml", Head + string.Concat(Enumerable.Range(0, 5000).Reverse().Select(i => $"  e{i}: {{ extends: {(i == 0 ? "base" : $"e{i - 1}")} }}\n")) + Line(1)),
            t => $"{t.Folder}/s.yaml:{3 + 501}:3: strategy 'e4499' is number 501, past the limit of 500 strategies in a scenario"),
        ["a life-table CSV of 2,001 rows"] = (t =>
            {
                t.Write("life.csv", "age,q\n" + string.Concat(Enumerable.Range(0, 2001).Select(i => $"{i / 10.0:0.0},0.001\n")));
                return t.Write("s.yaml", TempScenario.Valid.Replace("    burden: { within: 0.4, beyond: 0.6 }", "    burden: { within: 0.4, beyond: 0.6 }\n    age: { constant: 70 }") + "\nbackground_mortality: { life_table: life.csv }\n");
            },
            t => $"{t.Folder}/life.csv:2002:1: the life table has more than 2,000 rows (expected at most 2,000: one row per age)"),
        ["an inline life table of 2,001 rows"] = (t => t.Write("s.yaml", TempScenario.Valid.Replace("    burden: { within: 0.4, beyond: 0.6 }", "    burden: { within: 0.4, beyond: 0.6 }\n    age: { constant: 70 }")
                + "\nbackground_mortality:\n  life_table:\n" + string.Concat(Enumerable.Range(0, 2001).Select(i => $"    {i}: 0.001\n"))),
            t => $"{t.Folder}/s.yaml:{18 + 2 + 2001}:5: life_table has more than 2,000 rows (expected at most 2,000: one row per age)"),
        ["a file one byte over 4 MB"] = (t => t.Write("s.yaml", TempScenario.Valid + "\n#" + new string('x', 4 * 1024 * 1024)),
            t => $"{t.Folder}/s.yaml:1:1: is 4.0 MB (expected a scenario file of at most 4 MB)"),
        ["nesting 33 levels deep"] = (t => t.Write("s.yaml", "scenario: deep\nstrategies: " + string.Concat(Enumerable.Repeat("{a: ", 33)) + "1" + new string('}', 33) + "\n"),
            t => $"{t.Folder}/s.yaml:2:{13 + 4 * 31}: nesting is deeper than 32 levels (expected a scenario a few maps and lists deep)"),
    };

    /// <summary>How many limit cases there are (the corpus counts them).</summary>
    public static int Count => All.Count;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AScenarioOnePastALimitIsRefusedWhereItCrossesIt(string name)
    {
        var (write, error) = All[name];
        string path = write(_temp);
        var errors = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path)).Errors;
        Assert.Equal(error(_temp), string.Join("\n", errors.Select(e => e.ToString())));
    }

    [Fact]
    public void AStrategyAtEveryLimitIsRead()
    {
        // 2,000 states, about 19,950 transitions: the largest strategy the limits allow validates (measured: ~4 s on a busy 2-core machine).
        string text = Head + Line(1999, fan: 10);
        Assert.InRange(text.Split('\n').Count(l => l.StartsWith("      - ", StringComparison.Ordinal)), 19_900, 20_000);
        var scenario = ScenarioLoader.Load(_temp.Write("s.yaml", text));
        Assert.Equal(2000, ((Core.Model.PathwayStrategy)scenario.Model!.Strategies[0]).States.Count);
    }
}
