using HccSim.Core.Distributions;
using HccSim.Core.Model;

namespace HccSim.Core.Compilation.Building;

/// <summary>Builds one compiled strategy; a tiered one is the union of its pathways with prefixed names.</summary>
internal sealed class StrategyBuilder
{
    private readonly KernelTableBuilder _table;
    private readonly CompiledAttribute[] _attributes;
    private readonly Dictionary<string, int> _attrIndex;
    private readonly TagTable _tags;
    private readonly List<string> _stateNames = new();
    private readonly List<StateRow> _states = new();
    private readonly List<ExitRow> _exits = new();
    private readonly List<TimeToEvent> _exitTimes = new();
    private readonly List<ChanceRow> _chance = new();
    private readonly List<BranchRow> _branches = new();
    private readonly List<AttributeSetRow> _sets = new();
    private readonly List<DrugRow> _drugs = new();
    private readonly List<HazardRatioTerm> _hrs = new();
    private readonly List<double> _levelMultipliers = new();
    private readonly List<ProfileRow> _profiles = new();
    private readonly List<double> _profileTable = new();
    private readonly List<string> _clockNames = new();
    private readonly List<RouteRow> _routes = new();
    private readonly List<ConditionRow> _conditions = new();

    public StrategyBuilder(KernelTableBuilder table, CompiledAttribute[] attributes, Dictionary<string, int> attrIndex, TagTable tags)
    {
        _table = table; _attributes = attributes; _attrIndex = attrIndex; _tags = tags;
    }

