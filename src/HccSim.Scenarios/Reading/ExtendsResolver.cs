using HccSim.Core.Compilation;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>
/// A strategy as written, with what it <c>extends</c> merged in (from this file or another): states and chance nodes key
/// by key, transitions by (from, to), each element keeping the nodes that wrote it. Each strategy is resolved once.
/// </summary>
internal sealed class ExtendsResolver(ReadingContext context)
{
    private static readonly string[] PathwayKeys = { "label", "description", "extends", "start", "clocks", "drugs", "states", "transitions", "chance", "compare" };
    private static readonly string[] TieredKeys = { "label", "description", "tiers", "compare" };
    private static readonly string[] StateKeys = { "dead", "progression_free", "cancer_free", "response", "absorbing", "on", "cost", "utility", "clock", "description" };
    private static readonly string[] DrugKeys = { "cost", "dose_intensity", "stop_for_toxicity", "tag", "description" };
    private static readonly string[] ChanceKeys = { "to", "set", "cost", "toll", "tag", "tags", "description" };
    private static readonly string[] TransitionKeys = TimeToEventReader.Keys.Concat(new[] { "from", "to", "clock", "hr", "cost", "toll", "tag", "tags", "remove", "note" }).ToArray();

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;
    private readonly Dictionary<string, StrategyDraft?> _resolved = new(StringComparer.Ordinal);

    /// <summary>Reads strategy <paramref name="name"/> of the file <paramref name="file"/>, merging what it extends.</summary>
    public StrategyDraft? Resolve(string name, Node value, Mapping strategies, string file, List<string> chain)
    {
        string id = file + "#" + name;
        if (chain.Contains(id))
        {
            _problems.At(value, $"strategy '{name}' extends itself through {string.Join(" → ", chain.Select(c => c.Split('#')[1]))} → {name} (expected a chain of extends that ends)");
            return null;
        }
        if (_resolved.TryGetValue(id, out var done)) return done;
        if (chain.Count >= Limits.ExtendsDepth)
        {
            // Checked on the way down too: a long chain written child-first would otherwise recurse once per link.
            _problems.At(value, $"strategy '{name}' is reached through more than {Limits.ExtendsDepth} links of extends (expected a chain of at most {Limits.ExtendsDepth})");
            return _resolved[id] = null;
        }
        chain.Add(id);
        try
        {
            if (_values.Map(value, $"strategy '{name}'") is not { } m) return null;
            bool tiered = m.Keys.OfType<Scalar>().Any(k => k.Value == "tiers");
            var map = new MapNode(m, _problems, $"strategy '{name}'", tiered ? TieredKeys : PathwayKeys);
            var draft = new StrategyDraft { Name = name, Node = value, Tiered = tiered, Map = map };
            if (map["label"] is { } l) draft.Label = _values.Text(l, "label");
            if (map["description"] is { } d) draft.Description = _values.Text(d, "description");
            if (tiered) return draft;

            if (map["extends"] is { } ext && _values.Text(ext, "extends") is { } parentRef)
            {
                var parent = ResolveParent(parentRef, ext, strategies, file, chain);
                if (parent is null) return _resolved[id] = null;
                if (parent.Depth >= Limits.ExtendsDepth)
                {
                    _problems.At(ext, $"extends '{parentRef}', which is already {parent.Depth} links of extends deep (expected a chain of at most {Limits.ExtendsDepth})");
                    return _resolved[id] = null;
                }
                draft.Depth = parent.Depth + 1;
                draft.Label ??= null;
                draft.Start = parent.Start;
                draft.States.AddRange(parent.States.Select(s => (s.Name, s.Key, new Dictionary<string, (Scalar, Node)>(s.Fields))));
                draft.Chance.AddRange(parent.Chance.Select(c => (c.Name, c.Key, new Dictionary<string, (Scalar, Node)>(c.Fields))));
                draft.Drugs.AddRange(parent.Drugs.Select(d => (d.Name, d.Key, new Dictionary<string, (Scalar, Node)>(d.Fields))));
                draft.Clocks.AddRange(parent.Clocks);
                draft.Transitions.AddRange(parent.Transitions.Select(t => (t.From, t.To, t.Node, new Dictionary<string, (Scalar, Node)>(t.Fields))));
                draft.Pairs.UnionWith(parent.Pairs);
                foreach (var (k, v) in parent.Written) draft.Written[k] = v;
            }
            if (map["start"] is { } st && _values.Text(st, "start") is { } start) draft.Start = (start, st);
            // A clock named again replaces the inherited one whole (its set of states is one thing).
            if (map["clocks"] is { } ck && _values.Map(ck, "clocks") is { } ckm)
                foreach (var (clockName, key, clockValue) in new MapNode(ckm, _problems, "clocks", null).Entries)
                {
                    int i = draft.Clocks.FindIndex(c => c.Name == clockName);
                    if (i >= 0) draft.Clocks[i] = (clockName, key, clockValue); else draft.Clocks.Add((clockName, key, clockValue));
                }
            if (map["states"] is { } sn && _values.Map(sn, "states") is { } sm)
                foreach (var (stateName, key, stateValue) in new MapNode(sm, _problems, "states", null).Entries)
                {
                    MergeNamed(draft.States, stateName, key, stateValue, $"state '{stateName}'", StateKeys, replaceTogether: Array.Empty<string[]>());
                    if (draft.States.Count > Limits.States) return TooMany(id, key, $"state '{stateName}'", Limits.States, "states");
                }
            if (map["drugs"] is { } dn && _values.Map(dn, "drugs") is { } dm)
                foreach (var (drugName, key, drugValue) in new MapNode(dm, _problems, "drugs", null).Entries)
                    MergeNamed(draft.Drugs, drugName, key, drugValue, $"drug '{drugName}'", DrugKeys, replaceTogether: Array.Empty<string[]>());
            if (map["chance"] is { } cn && _values.Map(cn, "chance") is { } cm)
                foreach (var (nodeName, key, nodeValue) in new MapNode(cm, _problems, "chance", null).Entries)
                {
                    MergeNamed(draft.Chance, nodeName, key, nodeValue, $"chance node '{nodeName}'", ChanceKeys, new[] { new[] { "tag", "tags" } });
                    if (draft.Chance.Count > Limits.ChanceNodes) return TooMany(id, key, $"chance node '{nodeName}'", Limits.ChanceNodes, "chance nodes");
                }
            if (map["transitions"] is { } tn && _values.List(tn, "transitions") is { } tl)
            {
                var written = new HashSet<(string, string)>();
                foreach (var item in tl.Children)
                {
                    MergeTransition(draft, item, written);
                    if (draft.Transitions.Count > Limits.Transitions) return TooMany(id, item, "this transition", Limits.Transitions, "transitions");
                }
            }
            return _resolved[id] = draft;
        }
        finally
        {
            chain.RemoveAt(chain.Count - 1);
        }
    }

