using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Model;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>A pathway strategy from its resolved draft: states, chance nodes, transitions with their times, hazard ratios, costs and tags.</summary>
internal sealed class PathwayBuilder(ReadingContext context)
{
    private static readonly string[] BranchKeys = { "p", "tag", "tags" };
    private static readonly string[] ContinuousHrKeys = { "per_unit", "reference" };

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;
    private readonly Dictionary<object, Node> _origin = context.Origin;
    private readonly TimeToEventReader _times = new(context);
    private readonly RewardReader _rewards = new(context);

    /// <summary>The clock words of the language: a named clock cannot take one of them.</summary>
    private static readonly string[] BuiltInClocks = { "in_state", "time_in_state", "since_start", "time_since_start", "age" };

    public PathwayStrategy? Build(StrategyDraft draft)
    {
        string el = $"strategy '{draft.Name}'";
        var states = new List<State>();
        foreach (var (name, key, fields) in draft.States)
        {
            var state = ReadState(name, fields, key);
            if (state is null) continue;
            states.Add(state);
            _origin[state] = key;
        }
        if (draft.States.Count == 0) _problems.At(draft.Node, $"{el} has no states (expected a 'states' map)");
        var chance = new List<ChanceNode>();
        foreach (var (name, key, fields) in draft.Chance)
            if (ReadChance(name, fields, key) is { } c) { chance.Add(c); _origin[c] = key; }
        var transitions = new List<Transition>();
        foreach (var (from, to, node, fields) in draft.Transitions)
            if (ReadTransition(from, to, node, fields, draft.Written.GetValueOrDefault(node, $"{from} → {to}")) is { } t) transitions.Add(t);

        // A state with no way out must say it is absorbing: a missing transition is a common slip. Checked only when
        // every transition was read and leaves a real state, so a misspelled 'from' is reported as itself.
        // Sets, not searches: a strategy may hold thousands of states and transitions (Limits).
        var stateNames = draft.States.Select(x => x.Name).ToHashSet(StringComparer.Ordinal);
        var leaving = draft.Transitions.Select(t => t.From).ToHashSet(StringComparer.Ordinal);
        bool complete = transitions.Count == draft.Transitions.Count && leaving.IsSubsetOf(stateNames);
        foreach (var (name, key, fields) in complete ? draft.States : new())
        {
            bool dead = fields.TryGetValue("dead", out var dv) && _values.Bool(dv.Value, "dead") == true;
            bool absorbing = fields.TryGetValue("absorbing", out var av) && _values.Bool(av.Value, "absorbing") == true;
            if (!dead && !absorbing && !leaving.Contains(name))
                _problems.At(key, $"state '{name}' of {el} has no way out (expected a transition from it, or 'absorbing: true' if patients stay there until the horizon or death from other causes)");
        }

        if (draft.Start is not { } start)
        {
            _problems.At(draft.Node, $"{el} has no 'start' (expected the state or chance node every patient begins in)");
            return null;
        }
        var drugs = new List<Drug>();
        foreach (var (name, key, fields) in draft.Drugs)
            if (ReadDrug(name, fields, key) is { } d) { drugs.Add(d); _origin[d] = key; }
        var pathway = new PathwayStrategy(draft.Name, start.Name, states, transitions) { Label = draft.Label ?? draft.Name, ChanceNodes = chance, Clocks = ReadClocks(draft), Drugs = drugs };
        _origin[pathway] = draft.Node;
        return pathway;
    }

    private State? ReadState(string name, Dictionary<string, (Scalar Key, Node Value)> fields, Node key)
    {
        var flags = StateFlags.None;
        bool ok = true;
        void Flag(string k, StateFlags f)
        {
            if (!fields.TryGetValue(k, out var v)) return;
            var b = _values.Bool(v.Value, k);
            if (b is null) ok = false;
            else if (b.Value) flags |= f;
        }
        Flag("dead", StateFlags.Dead);
        Flag("progression_free", StateFlags.ProgressionFree);
        Flag("cancer_free", StateFlags.CancerFree);
        Flag("response", StateFlags.Response);
        if (fields.TryGetValue("absorbing", out var ab) && _values.Bool(ab.Value, "absorbing") is null) ok = false;
        IReadOnlyList<string> therapies = Array.Empty<string>();
        if (fields.TryGetValue("on", out var on))
        {
            if (on.Value is Sequence { Children.Count: 0 } || on.Value is Scalar { Value: null or "" or "~" or "null" or "none" })
                therapies = Array.Empty<string>(); // on nothing: drug-free
            else if (_values.Names(on.Value, "on") is { } list) therapies = list.Select(x => x.Name).ToArray();
            else ok = false;
        }
        var rewards = _rewards.Read(name, fields);
        if (rewards is null) return null;
        var (cost, costByTime, utility, utilityByTime) = rewards.Value;
        return ok ? new State(name, flags, therapies, cost, utility) { CostByTime = costByTime, UtilityByTime = utilityByTime } : null;
    }

