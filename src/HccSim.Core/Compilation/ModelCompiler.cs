using System.Globalization;
using HccSim.Core.Compilation.Building;
using HccSim.Core.Distributions;
using HccSim.Core.Model;

namespace HccSim.Core.Compilation;

/// <summary>
/// Validates a <see cref="CohortModel"/> and compiles it to the engine's flat tables. Every problem is
/// collected before failing, each naming its element and what was expected; nothing runs on a bad model.
/// </summary>
public static class ModelCompiler
{
    /// <summary>Shares, chance probabilities and similar must sum to 1 within this.</summary>
    public const double SumTolerance = 1e-9;

    /// <summary>Tags are bits of a 64-bit mask in the engine.</summary>
    public const int MaxTags = 64;

    /// <summary>Bounds that keep every per-patient total inside the exact sums' range (a unit error, not a price).</summary>
    public const double MaxCost = 1e13, MaxOneOffCost = 1e12, MaxToll = 10;

    public static CompiledModel Compile(CohortModel model)
    {
        var errors = Validate(model);
        if (errors.Count > 0) throw new ModelValidationException(errors);
        return ModelBuilder.Build(model);
    }

    /// <summary>Every problem with the model; empty when it can be compiled.</summary>
    public static IReadOnlyList<ModelError> Validate(CohortModel model)
    {
        var v = new Validator(model);
        v.Run();
        return v.Errors;
    }