    /// <summary>A strategy past a limit: said once, where it crosses, and not read further (nor anything extending it).</summary>
    private StrategyDraft? TooMany(string id, Node where, string what, int limit, string things)
    {
        _problems.At(where, $"{what} is past the limit of {limit:N0} {things} in a strategy (inherited ones included)");
        return _resolved[id] = null;
    }

    private StrategyDraft? ResolveParent(string parentRef, Node where, Mapping strategies, string file, List<string> chain)
    {
        string parentName = parentRef, parentFile = file;
        Mapping parentStrategies = strategies;
        int hash = parentRef.IndexOf('#');
        if (hash >= 0)
        {
            // extends: other.yaml#strategy — a strategy of another scenario file, relative to this one.
            string relative = parentRef[..hash];
            parentName = parentRef[(hash + 1)..];
            if (relative.Length == 0 || parentName.Length == 0)
            {
                _problems.At(where, $"extends '{parentRef}' must be 'file.yaml#strategy' (a file and a strategy either side of '#')");
                return null;
            }
            parentFile = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", relative));
            switch (context.Sources.Kind(parentFile))
            {
                case FileKind.Missing:
                    _problems.At(where, $"extends '{parentRef}', but there is no file '{relative}' beside this one");
                    return null;
                case not FileKind.Regular and var kind:
                    _problems.At(where, $"extends '{parentRef}', but '{relative}' {FileKinds.Describe(kind)} (expected a scenario file)");
                    return null;
            }
            var other = context.LoadOther(parentFile, Path.Combine(Path.GetDirectoryName(where.File) ?? "", relative));
            if (other is null) return null; // unreadable or not YAML: said at the file
            if (other is not Mapping otherRoot)
            {
                // Its text is not shown: a file that is not a scenario may hold anything (/etc/passwd parses as one word).
                _problems.At(where, $"extends '{parentRef}', but '{relative}' is not a scenario file (expected a map with 'strategies')");
                return null;
            }
            var strategiesNode = otherRoot.Children.FirstOrDefault(kv => kv.Key is Scalar { Value: "strategies" }).Value as Mapping;
            if (strategiesNode is null)
            {
                _problems.At(where, $"'{relative}' has no strategies map to extend from");
                return null;
            }
            parentStrategies = strategiesNode;
        }
        var parentNode = parentStrategies.Children.FirstOrDefault(kv => kv.Key is Scalar k && k.Value == parentName).Value;
        if (parentNode is null)
        {
            var names = parentStrategies.Keys.OfType<Scalar>().Select(k => k.Value!).ToArray();
            _problems.At(where, $"extends '{parentRef}', which is not a strategy{(hash >= 0 ? " of that file" : "")}{Suggestions.DidYouMean(parentName, names)}");
            return null;
        }
        var parent = Resolve(parentName, parentNode, parentStrategies, parentFile, chain);
        if (parent is { Tiered: true })
        {
            _problems.At(where, $"extends '{parentRef}', which is tiered (expected a pathway strategy)");
            return null;
        }
        return parent;
    }