    /// <summary>Adds a pathway's states and chance nodes; returns its start node.</summary>
    public int AddPathway(PathwayStrategy p, string prefix)
    {
        int stateBase = _states.Count, chanceBase = _chance.Count;
        var node = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < p.States.Count; i++) node[p.States[i].Name] = stateBase + i;
        for (int i = 0; i < p.ChanceNodes.Count; i++) node[p.ChanceNodes[i].Name] = ~(chanceBase + i);
        int dead = p.States.Select((s, i) => (s, i)).Where(x => x.s.IsDead).Select(x => stateBase + x.i).DefaultIfEmpty(-1).First();
        // Named clocks are numbered across the strategy (a tiered one holds several pathways' clocks): one bit each.
        var clocks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in p.Clocks) { clocks[c.Name] = _clockNames.Count; _clockNames.Add(prefix + c.Name); }
        // Drugs priced apart are numbered across the strategy too (a tiered one gives each pathway's its own bits).
        var drugs = new Dictionary<string, (int Index, Drug Drug)>(StringComparer.Ordinal);
        foreach (var d in p.Drugs)
        {
            drugs[d.Name] = (_drugs.Count, d);
            _drugs.Add(new DrugRow { CostPerMonth = d.CostPerMonthGiven, StopRate = d.StopRatePerMonth, StopTag = d.StopTag is { } tag ? _tags.Mask(new[] { tag }) : 0 });
        }

        foreach (var s in p.States)
        {
            var exits = p.Transitions.Where(t => t.From == s.Name).ToArray();
            int first = _exits.Count;
            var times = PerCycleHazards.Jointly(exits);
            for (int i = 0; i < exits.Length; i++)
            {
                var (time, clock, clockName) = times[i];
                _exits.Add(CompileExit(exits[i], node[exits[i].To], time, clock, clockName is null ? -1 : clocks[clockName]));
                _exitTimes.Add(time);
            }
            ulong mask = 0;
            foreach (var c in p.Clocks) if (c.States.Contains(s.Name)) mask |= 1UL << clocks[c.Name];
            bool allExp = exits.Length > 0 && exits.All(t => t.Time is Exponential);
            // A drug priced apart adds its cost as given to the state's; one that stops has its bit here.
            double drugCost = 0;
            ulong stopping = 0;
            foreach (var name in s.Therapies.Distinct())
            {
                if (!drugs.TryGetValue(name, out var d)) continue;
                drugCost += d.Drug.CostPerMonthGiven;
                if (d.Drug.StopRatePerMonth > 0) stopping |= 1UL << d.Index;
            }
            _stateNames.Add(prefix + s.Name);
            _states.Add(new StateRow
            {
                Flags = s.Flags,
                IsDead = s.IsDead,
                IsProgressionFree = (s.Flags & StateFlags.ProgressionFree) != 0,
                IsCancerFree = (s.Flags & StateFlags.CancerFree) != 0,
                IsResponse = (s.Flags & StateFlags.Response) != 0,
                IsCancerFreeDrugFree = s.IsCancerFreeDrugFree,
                CostPerMonth = s.CostPerMonth + drugCost,
                Utility = s.Utility,
                RewardsByTime = s.HasRewardsByTime,
                CostProfile = AddProfile(s.CostByTime, clocks),
                UtilityProfile = AddProfile(s.UtilityByTime, clocks),
                ClockMask = mask,
                FirstExit = first,
                ExitCount = exits.Length,
                AllExponential = allExp,
                TotalRate = allExp ? exits.Sum(t => ((Exponential)t.Time).Rate) : 0,
                DeadState = dead,
                StoppingDrugs = stopping,
            });
        }
        foreach (var c in p.ChanceNodes)
        {
            int first = _branches.Count, by = c.By is { } name ? _attrIndex[name] : -1;
            // Branches by level are written once per level of the attribute, in level order.
            string?[] levels = by >= 0 ? _attributes[by].Levels : new string?[] { null };
            foreach (var level in levels) AddBranches(c, level, node);
            int firstSet = _sets.Count;
            foreach (var set in c.Sets)
            {
                int a = _attrIndex[set.Attribute];
                _sets.Add(new AttributeSetRow { Attribute = a, Level = Array.IndexOf(_attributes[a].Levels, set.Level) });
            }
            _chance.Add(new ChanceRow
            {
                FirstBranch = first, BranchCount = c.Branches.Count, ByAttribute = by, FirstSet = firstSet, SetCount = c.Sets.Count,
                Cost = c.Cost, Toll = c.UtilityToll, Tags = _tags.Mask(c.Tags),
            });
        }
        return node[p.Start];
    }

    private void AddBranches(ChanceNode c, string? level, Dictionary<string, int> node)
    {
        int first = _branches.Count;
        double acc = 0;
        foreach (var b in c.Branches)
        {
            acc += level is null ? b.Probability : b.ProbabilityAt(level);
            _branches.Add(new BranchRow { CumulativeProbability = acc, Target = node[b.To], Tags = _tags.Mask(b.Tags) });
        }
        // Probabilities sum to 1 within tolerance; the last positive bound is exactly 1 so a draw always lands.
        int last = _branches.Count - 1;
        while (last > first && (level is null ? c.Branches[last - first].Probability : c.Branches[last - first].ProbabilityAt(level)) == 0) last--;
        for (int i = last; i < _branches.Count; i++) { var r = _branches[i]; r.CumulativeProbability = 1.0; _branches[i] = r; }
    }

    private int AddProfile(TimeProfile? profile, Dictionary<string, int> clocks)
    {
        if (profile is null) return -1;
        _profiles.Add(new ProfileRow { Offset = _profileTable.Count, Count = profile.Starts.Count, Clock = profile.ClockName is { } c ? clocks[c] : -1 });
        _profileTable.AddRange(profile.Starts);
        _profileTable.AddRange(profile.Values);
        return _profiles.Count - 1;
    }

    private ExitRow CompileExit(Transition t, int target, TimeToEvent time, Clock clock, int namedClock)
    {
        int firstHr = _hrs.Count;
        foreach (var hr in t.HazardRatios)
        {
            int a = _attrIndex[hr.Attribute];
            if (hr is CategoricalHazardRatio c)
            {
                int offset = _levelMultipliers.Count;
                foreach (var level in _attributes[a].Levels)
                    _levelMultipliers.Add(c.ByLevel.TryGetValue(level, out double v) ? v : 1.0);
                _hrs.Add(new HazardRatioTerm { Attribute = a, LevelOffset = offset });
            }
            else if (hr is ContinuousHazardRatio k)
            {
                _hrs.Add(new HazardRatioTerm { Attribute = a, Continuous = true, LogPerUnit = Math.Log(k.PerUnit), Reference = k.Reference });
            }
        }
        var kernel = time.Compile(_table);
        return new ExitRow
        {
            Kernel = kernel,
            Clock = clock,
            NamedClock = namedClock,
            IsExponential = time is Exponential,
            Rate = time is Exponential e ? e.Rate : 0,
            Target = target,
            Cost = t.Cost,
            Toll = t.UtilityToll,
            Tags = _tags.Mask(t.Tags),
            FirstHazardRatio = firstHr,
            HazardRatioCount = _hrs.Count - firstHr,
        };
    }

    public void AddRoute(IReadOnlyList<AttributeCondition> when, int start)
    {
        int first = _conditions.Count;
        foreach (var c in when)
        {
            int a = _attrIndex[c.Attribute];
            if (c is LevelCondition lc)
            {
                ulong mask = 0;
                var levels = _attributes[a].Levels;
                for (int i = 0; i < levels.Length; i++)
                    if (lc.Levels.Contains(levels[i])) mask |= 1UL << i;
                _conditions.Add(new ConditionRow { Attribute = a, LevelMask = mask });
            }
            else if (c is RangeCondition rc)
            {
                _conditions.Add(new ConditionRow { Attribute = a, Continuous = true, Min = rc.Min, Max = rc.Max });
            }
        }
        _routes.Add(new RouteRow { FirstCondition = first, ConditionCount = when.Count, Start = start });
    }

    public CompiledStrategy Build(string name, string label) => new()
    {
        Name = name,
        Label = label,
        StateNames = _stateNames.ToArray(),
        States = _states.ToArray(),
        Exits = _exits.ToArray(),
        ExitTimes = _exitTimes.ToArray(),
        Chance = _chance.ToArray(),
        Branches = _branches.ToArray(),
        Sets = _sets.ToArray(),
        Drugs = _drugs.ToArray(),
        HazardRatios = _hrs.ToArray(),
        LevelMultipliers = _levelMultipliers.ToArray(),
        Profiles = _profiles.ToArray(),
        ProfileTable = _profileTable.ToArray(),
        ClockNames = _clockNames.ToArray(),
        Routes = _routes.ToArray(),
        Conditions = _conditions.ToArray(),
        FixedStart = _routes.Count == 1 && _routes[0].ConditionCount == 0 ? _routes[0].Start : null,
    };
}