    private static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private sealed class Validator
    {
        private readonly CohortModel _m;
        private readonly Dictionary<string, PatientAttribute> _attributes = new(StringComparer.Ordinal);
        public List<ModelError> Errors { get; } = new();

        public Validator(CohortModel m) => _m = m;

        // The model object being checked: errors carry it so readers can map them to source positions.
        private object? _subject;

        private void Error(string element, string message) => Errors.Add(new ModelError(element, message, _subject));

        private void ErrorAbout(object subject, string element, string message) => Errors.Add(new ModelError(element, message, subject));

        public void Run()
        {
            _subject = _m;
            if (!(_m.HorizonMonths > 0) || !double.IsFinite(_m.HorizonMonths))
                Error("model", $"horizon must be a finite number of months > 0 (got {Num(_m.HorizonMonths)})");
            if (_m.HorizonMonths > 12 * 150)
                Error("model", $"horizon must be at most 1800 months (150 years) (got {Num(_m.HorizonMonths)})");
            CheckDiscounting();
            CheckAttributes();
            CheckBackground();
            CheckStrategies();
        }

        private void CheckDiscounting()
        {
            var d = _m.Discounting;
            _subject = d;
            if (!(d.CostsPerYear >= 0) || !double.IsFinite(d.CostsPerYear))
                Error("discounting", $"cost discount rate must be a finite rate ≥ 0 per year (got {Num(d.CostsPerYear)})");
            if (!(d.OutcomesPerYear >= 0) || !double.IsFinite(d.OutcomesPerYear))
                Error("discounting", $"outcome discount rate must be a finite rate ≥ 0 per year (got {Num(d.OutcomesPerYear)})");
        }

        private void CheckAttributes()
        {
            foreach (var a in _m.Attributes)
            {
                _subject = a;
                string el = $"attribute '{a.Name}'";
                if (string.IsNullOrWhiteSpace(a.Name)) Error("attribute", "name must not be empty");
                if (!_attributes.TryAdd(a.Name, a)) { Error(el, "is defined more than once (expected unique attribute names)"); continue; }
                switch (a)
                {
                    case CategoricalAttribute c:
                        if (c.Levels.Count == 0) { Error(el, "has no levels (expected at least one level with a share)"); break; }
                        if (c.Levels.Count > 64) Error(el, $"has {c.Levels.Count} levels (expected at most 64)");
                        var seen = new HashSet<string>(StringComparer.Ordinal);
                        foreach (var l in c.Levels)
                        {
                            if (!seen.Add(l.Name)) Error(el, $"level '{l.Name}' is listed more than once");
                            if (!(l.Share >= 0 && l.Share <= 1))
                                Error($"{el}, level '{l.Name}'", $"share must be a probability in [0, 1] (got {Num(l.Share)})");
                        }
                        double sum = c.Levels.Sum(l => l.Share);
                        if (Math.Abs(sum - 1) > SumTolerance)
                            Error(el, $"level shares must sum to 1 (got {Num(sum)})");
                        break;
                    case ContinuousAttribute n:
                        if (double.IsNaN(n.Min) || double.IsNaN(n.Max) || !(n.Max >= n.Min))
                            Error(el, $"bounds must satisfy min ≤ max (got min {Num(n.Min)}, max {Num(n.Max)})");
                        switch (n.Distribution)
                        {
                            case NormalAttribute na:
                                if (!double.IsFinite(na.Mean)) Error(el, $"normal mean must be finite (got {Num(na.Mean)})");
                                if (!(na.Sd > 0) || !double.IsFinite(na.Sd)) Error(el, $"normal sd must be a finite number > 0 (got {Num(na.Sd)})");
                                else if (n.Max >= n.Min && NormalMath.Cdf((n.Max - na.Mean) / na.Sd) - NormalMath.Cdf((n.Min - na.Mean) / na.Sd) < 1e-12)
                                    Error(el, $"bounds [{Num(n.Min)}, {Num(n.Max)}] hold almost no mass of normal({Num(na.Mean)}, {Num(na.Sd)}) (expected bounds around the mean)");
                                break;
                            case UniformAttribute:
                                if (!double.IsFinite(n.Min) || !double.IsFinite(n.Max))
                                    Error(el, "a uniform attribute needs finite min and max");
                                break;
                            case ConstantAttribute k:
                                if (!(k.Value >= n.Min && k.Value <= n.Max))
                                    Error(el, $"constant {Num(k.Value)} lies outside its bounds [{Num(n.Min)}, {Num(n.Max)}]");
                                break;
                        }
                        break;
                }
            }

            if (_m.AgeAttribute is { } age)
            {
                _subject = _attributes.TryGetValue(age, out var ageAttribute) ? ageAttribute : _m;
                if (!_attributes.TryGetValue(age, out var a))
                    Error("model", $"age attribute '{age}' is not defined{Suggestions.DidYouMean(age, _attributes.Keys)}");
                else if (a is not ContinuousAttribute c)
                    Error("model", $"age attribute '{age}' must be continuous (age in years), not categorical");
                else if (!(c.Min >= 0) || !double.IsFinite(c.Max))
                    Error($"attribute '{age}'", $"an age must lie in a finite range ≥ 0 years (got [{Num(c.Min)}, {Num(c.Max)}])");
            }
        }

        private void CheckBackground()
        {
            if (_m.BackgroundMortality is not { } lt) return;
            const string el = "background mortality";
            _subject = lt;
            if (_m.AgeAttribute is null)
                Error(el, "needs the model's age attribute (expected AgeAttribute naming a continuous attribute in years)");
            if (lt.AgesYears.Count == 0 || lt.AgesYears.Count != lt.AnnualHazards.Count)
            {
                Error(el, $"life table needs one hazard per age (got {lt.AgesYears.Count} ages and {lt.AnnualHazards.Count} hazards)");
                return;
            }
            for (int i = 1; i < lt.AgesYears.Count; i++)
                if (!(lt.AgesYears[i] > lt.AgesYears[i - 1]))
                    Error(el, $"life table ages must increase (got {Num(lt.AgesYears[i])} after {Num(lt.AgesYears[i - 1])})");
            for (int i = 0; i < lt.AnnualHazards.Count; i++)
                if (!(lt.AnnualHazards[i] >= 0)) // +∞ is allowed: a table's last row often has q = 1
                    Error(el, $"life table hazard at age {Num(lt.AgesYears[i])} must be a rate ≥ 0 per year (got {Num(lt.AnnualHazards[i])})");
            if (_m.AgeAttribute is { } age && _attributes.TryGetValue(age, out var a) && a is ContinuousAttribute c
                && lt.AgesYears.Count > 0 && c.Min < lt.AgesYears[0])
                Error(el, $"life table starts at age {Num(lt.AgesYears[0])} but attribute '{age}' can be as low as {Num(c.Min)} (expected the table to cover every age)");
        }

        private void CheckStrategies()
        {
            _subject = _m;
            if (_m.Strategies.Count == 0) { Error("model", "has no strategies (expected at least one)"); return; }
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in _m.Strategies)
            {
                _subject = s;
                if (string.IsNullOrWhiteSpace(s.Name)) Error("strategy", "name must not be empty");
                else if (!names.Add(s.Name)) Error($"strategy '{s.Name}'", "is defined more than once (expected unique strategy names)");
            }
            var tags = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in _m.Strategies)
            {
                _subject = s;
                switch (s)
                {
                    case PathwayStrategy p: CheckPathway(p, tags); break;
                    case TieredStrategy t: CheckTiered(t); break;
                }
            }
            _subject = _m;
            if (tags.Count > MaxTags) Error("model", $"uses {tags.Count} distinct tags (expected at most {MaxTags})");
        }

        private void CheckPathway(PathwayStrategy p, HashSet<string> tags)
        {
            string el = $"strategy '{p.Name}'";
            var states = new Dictionary<string, State>(StringComparer.Ordinal);
            var chance = new Dictionary<string, ChanceNode>(StringComparer.Ordinal);
            foreach (var st in p.States)
            {
                _subject = st;
                if (string.IsNullOrWhiteSpace(st.Name)) { Error(el, "a state has an empty name"); continue; }
                if (!states.TryAdd(st.Name, st)) Error($"{el}, state '{st.Name}'", "is defined more than once");
                if (!(Math.Abs(st.CostPerMonth) * _m.HorizonMonths <= MaxCost))
                    Error($"{el}, state '{st.Name}'", $"cost per month must be finite and at most {MaxCost:G3} over the horizon (got {Num(st.CostPerMonth)})");
                if (!(st.Utility >= -1 && st.Utility <= 1)) Error($"{el}, state '{st.Name}'", $"utility must be between −1 and 1 (got {Num(st.Utility)})");
                if (st.IsDead && (st.CostPerMonth != 0 || st.Utility != 0))
                    Error($"{el}, state '{st.Name}'", "is dead: it accrues no cost or utility (expected cost 0 and utility 0; put a cost of dying on the transition into it)");
                if (st.IsDead && (st.Flags & (StateFlags.ProgressionFree | StateFlags.CancerFree | StateFlags.Response)) != 0)
                    Error($"{el}, state '{st.Name}'", "is dead and cannot also be progression-free, cancer-free or a response");
            }
            foreach (var c in p.ChanceNodes)
            {
                _subject = c;
                if (string.IsNullOrWhiteSpace(c.Name)) { Error(el, "a chance node has an empty name"); continue; }
                if (states.ContainsKey(c.Name) || !chance.TryAdd(c.Name, c))
                    Error($"{el}, chance node '{c.Name}'", "has the name of another state or chance node (expected unique names)");
            }
            _subject = p;
            if (states.Count == 0) Error(el, "has no states (expected at least one)");
            var known = states.Keys.Concat(chance.Keys).ToArray();

            string Undefined(string name) => $"'{name}' is not a state or chance node of this strategy{Suggestions.DidYouMean(name, known)}";

            if (!states.ContainsKey(p.Start) && !chance.ContainsKey(p.Start))
                Error(el, $"start {Undefined(p.Start)}");

            int deadCount = states.Values.Count(s => s.IsDead);
            if (_m.BackgroundMortality is not null && deadCount != 1)
                Error(el, $"background mortality needs exactly one dead state to lead to (got {deadCount})");

            foreach (var group in p.Transitions.Where(t => t.Time is PerCycle && t.Clock == Clock.TimeInState && states.ContainsKey(t.From)).GroupBy(t => t.From))
            {
                int length = group.Max(t => ((PerCycle)t.Time).Probabilities.Count);
                for (int k = 0; k < length; k++)
                {
                    double sum = group.Sum(t => ((PerCycle)t.Time).ProbabilityOf(k));
                    if (sum >= 1)
                    {
                        _subject = group.First();
                        Error($"{el}, state '{group.Key}'", $"per-cycle probabilities of leaving sum to {Num(sum)} in cycle {k + 1} in the state (expected less than 1)");
                        break;
                    }
                }
            }
            for (int i = 0; i < p.Transitions.Count; i++)
            {
                var t = p.Transitions[i];
                _subject = t;
                string te = $"{el}, transition {i + 1} ({t.From} → {t.To})";
                if (states.TryGetValue(t.From, out var from))
                {
                    if (from.IsDead) Error(te, $"leaves the dead state '{t.From}' (expected no transition out of death)");
                }
                else if (chance.ContainsKey(t.From))
                    Error(te, $"leaves chance node '{t.From}' (a chance node splits on entry; give its branches instead)");
                else
                    Error(te, $"from {Undefined(t.From)}");
                if (!states.ContainsKey(t.To) && !chance.ContainsKey(t.To)) Error(te, $"to {Undefined(t.To)}");
                _subject = t.Time;
                foreach (var problem in t.Time.Problems()) Error(te, problem);
                _subject = t;
                if (t.Time.IsDelay && t.HazardRatios.Count > 0)
                    Error(te, "has hazard ratios but its time is a delay (hazard ratios apply to hazards, not to delays)");
                if (t.Clock == Clock.Age && _m.AgeAttribute is null)
                    Error(te, "uses the age clock but the model names no age attribute");
                CheckOneOff(te, t.Cost, t.UtilityToll);
                CheckTags(te, t.Tags, tags);
                foreach (var hr in t.HazardRatios) { _subject = hr; CheckHazardRatio(te, hr); }
            }

            foreach (var c in p.ChanceNodes)
            {
                string ce = $"{el}, chance node '{c.Name}'";
                _subject = c;
                if (c.Branches.Count == 0) { Error(ce, "has no branches (expected at least one)"); continue; }
                foreach (var b in c.Branches)
                {
                    _subject = b;
                    if (!(b.Probability >= 0 && b.Probability <= 1))
                        Error($"{ce}, branch to '{b.To}'", $"probability must be in [0, 1] (got {Num(b.Probability)})");
                    if (!states.ContainsKey(b.To) && !chance.ContainsKey(b.To)) Error($"{ce}, branch", $"to {Undefined(b.To)}");
                    CheckTags($"{ce}, branch to '{b.To}'", b.Tags, tags);
                }
                _subject = c;
                double sum = c.Branches.Sum(b => b.Probability);
                if (Math.Abs(sum - 1) > SumTolerance) Error(ce, $"branch probabilities must sum to 1 (got {Num(sum)})");
                CheckOneOff(ce, c.Cost, c.UtilityToll);
                CheckTags(ce, c.Tags, tags);
            }

            _subject = p;
            CheckChanceCycles(el, chance);
            CheckInstantLoops(el, p, chance);
            CheckReachable(el, p, states, chance);
        }

        private void CheckOneOff(string element, double cost, double toll)
        {
            if (!(Math.Abs(cost) <= MaxOneOffCost)) Error(element, $"cost must be finite and at most {MaxOneOffCost:G3} (got {Num(cost)})");
            if (!(Math.Abs(toll) <= MaxToll)) Error(element, $"utility toll must be a loss of at most {MaxToll} QALYs (got {Num(toll)})");
        }

        /// <summary>
        /// A loop of forward-clock delays and chance nodes can fire again and again at one instant (both delays
        /// due at 12 months since start): refused here rather than caught as a runaway patient mid-run.
        /// </summary>
        private void CheckInstantLoops(string el, PathwayStrategy p, Dictionary<string, ChanceNode> chance)
        {
            var next = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            void Edge(string from, string to)
            {
                if (!next.TryGetValue(from, out var list)) next[from] = list = new List<string>();
                list.Add(to);
            }
            foreach (var t in p.Transitions)
                if (t.Time.IsDelay && t.Clock != Clock.TimeInState) Edge(t.From, t.To);
            foreach (var c in chance.Values)
                foreach (var b in c.Branches) Edge(c.Name, b.To);
            var state = new Dictionary<string, int>(StringComparer.Ordinal);
            bool Visit(string n)
            {
                if (state.TryGetValue(n, out int s)) return s == 1;
                state[n] = 1;
                if (next.TryGetValue(n, out var list))
                    foreach (var to in list)
                        if (Visit(to)) return true;
                state[n] = 2;
                return false;
            }
            foreach (var n in next.Keys.ToArray())
                if (!state.ContainsKey(n) && Visit(n))
                {
                    Error(el, $"a loop through '{n}' is made only of delays on a forward clock (and chance nodes), so it can repeat at one instant for ever (expected a time-in-state delay or a hazard in the loop)");
                    return;
                }
        }

        private void CheckTags(string element, IReadOnlyList<string> list, HashSet<string> tags)
        {
            foreach (var tag in list)
            {
                if (string.IsNullOrWhiteSpace(tag)) Error(element, "has an empty tag");
                else tags.Add(tag);
            }
        }

        private void CheckHazardRatio(string element, HazardRatio hr)
        {
            if (!_attributes.TryGetValue(hr.Attribute, out var a))
            {
                Error(element, $"hazard ratio names attribute '{hr.Attribute}', which is not defined{Suggestions.DidYouMean(hr.Attribute, _attributes.Keys)}");
                return;
            }
            switch (hr)
            {
                case CategoricalHazardRatio c when a is CategoricalAttribute ca:
                    foreach (var (level, value) in c.ByLevel)
                    {
                        if (!ca.Levels.Any(l => l.Name == level))
                            Error(element, $"hazard ratio names level '{level}' of '{hr.Attribute}', which has no such level{Suggestions.DidYouMean(level, ca.Levels.Select(l => l.Name))}");
                        if (!(value > 0) || !double.IsFinite(value))
                            Error(element, $"hazard ratio for {hr.Attribute} = {level} must be a finite number > 0 (got {Num(value)})");
                    }
                    break;
                case ContinuousHazardRatio c when a is ContinuousAttribute:
                    if (!(c.PerUnit > 0) || !double.IsFinite(c.PerUnit))
                        Error(element, $"hazard ratio per unit of '{hr.Attribute}' must be a finite number > 0 (got {Num(c.PerUnit)})");
                    if (!double.IsFinite(c.Reference))
                        Error(element, $"hazard ratio reference for '{hr.Attribute}' must be finite (got {Num(c.Reference)})");
                    break;
                default:
                    Error(element, $"hazard ratio on '{hr.Attribute}' is {(hr is CategoricalHazardRatio ? "by level" : "per unit")}, but the attribute is {(a is CategoricalAttribute ? "categorical" : "continuous")}");
                    break;
            }
        }

        private void CheckChanceCycles(string el, Dictionary<string, ChanceNode> chance)
        {
            // A loop made only of chance nodes would take no time and never end.
            var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
            bool Visit(string n)
            {
                if (state.TryGetValue(n, out int s)) return s == 1;
                state[n] = 1;
                foreach (var b in chance[n].Branches)
                    if (chance.ContainsKey(b.To) && Visit(b.To)) return true;
                state[n] = 2;
                return false;
            }
            foreach (var n in chance.Keys)
                if (!state.ContainsKey(n) && Visit(n))
                {
                    _subject = chance[n];
                    Error($"{el}, chance node '{n}'", "is part of a loop of chance nodes (expected every chain of chance nodes to end in a state)");
                    return;
                }
        }

        private void CheckReachable(string el, PathwayStrategy p, Dictionary<string, State> states, Dictionary<string, ChanceNode> chance)
        {
            if (!states.ContainsKey(p.Start) && !chance.ContainsKey(p.Start)) return;
            // An undefined target is already reported; what it leaves unreachable would only repeat it.
            bool Known(string n) => states.ContainsKey(n) || chance.ContainsKey(n);
            if (p.Transitions.Any(t => !Known(t.To)) || chance.Values.Any(c => c.Branches.Any(b => !Known(b.To)))) return;
            var reached = new HashSet<string>(StringComparer.Ordinal) { p.Start };
            var queue = new Queue<string>(reached);
            var bgDead = _m.BackgroundMortality is not null ? states.Values.Where(s => s.IsDead).Select(s => s.Name).ToArray() : Array.Empty<string>();
            while (queue.Count > 0)
            {
                var n = queue.Dequeue();
                IEnumerable<string> next = chance.TryGetValue(n, out var c)
                    ? c.Branches.Select(b => b.To)
                    : p.Transitions.Where(t => t.From == n).Select(t => t.To).Concat(bgDead);
                foreach (var to in next)
                    if ((states.ContainsKey(to) || chance.ContainsKey(to)) && reached.Add(to)) queue.Enqueue(to);
            }
            foreach (var s in p.States.Where(s => !reached.Contains(s.Name)).Select(s => s.Name).Distinct())
                ErrorAbout(p.States.First(x => x.Name == s), $"{el}, state '{s}'", $"is unreachable from the start state '{p.Start}' (expected a transition or branch leading to it)");
            foreach (var c in p.ChanceNodes.Where(c => !reached.Contains(c.Name)).Select(c => c.Name).Distinct())
                ErrorAbout(p.ChanceNodes.First(x => x.Name == c), $"{el}, chance node '{c}'", $"is unreachable from the start state '{p.Start}' (expected a transition or branch leading to it)");
        }

        private void CheckTiered(TieredStrategy t)
        {
            string el = $"strategy '{t.Name}'";
            if (t.Rules.Count == 0) { Error(el, "has no routing rules (expected at least one)"); return; }
            var pathways = _m.Strategies.OfType<PathwayStrategy>().ToDictionary(s => s.Name, StringComparer.Ordinal);
            for (int i = 0; i < t.Rules.Count; i++)
            {
                var r = t.Rules[i];
                _subject = r;
                string re = $"{el}, rule {i + 1}";
                if (!pathways.ContainsKey(r.Strategy))
                {
                    bool tiered = _m.Strategies.Any(s => s.Name == r.Strategy);
                    Error(re, tiered
                        ? $"routes to '{r.Strategy}', which is itself tiered (expected a pathway strategy)"
                        : $"routes to '{r.Strategy}', which is not a strategy of the model{Suggestions.DidYouMean(r.Strategy, pathways.Keys)}");
                }
                foreach (var c in r.When)
                {
                    if (!_attributes.TryGetValue(c.Attribute, out var a))
                    {
                        Error(re, $"condition on '{c.Attribute}', which is not an attribute{Suggestions.DidYouMean(c.Attribute, _attributes.Keys)}");
                        continue;
                    }
                    switch (c)
                    {
                        case LevelCondition lc when a is CategoricalAttribute ca:
                            if (lc.Levels.Count == 0) Error(re, $"condition on '{c.Attribute}' lists no levels");
                            foreach (var l in lc.Levels.Where(l => !ca.Levels.Any(x => x.Name == l)))
                                Error(re, $"condition names level '{l}' of '{c.Attribute}', which has no such level{Suggestions.DidYouMean(l, ca.Levels.Select(x => x.Name))}");
                            break;
                        case RangeCondition rc when a is ContinuousAttribute:
                            if (!(rc.Max > rc.Min)) Error(re, $"range on '{c.Attribute}' must have min < max (got [{Num(rc.Min)}, {Num(rc.Max)}))");
                            break;
                        default:
                            Error(re, $"condition on '{c.Attribute}' does not fit its kind ({(a is CategoricalAttribute ? "categorical: expected levels" : "continuous: expected a range")})");
                            break;
                    }
                }
            }
            _subject = t;
            if (Errors.Count == 0) CheckCoverage(el, t);
        }

        /// <summary>
        /// Every patient must be routed and every rule must route someone: proved by enumerating the categorical
        /// levels the rules use (rules on continuous ranges are checked against the attribute's bounds).
        /// </summary>
        private void CheckCoverage(string el, TieredStrategy t)
        {
            for (int i = 0; i < t.Rules.Count; i++)
            {
                _subject = t.Rules[i];
                foreach (var c in t.Rules[i].When)
                {
                    if (c is RangeCondition rc && _attributes[c.Attribute] is ContinuousAttribute ca
                        && (rc.Max <= ca.Min || rc.Min > ca.Max || (ca.Distribution is ConstantAttribute k && !(k.Value >= rc.Min && k.Value < rc.Max))))
                        Error($"{el}, rule {i + 1}", $"covers no patient: '{c.Attribute}' is never in [{Num(rc.Min)}, {Num(rc.Max)}) (it lies in [{Num(ca.Min)}, {Num(ca.Max)}])");
                    if (c is LevelCondition lc && _attributes[c.Attribute] is CategoricalAttribute cat
                        && cat.Levels.Where(l => lc.Levels.Contains(l.Name)).All(l => l.Share == 0))
                        Error($"{el}, rule {i + 1}", $"covers no patient: the levels it names of '{c.Attribute}' have share 0");
                }
            }
            _subject = t;
            if (t.Rules.Any(r => r.When.Any(c => c is RangeCondition)))
            {
                if (t.Rules[^1].When.Count > 0)
                    Error(el, "routing rules on continuous attributes may leave some patients unassigned (expected a last rule with no conditions)");
                return;
            }
            var used = t.Rules.SelectMany(r => r.When).Select(c => c.Attribute).Distinct().ToArray();
            var levels = used.Select(a => ((CategoricalAttribute)_attributes[a]).Levels.Where(l => l.Share > 0).Select(l => l.Name).ToArray()).ToArray();
            long combos = levels.Aggregate(1L, (acc, l) => acc * Math.Max(1, l.Length));
            if (combos > 100_000) { Error(el, "routing rules combine too many levels to check (expected at most 100000 combinations)"); return; }
            var pick = new int[used.Length];
            var firstMatches = new bool[t.Rules.Count];
            string? unassigned = null;
            for (long k = 0; k < combos; k++)
            {
                long rest = k;
                for (int i = 0; i < used.Length; i++) { pick[i] = (int)(rest % levels[i].Length); rest /= levels[i].Length; }
                int rule = -1;
                for (int r = 0; r < t.Rules.Count && rule < 0; r++)
                    if (t.Rules[r].When.All(c => ((LevelCondition)c).Levels.Contains(levels[Array.IndexOf(used, c.Attribute)][pick[Array.IndexOf(used, c.Attribute)]])))
                        rule = r;
                if (rule >= 0) firstMatches[rule] = true;
                else unassigned ??= string.Join(", ", used.Select((a, i) => $"{a} = {levels[i][pick[i]]}"));
            }
            if (unassigned is not null)
                Error(el, $"routing rules leave patients with {unassigned} unassigned (expected a rule covering them, or a last rule with no conditions)");
            for (int r = 0; r < t.Rules.Count; r++)
                if (!firstMatches[r])
                {
                    _subject = t.Rules[r];
                    Error($"{el}, rule {r + 1}", "covers no patient: the rules before it take every patient it names");
                }
        }
    }
}