    /// <summary>Adds a named element, or overrides the inherited one key by key.</summary>
    private void MergeNamed(List<(string Name, Node Key, Dictionary<string, (Scalar Key, Node Value)> Fields)> list,
        string name, Node key, Node value, string what, string[] allowed, string[][] replaceTogether)
    {
        if (_values.Map(value, what) is not { } m) return;
        var map = new MapNode(m, _problems, what, allowed);
        var fields = map.Entries.ToDictionary(e => e.Name, e => (e.Key, e.Value), StringComparer.Ordinal);
        int i = list.FindIndex(x => x.Name == name);
        if (i < 0) { list.Add((name, key, fields)); return; }
        var merged = new Dictionary<string, (Scalar, Node)>(list[i].Fields);
        foreach (var group in replaceTogether)
            if (group.Any(fields.ContainsKey))
                foreach (var k in group) merged.Remove(k);
        foreach (var (k, v) in fields) merged[k] = v;
        list[i] = (name, key, merged);
    }

    private void MergeTransition(StrategyDraft draft, Node item, HashSet<(string, string)> written)
    {
        if (_values.Map(item, "a transition") is not { } m) return;
        var map = new MapNode(m, _problems, "a transition", TransitionKeys);
        var froms = map["from"] is { } fn ? _values.Names(fn, "from") : context.Missing<int>(m, "a transition", "from") is null ? null : null;
        string? to = map["to"] is { } tn ? _values.Text(tn, "to") : null;
        if (map["to"] is null) _problems.At(m, "a transition has no 'to'");
        if (froms is null || to is null) return;
        var fields = map.Entries.Where(e => e.Name is not ("from" or "to")).ToDictionary(e => e.Name, e => (e.Key, e.Value), StringComparer.Ordinal);
        draft.Written[item] = froms.Count == 1 ? $"{froms[0].Name} → {to}" : $"[{string.Join(", ", froms.Select(f => f.Name))}] → {to}";
        bool remove = map["remove"] is { } r && _values.Bool(r, "remove") == true;
        fields.Remove("remove");
        foreach (var (from, fromNode) in froms)
        {
            bool present = draft.Pairs.Contains((from, to));
            if (remove)
            {
                if (!present) _problems.At(item, $"removes {from} → {to}, which is not inherited (expected a transition of the strategy it extends)");
                else
                {
                    draft.Transitions.RemoveAt(draft.Transitions.FindIndex(t => t.From == from && t.To == to));
                    draft.Pairs.Remove((from, to));
                }
                continue;
            }
            // One strategy gives each (from, to) once: a second would silently replace the first.
            if (!written.Add((from, to)))
            {
                _problems.At(fromNode, $"transition {from} → {to} is given twice in strategy '{draft.Name}' (expected one transition per pair of states; put competing causes through different states or one combined rate)");
                continue;
            }
            if (!present)
            {
                draft.Transitions.Add((from, to, item, new Dictionary<string, (Scalar, Node)>(fields)));
                draft.Pairs.Add((from, to));
                continue;
            }
            int i = draft.Transitions.FindIndex(t => t.From == from && t.To == to);
            // Override key by key; a new time distribution (or tag list) replaces the inherited one whole.
            var merged = new Dictionary<string, (Scalar, Node)>(draft.Transitions[i].Fields);
            if (fields.Keys.Any(TimeToEventReader.Keys.Contains)) foreach (var k in TimeToEventReader.Keys) merged.Remove(k);
            if (fields.ContainsKey("tag") || fields.ContainsKey("tags")) { merged.Remove("tag"); merged.Remove("tags"); }
            foreach (var (k, v) in fields) merged[k] = v;
            draft.Transitions[i] = (from, to, item, merged);
        }
    }
}
