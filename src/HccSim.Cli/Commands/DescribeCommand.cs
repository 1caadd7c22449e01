using System.CommandLine;
using System.Globalization;
using HccSim.Core.Distributions;
using HccSim.Core.Model;
using HccSim.Scenarios;
using Spectre.Console;

namespace HccSim.Cli.Commands;

/// <summary>`hccsim describe SCENARIO`: the cohort, states, transitions and strategies as readable tables.</summary>
internal static class DescribeCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<string>("scenario") { Description = "A scenario file" };
        var command = new Command("describe",
            "Show a scenario as tables: cohort, strategies, states, transitions and targets.\n\nExample:\n  hccsim describe scenarios/tace.yaml\n\n" + ExitCodes.Help)
        {
            file,
        };
        command.SetAction(result =>
        {
            var s = ScenarioLoader.Load(result.GetValue(file)!);
            Describe(context.Console, s);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string F(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Describe(TimeToEvent t) => t switch
    {
        Exponential e => $"exponential: rate {F(e.Rate)}/month (median {F(Math.Log(2) / e.Rate)} months)",
        Weibull w => $"Weibull: shape {F(w.Shape)}, scale {F(w.Scale)} months",
        Gompertz g => $"Gompertz: shape {F(g.Shape)}/month, rate {F(g.Rate)}/month",
        LogLogistic l => $"log-logistic: shape {F(l.Shape)}, scale {F(l.Scale)} months",
        LogNormal l => $"log-normal: median {F(Math.Exp(l.MeanLog))} months, sdlog {F(l.SdLog)}",
        PiecewiseHazard p => "piecewise: " + string.Join("; ", p.Starts.Select((s, i) => $"from {F(s)} months {F(p.Rates[i])}/month")),
        FixedDelay d => $"after {F(d.Months)} months",
        UniformDelay u => $"after {F(u.Min)}–{F(u.Max)} months (uniform)",
        PerCycle { Probabilities.Count: 1 } c => $"probability {F(c.Probabilities[0])}/cycle (cycles of {F(c.CycleMonths)} months)",
        PerCycle c => $"probability [{string.Join(", ", c.Probabilities.Select(F))}] by cycle in the state, the last for ever (cycles of {F(c.CycleMonths)} months)",
        _ => t.GetType().Name.ToLowerInvariant(), // never a record's member dump
    };

    /// <summary>A state's flags as the scenario writes them (dead, progression_free, cancer_free, response); "—" for none.</summary>
    public static string Describe(StateFlags flags)
    {
        var names = new[] { (StateFlags.Dead, "dead"), (StateFlags.ProgressionFree, "progression_free"), (StateFlags.CancerFree, "cancer_free"), (StateFlags.Response, "response") }
            .Where(f => (flags & f.Item1) != 0).Select(f => f.Item2).ToArray();
        return names.Length == 0 ? "—" : string.Join(", ", names);
    }

    /// <summary>A transition's clock as the scenario writes it (in_state, since_start, age).</summary>
    public static string Describe(Clock clock) => clock switch
    {
        Clock.TimeInState => "in_state",
        Clock.TimeSinceStart => "since_start",
        Clock.Age => "age",
        _ => clock.ToString().ToLowerInvariant(),
    };

    /// <summary>A state's cost or utility: the constant, or each value with the month on its clock it starts at.</summary>
    private static string Reward(TimeProfile? profile, double constant)
        => profile is null ? F(constant)
            : string.Join(", ", profile.Starts.Select((t, i) => $"{F(profile.Values[i])} from {F(t)}")) + $" months ({profile.ClockName ?? "in state"})";

    private static void Describe(IAnsiConsole console, Scenario s)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(s.Name)}[/]").LeftJustified());
        if (s.Description.Length > 0) console.WriteLine(s.Description);
        console.WriteLine($"horizon {F(s.HorizonMonths)} months; {s.Patients:N0} patients, seed {s.Seed}; sha256 {s.Sha256}");
        foreach (var src in s.Sources) console.WriteLine($"source: {src}");
        if (s.Model is { Attributes.Count: > 0 })
        {
            var t = new Table().AddColumns("attribute", "distribution");
            foreach (var a in s.Model.Attributes)
                t.AddRow(Markup.Escape(a.Name), Markup.Escape(a switch
                {
                    CategoricalAttribute c => string.Join(", ", c.Levels.Select(l => $"{l.Name} {l.Share:P1}")),
                    ContinuousAttribute { Distribution: NormalAttribute n } c => $"normal(mean {F(n.Mean)}, sd {F(n.Sd)}) in [{F(c.Min)}, {F(c.Max)}]",
                    ContinuousAttribute { Distribution: ConstantAttribute k } => $"constant {F(k.Value)}",
                    ContinuousAttribute c => $"uniform [{F(c.Min)}, {F(c.Max)}]",
                    _ => "",
                }));
            console.Write(t);
        }
        foreach (var p in s.Partitioned)
        {
            console.Write(new Rule($"strategy [bold]{Markup.Escape(p.Name)}[/]: {Markup.Escape(p.Label)} (partitioned survival)").LeftJustified());
            console.WriteLine($"OS: {Describe(p.OverallSurvival)}");
            console.WriteLine($"PFS: {Describe(p.ProgressionFreeSurvival)}");
            console.WriteLine($"progression-free: cost {F(p.ProgressionFreeCostPerMonth)}/month, utility {F(p.ProgressionFreeUtility)}; progressed: cost {F(p.ProgressedCostPerMonth)}/month, utility {F(p.ProgressedUtility)}");
        }
        foreach (var strategy in s.Model?.Strategies ?? Array.Empty<Strategy>())
        {
            console.Write(new Rule($"strategy [bold]{Markup.Escape(strategy.Name)}[/]: {Markup.Escape(strategy.Label)}").LeftJustified());
            if (strategy is TieredStrategy tiered)
            {
                var rules = new Table().AddColumns("when", "follow");
                foreach (var r in tiered.Rules)
                    rules.AddRow(Markup.Escape(r.When.Count == 0 ? "(everyone else)" : string.Join(" and ", r.When.Select(c => c switch
                    {
                        LevelCondition l => $"{l.Attribute} is {string.Join(" or ", l.Levels)}",
                        RangeCondition rc => $"{F(rc.Min)} ≤ {rc.Attribute} < {F(rc.Max)}",
                        _ => "",
                    }))), Markup.Escape(r.Strategy));
                console.Write(rules);
                continue;
            }
            var p = (PathwayStrategy)strategy;
            var states = new Table().AddColumns("state", "flags", "on", "cost/month", "utility");
            foreach (var st in p.States)
                states.AddRow(Markup.Escape(st.Name + (st.Name == p.Start ? " (start)" : "")), Describe(st.Flags),
                    Markup.Escape(st.Therapies.Count == 0 ? "—" : string.Join(", ", st.Therapies)),
                    Markup.Escape(Reward(st.CostByTime, st.CostPerMonth)), Markup.Escape(Reward(st.UtilityByTime, st.Utility)));
            console.Write(states);
            foreach (var clock in p.Clocks) console.WriteLine($"clock {clock.Name}: runs in {string.Join(", ", clock.States)}");
            var transitions = new Table().AddColumns("from", "to", "time", "clock", "hazard ratios", "cost", "tags");
            foreach (var t in p.Transitions)
                transitions.AddRow(Markup.Escape(t.From), Markup.Escape(t.To), Markup.Escape(Describe(t.Time)), Markup.Escape(t.ClockName ?? Describe(t.Clock)),
                    Markup.Escape(string.Join("; ", t.HazardRatios.Select(h => h switch
                    {
                        CategoricalHazardRatio c => $"{c.Attribute}: " + string.Join(", ", c.ByLevel.Select(kv => $"{kv.Key} ×{F(kv.Value)}")),
                        ContinuousHazardRatio c => $"{c.Attribute}: ×{F(c.PerUnit)} per unit from {F(c.Reference)}",
                        _ => "",
                    }))), F(t.Cost), Markup.Escape(string.Join(", ", t.Tags)));
            console.Write(transitions);
            foreach (var c in p.ChanceNodes)
                console.WriteLine($"chance {c.Name}: " + string.Join(", ", c.Branches.Select(b => b.ByLevel is { } bl
                        ? $"{b.To} by {bl.Attribute} (" + string.Join(", ", bl.Values.Select(kv => $"{kv.Key} {kv.Value:P1}")) + ")"
                        : $"{b.To} {b.Probability:P1}"))
                    + (c.Sets.Count > 0 ? "; sets " + string.Join(", ", c.Sets.Select(x => $"{x.Attribute} = {x.Level}")) : "")
                    + (c.Cost != 0 ? $"; cost {F(c.Cost)}" : ""));
        }
        if (s.Targets.Count > 0)
        {
            var t = new Table().AddColumns("strategy", "outcome", "target", "source");
            foreach (var target in s.Targets)
                t.AddRow(Markup.Escape(target.Strategy), Markup.Escape(target.Outcome), F(target.Value), Markup.Escape(target.Source));
            console.Write(t);
        }
    }
}