    /// <summary><c>drug: { cost: 16203/month, dose_intensity: 0.88, stop_for_toxicity: 0.013/month, tag: stopped }</c>.</summary>
    private Drug? ReadDrug(string name, Dictionary<string, (Scalar Key, Node Value)> fields, Node key)
    {
        string what = $"drug '{name}'";
        double? cost = fields.TryGetValue("cost", out var c)
            ? _values.PerMonth(c.Value, $"cost of {what}", "16203/month")
            : context.Absent("cost", key, what, "its price a month at the full dose, such as 16203/month");
        double? intensity = fields.TryGetValue("dose_intensity", out var di)
            ? _values.Number(di.Value, $"dose intensity of {what}", v => v > 0 && v <= 1.5, "the share of the planned dose given, in (0, 1.5]")
            : 1;
        double? stop = fields.TryGetValue("stop_for_toxicity", out var sf)
            ? _values.PerMonth(sf.Value, $"stopping rate for toxicity of {what}", "0.013/month")
            : 0;
        string? tag = fields.TryGetValue("tag", out var tg) ? _values.Text(tg.Value, $"tag of {what}") : null;
        if (cost is null || intensity is null || stop is null || (tg.Value is not null && tag is null)) return null;
        return new Drug(name, cost.Value) { DoseIntensity = intensity.Value, StopRatePerMonth = stop.Value, StopTag = tag };
    }

    private List<NamedClock> ReadClocks(StrategyDraft draft)
    {
        var clocks = new List<NamedClock>();
        foreach (var (name, key, value) in draft.Clocks)
        {
            if (BuiltInClocks.Contains(name))
            {
                _problems.At(key, $"clock '{name}' has the name of a built-in clock (expected another name: in_state, since_start and age are always there)");
                continue;
            }
            if (_values.Names(value, $"states of clock '{name}'") is not { } states) continue;
            var clock = new NamedClock(name, states.Select(x => x.Name).ToArray());
            clocks.Add(clock);
            _origin[clock] = key;
        }
        return clocks;
    }

    private ChanceNode? ReadChance(string name, Dictionary<string, (Scalar Key, Node Value)> fields, Node key)
    {
        if (!fields.TryGetValue("to", out var to))
        {
            _problems.At(key, $"chance node '{name}' has no 'to' (expected a map of where patients go: state: probability)");
            return null;
        }
        if (_values.Map(to.Value, $"chance node '{name}' to") is not { } tm) return null;
        var branches = new List<ChanceBranch>();
        bool ok = true;
        // One branch may say 'rest': it takes 1 minus the others, so a calibrated or sampled share keeps the sum at 1.
        (int Index, string Target, IReadOnlyList<string> Tags, Node Node)? rest = null;
        foreach (var (target, tk, tv) in new MapNode(tm, _problems, $"chance node '{name}' to", null).Entries)
        {
            IReadOnlyList<string> tags = Array.Empty<string>();
            Node? pNode = tv;
            if (tv is Mapping bm)
            {
                var branch = new MapNode(bm, _problems, $"branch to '{target}'", BranchKeys);
                pNode = branch["p"];
                if (branch["p"] is null) _problems.At(bm, $"branch to '{target}' has no 'p' (expected its probability)");
                tags = Tags(branch["tag"], branch["tags"]) ?? Array.Empty<string>();
            }
            if (pNode is Scalar { Value: "rest" } restNode)
            {
                if (rest is not null) { _problems.At(restNode, $"chance node '{name}' has more than one 'rest' branch (expected at most one: the share the others leave)"); ok = false; continue; }
                rest = (branches.Count, target, tags, restNode);
                branches.Add(new ChanceBranch(target, 0));
                continue;
            }
            if (pNode is Mapping byNode)
            {
                // A probability by level: p: { attribute: { level: probability, ... } }.
                if (ReadByLevel(byNode, target) is not { } byLevel) { ok = false; continue; }
                var lb = new ChanceBranch(target, double.NaN) { Tags = tags, ByLevel = byLevel };
                branches.Add(lb);
                _origin[lb] = tv;
                continue;
            }
            double? p = pNode is null ? null : _values.Probability(pNode, $"probability of '{target}'");
            if (p is null) { ok = false; continue; }
            var b = new ChanceBranch(target, p.Value) { Tags = tags };
            branches.Add(b);
            _origin[b] = tv;
        }
        if (rest is { } r && ok && RestOf(name, branches, r.Index, r.Node) is { } restBranch)
        {
            branches[r.Index] = restBranch with { To = r.Target, Tags = r.Tags, IsRest = true };
            _origin[branches[r.Index]] = r.Node;
            if (restBranch.ByLevel is { } rl) _origin[rl] = r.Node;
        }
        else if (rest is not null) ok = false;
        double cost = fields.TryGetValue("cost", out var c) ? _values.Number(c.Value, "cost", double.IsFinite) ?? double.NaN : 0;
        double toll = fields.TryGetValue("toll", out var t) ? _values.Number(t.Value, "toll", double.IsFinite, "a QALY loss such as 0.01") ?? double.NaN : 0;
        var nodeTags = Tags(fields.TryGetValue("tag", out var tg) ? tg.Value : null, fields.TryGetValue("tags", out var tgs) ? tgs.Value : null);
        var sets = fields.TryGetValue("set", out var st) ? ReadSets(st.Value, name) : Array.Empty<AttributeSetting>();
        if (!ok || double.IsNaN(cost) || double.IsNaN(toll) || nodeTags is null || sets is null) return null;
        return new ChanceNode(name, branches) { Cost = cost, UtilityToll = toll, Tags = nodeTags, Sets = sets };
    }

    /// <summary><c>{ attribute: { level: probability, ... } }</c>: one attribute, each level's probability in [0, 1].</summary>
    private LevelProbabilities? ReadByLevel(Mapping node, string target)
    {
        var entries = new MapNode(node, _problems, $"probability of '{target}'", null).Entries.ToArray();
        if (entries.Length != 1)
        {
            _problems.At(node, $"probability of '{target}' by level names {entries.Length} attributes (expected one: p: {{ attribute: {{ level: probability }} }})");
            return null;
        }
        var (attribute, _, value) = entries[0];
        if (_values.Map(value, $"probability of '{target}' by '{attribute}'") is not { } levels) return null;
        var byLevel = new Dictionary<string, double>(StringComparer.Ordinal);
        bool ok = true;
        foreach (var (level, lk, lv) in new MapNode(levels, _problems, $"probability of '{target}' by '{attribute}'", null).Entries)
        {
            if (_values.Probability(lv, $"probability of '{target}' for {attribute} = {level}") is { } p) byLevel[level] = p;
            else ok = false;
        }
        if (!ok) return null;
        var result = new LevelProbabilities(attribute, byLevel);
        _origin[result] = node;
        return result;
    }

    /// <summary>The 'rest' branch: 1 minus the others — for each level when any other branch is by level.</summary>
    private ChanceBranch? RestOf(string name, List<ChanceBranch> branches, int index, Node at)
    {
        var others = branches.Where((_, i) => i != index).ToArray();
        var byLevel = others.Select(b => b.ByLevel).FirstOrDefault(x => x is not null);
        double plain = others.Where(b => b.ByLevel is null).Sum(b => b.Probability);
        if (byLevel is null)
        {
            if (plain > 1 + 1e-9) { _problems.At(at, $"chance node '{name}': the other branches already sum to {Values.Fmt(plain)} (expected at most 1, leaving 'rest' ≥ 0)"); return null; }
            return new ChanceBranch("", Math.Max(0, 1 - plain));
        }
        // Levels named by any branch: the validator checks each branch names them all, and against the attribute.
        var levels = others.Where(b => b.ByLevel is not null).SelectMany(b => b.ByLevel!.Values.Keys).Distinct().ToArray();
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var level in levels)
        {
            double sum = others.Sum(b => b.ByLevel is { } bl ? bl.Values.GetValueOrDefault(level) : b.Probability);
            if (sum > 1 + 1e-9) { _problems.At(at, $"chance node '{name}': for {byLevel.Attribute} = {level} the other branches already sum to {Values.Fmt(sum)} (expected at most 1, leaving 'rest' ≥ 0)"); return null; }
            values[level] = Math.Max(0, 1 - sum);
        }
        return new ChanceBranch("", Math.Max(0, 1 - plain)) { ByLevel = new LevelProbabilities(byLevel.Attribute, values) };
    }

    /// <summary><c>set: { attribute: level, ... }</c>.</summary>
    private IReadOnlyList<AttributeSetting>? ReadSets(Node node, string name)
    {
        if (_values.Map(node, $"set of chance node '{name}'") is not { } m) return null;
        var sets = new List<AttributeSetting>();
        bool ok = true;
        foreach (var (attribute, key, value) in new MapNode(m, _problems, $"set of chance node '{name}'", null).Entries)
        {
            if (_values.Text(value, $"level of '{attribute}' set by chance node '{name}'") is not { } level) { ok = false; continue; }
            var s = new AttributeSetting(attribute, level);
            sets.Add(s);
            _origin[s] = key;
        }
        return ok ? sets : null;
    }

    private IReadOnlyList<string>? Tags(Node? tag, Node? tags)
    {
        var list = new List<string>();
        if (tag is not null)
        {
            if (_values.Text(tag, "tag") is { } t) list.Add(t); else return null;
        }
        if (tags is not null)
        {
            if (_values.Names(tags, "tags") is { } ts) list.AddRange(ts.Select(x => x.Name)); else return null;
        }
        return list;
    }

    private Transition? ReadTransition(string from, string to, Node node, Dictionary<string, (Scalar Key, Node Value)> f, string written)
    {
        string what = $"transition {written}";
        var given = TimeToEventReader.Keys.Where(f.ContainsKey).ToArray();
        if (given.Length != 1)
        {
            _problems.At(node, given.Length == 0
                ? $"{what} has no time to event (expected one of: {string.Join(", ", TimeToEventReader.Keys)})"
                : $"{what} gives {string.Join(" and ", given)} (expected exactly one time to event)");
            return null;
        }
        var (distKey, distNode) = (given[0], f[given[0]].Value);
        TimeToEvent? time = _times.Read(distKey, distNode, what);
        var clock = Clock.TimeInState;
        string? clockName = null;
        if (f.TryGetValue("clock", out var cl) && _values.Text(cl.Value, "clock") is { } clockText)
        {
            switch (clockText)
            {
                case "in_state" or "time_in_state": clock = Clock.TimeInState; break;
                case "since_start" or "time_since_start": clock = Clock.TimeSinceStart; break;
                case "age": clock = Clock.Age; break;
                default: clock = Clock.Named; clockName = clockText; break; // one of the strategy's clocks (checked with the model)
            }
        }
        var hrs = f.TryGetValue("hr", out var hr) ? ReadHazardRatios(hr.Value) : new List<HazardRatio>();
        double cost = f.TryGetValue("cost", out var c) ? _values.Number(c.Value, "cost", double.IsFinite) ?? double.NaN : 0;
        double toll = f.TryGetValue("toll", out var t) ? _values.Number(t.Value, "toll", double.IsFinite, "a QALY loss such as 0.01") ?? double.NaN : 0;
        var tags = Tags(f.TryGetValue("tag", out var tg) ? tg.Value : null, f.TryGetValue("tags", out var tgs) ? tgs.Value : null);
        if (time is null || hrs is null || double.IsNaN(cost) || double.IsNaN(toll) || tags is null) return null;
        var transition = new Transition(from, to, time) { Clock = clock, ClockName = clockName, HazardRatios = hrs, Cost = cost, UtilityToll = toll, Tags = tags };
        _origin[transition] = node;
        _origin[time] = distNode;
        return transition;
    }

    private List<HazardRatio>? ReadHazardRatios(Node node)
    {
        if (_values.Map(node, "hr") is not { } m) return null;
        var list = new List<HazardRatio>();
        bool ok = true;
        foreach (var (attribute, key, value) in new MapNode(m, _problems, "hr", null).Entries)
        {
            if (_values.Map(value, $"hr for '{attribute}'") is not { } vm) { ok = false; continue; }
            HazardRatio? hr;
            if (vm.Keys.OfType<Scalar>().Any(k => k.Value is "per_unit" or "reference"))
            {
                var map = new MapNode(vm, _problems, $"hr for '{attribute}'", ContinuousHrKeys);
                double? per = map["per_unit"] is { } pu ? _values.Number(pu, "per_unit", v => v > 0, "a hazard ratio > 0 per unit") : context.Absent("per_unit", vm, $"hr for '{attribute}'");
                double? reference = map["reference"] is { } rf ? _values.Number(rf, "reference") : context.Absent("reference", vm, $"hr for '{attribute}'");
                hr = per is { } p && reference is { } r ? new ContinuousHazardRatio(attribute, p, r) : null;
            }
            else
            {
                var byLevel = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var (level, lk, lv) in new MapNode(vm, _problems, $"hr for '{attribute}'", null).Entries)
                    if (_values.Number(lv, $"hazard ratio for {attribute} = {level}", v => v > 0, "a hazard ratio > 0") is { } x) byLevel[level] = x;
                hr = byLevel.Count == vm.Children.Count ? new CategoricalHazardRatio(attribute, byLevel) : null;
            }
            if (hr is null) { ok = false; continue; }
            list.Add(hr);
            _origin[hr] = key;
        }
        return ok ? list : null;
    }
}
