using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HccSim.Core.Compilation;
using HccSim.Core.Distributions;
using HccSim.Core.Model;
using HccSim.Core.Outcomes;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Units;
using HccSim.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace HccSim.Scenarios.Reading;

/// <summary>
/// Reads a scenario file into a validated <see cref="Scenario"/>: every key checked, every unit converted,
/// strategies' <c>extends</c> merged, and every problem — the reader's and the model compiler's — reported
/// at the file, line and column that wrote it.
/// </summary>
internal sealed partial class ScenarioReader
{
    private static readonly string[] TopKeys = { "scenario", "description", "sources", "time_unit", "horizon", "cycle", "cohort", "background_mortality", "economics", "strategies", "trial", "targets", "calibration", "uncertainty" };

    private static readonly string[] TrialKeys = { "arms", "allocation", "patients", "replicates", "accrual", "ramp", "analysis", "events", "dropout", "endpoint", "landmark", "strata", "alpha", "interim" };
    private static readonly string[] CycleKeys = { "length", "correction" };
    private static readonly string[] CohortKeys = { "patients", "seed", "attributes", "age" };
    private static readonly string[] ContinuousKeys = { "normal", "uniform", "constant", "min", "max" };
    private static readonly string[] NormalKeys = { "mean", "sd" };
    private static readonly string[] BackgroundKeys = { "life_table", "values" };
    private static readonly string[] EconomicsKeys = { "currency", "year", "discount", "discount_costs", "discount_outcomes", "willingness_to_pay" };
    private static readonly string[] PathwayKeys = { "label", "description", "extends", "start", "states", "transitions", "chance", "compare" };
    private static readonly string[] TieredKeys = { "label", "description", "tiers", "compare" };
    private static readonly string[] PartitionedKeys = { "label", "description", "partitioned", "compare" };
    private static readonly string[] CurveKeys = { "os", "pfs", "progression_free", "progressed" };
    private static readonly string[] CurveStateKeys = { "cost", "utility" };
    private static readonly string[] StateKeys = { "dead", "progression_free", "cancer_free", "response", "absorbing", "on", "cost", "utility", "description" };
    private static readonly string[] DistributionKeys = { "rate", "median", "mean", "weibull", "gompertz", "loglogistic", "lognormal", "piecewise", "delay", "probability" };
    private static readonly string[] TransitionKeys = DistributionKeys.Concat(new[] { "from", "to", "clock", "hr", "cost", "toll", "tag", "tags", "remove", "note" }).ToArray();
    private static readonly string[] ChanceKeys = { "to", "cost", "toll", "tag", "tags", "description" };
    private static readonly string[] BranchKeys = { "p", "tag", "tags" };
    private static readonly string[] TierKeys = { "when", "use" };
    private static readonly string[] RangeKeys = { "min", "max" };
    private static readonly string[] ContinuousHrKeys = { "per_unit", "reference" };
    private static readonly string[] TargetKeys = { "strategy", "outcome", "value", "lower", "upper", "source", "definition", "note", "tolerance", "tolerance_reason", "subgroup", "weight", "conflict" };

    public const long MaxPatients = int.MaxValue;

    private readonly string _path;
    private readonly string _shownAs;
    private readonly Problems _problems;
    private readonly Values _values;
    private readonly Dictionary<object, YamlNode> _origin = new(ReferenceEqualityComparer.Instance);
    private readonly List<(string File, byte[] Bytes)> _inputs = new();
    private readonly Dictionary<string, YamlNode?> _otherFiles = new(StringComparer.Ordinal);
    private YamlNode _root = null!;
    private Core.Cycles.CycleSettings? _cycle;
    private readonly List<Core.Analytic.PartitionedSurvivalStrategy> _partitioned = new();
    private readonly Dictionary<string, TimeUnit> _unitOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Draft?> _resolved = new(StringComparer.Ordinal);
    private readonly List<string> _notCompared = new();

    public ScenarioReader(string path)
    {
        _path = path;
        _shownAs = path;
        _problems = new Problems(path);
        _values = new Values(_problems, TimeUnit.Months);
        // Each file's bare numbers are in that file's own time_unit (a strategy may come from another file).
        _values.UnitOf = node => _unitOf.TryGetValue(_problems.FileOf(node), out var u) ? u : TimeUnit.Months;
    }

    /// <summary>Numbers to set before reading (a calibration's trial point, a sweep's design point): path → value in the file's unit.</summary>
    public IReadOnlyList<(HccSim.Scenarios.Parameters.ParameterPath Path, double Value)> Overrides { get; init; } = Array.Empty<(HccSim.Scenarios.Parameters.ParameterPath, double)>();

    public Scenario Read()
    {
        var scenario = TryRead();
        if (scenario is null || _problems.Any) throw _problems.ToException();
        return scenario;
    }

    private Scenario? TryRead()
    {
        var rootNode = ReadTree(Path.GetFullPath(_path), _shownAs);
        if (rootNode is null) return null;
        _root = rootNode;
        foreach (var (path, value) in Overrides)
        {
            if (path.File is not null)
            {
                // A number of a file this one extends: set when that file is read (and checked below that it was).
                string full = OtherFile(path.File);
                if (!_pendingOverrides.TryGetValue(full, out var pending)) _pendingOverrides[full] = pending = new();
                pending.Add((path, value));
                continue;
            }
            SetNumber(rootNode, path, value);
        }
        if (_problems.Any) return null;
        var rootMap = _values.Map(rootNode, "a scenario file");
        if (rootMap is null) return null;
        var top = new MapNode(rootMap, _problems, "the scenario", TopKeys);

        string name = Required(top, "scenario", rootNode, n => _values.Text(n, "scenario")) ?? "scenario";
        if (top["scenario"] is { } sn && !System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"))
            _problems.At(sn, $"scenario name '{name}' must be a plain name of letters, digits, '.', '_' and '-' (it names the results folder)");
        string description = top["description"] is { } d ? _values.Text(d, "description") ?? "" : "";
        var sources = top["sources"] is { } s ? _values.Names(s, "sources")?.Select(x => x.Name).ToArray() ?? Array.Empty<string>() : Array.Empty<string>();
        if (top["time_unit"] is { } tu && _values.Text(tu, "time_unit") is { } unitText)
        {
            if (Quantity.ParseTimeUnit(unitText) is { } unit) { _values.Unit = unit; _unitOf[_shownAs] = unit; }
            else _problems.At(tu, $"time_unit '{unitText}' is not a unit of time (expected {Quantity.TimeUnits})");
        }
        double horizon = Required(top, "horizon", rootNode, n => _values.Months(n, "horizon")) ?? double.NaN;
        if (top["cycle"] is { } cy && _values.Map(cy, "cycle") is { } cym) _cycle = ReadCycle(new MapNode(cym, _problems, "cycle", CycleKeys), cy);
        _values.CycleMonths = _cycle?.CycleMonths;
        if (_cycle is not null && double.IsFinite(horizon))
            foreach (var problem in _cycle.Problems(horizon)) _problems.At(top["cycle"]!, $"cycle: {problem}");

        int patients = 10_000;
        ulong seed = 1;
        var attributes = new List<PatientAttribute>();
        string? ageAttribute = null;
        if (top["cohort"] is { } cohortNode && _values.Map(cohortNode, "cohort") is { } cm)
        {
            var cohort = new MapNode(cm, _problems, "cohort", CohortKeys);
            if (cohort["patients"] is { } p && _values.Whole(p, "patients", 1, MaxPatients) is { } pv) patients = (int)pv;
            if (cohort["seed"] is { } sd && _values.Seed(sd) is { } sv) seed = sv;
            if (cohort["attributes"] is { } a && _values.Map(a, "attributes") is { } am) ReadAttributes(am, attributes);
            if (cohort["age"] is { } ag) ageAttribute = _values.Text(ag, "age");
        }
        ageAttribute ??= attributes.OfType<ContinuousAttribute>().FirstOrDefault(a => a.Name == "age")?.Name;

        LifeTable? lifeTable = null;
        if (top["background_mortality"] is { } bm && _values.Map(bm, "background_mortality") is { } bmm)
            lifeTable = ReadBackground(new MapNode(bmm, _problems, "background_mortality", BackgroundKeys), bm);

        var discounting = Discounting.None;
        var economics = new Economics();
        if (top["economics"] is { } ec && _values.Map(ec, "economics") is { } ecm)
            (economics, discounting) = ReadEconomics(new MapNode(ecm, _problems, "economics", EconomicsKeys));

        var strategies = new List<Strategy>();
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Required(top, "strategies", rootNode, n => _values.Map(n, "strategies")) is { } sm)
            ReadStrategies(sm, strategies, descriptions);

        foreach (var full in _pendingOverrides.Keys.Where(f => !_otherFiles.ContainsKey(f)))
            _problems.At(_shownAs, 1, 1, $"cannot set {_pendingOverrides[full][0].Path}: '{_pendingOverrides[full][0].Path.File}' is not a file this scenario extends (expected a file named in an 'extends: file.yaml#strategy')");
        if (_problems.Any) return null;
        if (strategies.Count == 0 && _partitioned.Count > 0)
        {
            // Only partitioned-survival strategies: solved from their curves, nothing to simulate.
            return new Scenario
            {
                Name = name, Description = description, Sources = sources, File = _shownAs, Sha256 = Fingerprint(),
                InputFiles = _inputs.Select(i => i.File).ToArray(), InputHashes = _inputs.Select(i => Sha(i.Bytes)).ToArray(),
                Model = null, Compiled = null, Partitioned = _partitioned, HorizonMonths = horizon, Discounting = discounting,
                Patients = patients, Seed = seed, TimeUnit = _values.Unit, Economics = economics, StrategyDescriptions = descriptions, Cycle = _cycle,
            };
        }

        var model = new CohortModel(horizon, strategies)
        {
            Attributes = attributes,
            AgeAttribute = lifeTable is not null || strategies.OfType<PathwayStrategy>().Any(p => p.Transitions.Any(t => t.Clock == Clock.Age)) ? ageAttribute : ageAttribute,
            BackgroundMortality = lifeTable,
            Discounting = discounting,
        };
        _origin[model] = top["horizon"] ?? rootNode;
        if (lifeTable is not null && top["background_mortality"] is { } bmNode) _origin[lifeTable] = bmNode;
        if (top["economics"] is { } ecNode) _origin[discounting] = ecNode;

        foreach (var error in ModelCompiler.Validate(model))
        {
            var node = error.Subject is not null && _origin.TryGetValue(error.Subject, out var n) ? n : rootNode;
            _problems.At(node, $"{error.Element}: {error.Message}");
        }
        if (_problems.Any) return null;
        var compiled = ModelCompiler.Compile(model);

        // A re-read for a parameter draw needs the model only: the sections about analyses were checked on the first read.
        if (ModelOnly) return new Scenario
        {
            Name = name, Description = description, Sources = sources, File = _shownAs, Sha256 = Fingerprint(),
            InputFiles = _inputs.Select(i => i.File).ToArray(), InputHashes = _inputs.Select(i => Sha(i.Bytes)).ToArray(),
            Model = model, Compiled = compiled, Patients = patients, Seed = seed, TimeUnit = _values.Unit, Economics = economics,
            StrategyDescriptions = descriptions, Cycle = _cycle, Partitioned = _partitioned, HorizonMonths = horizon, Discounting = discounting,
            NotCompared = _notCompared,
        };
        var targets = top["targets"] is { } tn ? ReadTargets(tn, compiled) : new List<Target>();
        var trial = top["trial"] is { } tr && _values.Map(tr, "trial") is { } trm ? ReadTrial(new MapNode(trm, _problems, "trial", TrialKeys), trm, compiled) : null;
        var calibration = top["calibration"] is { } ca && _values.Map(ca, "calibration") is { } cam ? ReadCalibration(new MapNode(cam, _problems, "calibration", CalibrationKeys), cam) : null;
        var uncertainty = top["uncertainty"] is { } un && _values.Map(un, "uncertainty") is { } unm ? ReadUncertainty(new MapNode(unm, _problems, "uncertainty", UncertaintyKeys), unm) : null;
        if (_problems.Any) return null;

        return new Scenario
        {
            Name = name,
            Description = description,
            Sources = sources,
            File = _shownAs,
            Sha256 = Fingerprint(),
            InputFiles = _inputs.Select(i => i.File).ToArray(),
            InputHashes = _inputs.Select(i => Sha(i.Bytes)).ToArray(),
            Model = model,
            Compiled = compiled,
            Patients = patients,
            Seed = seed,
            TimeUnit = _values.Unit,
            Economics = economics,
            Targets = targets,
            StrategyDescriptions = descriptions,
            Cycle = _cycle,
            Partitioned = _partitioned,
            HorizonMonths = horizon,
            Discounting = discounting,
            Trial = trial,
            Calibration = calibration,
            Uncertainty = uncertainty,
            NotCompared = _notCompared,
        };
    }

    private T? Required<T>(MapNode map, string key, YamlNode where, Func<YamlNode, T?> read) where T : class
    {
        if (map[key] is { } node) return read(node);
        if (!map.Misspelled(key)) _problems.At(where, $"the scenario has no '{key}' (expected it at the top level)");
        return null;
    }

    private double? Required(MapNode map, string key, YamlNode where, Func<YamlNode, double?> read)
    {
        if (map[key] is { } node) return read(node);
        if (!map.Misspelled(key)) _problems.At(where, $"the scenario has no '{key}' (expected it at the top level)");
        return null;
    }

    /// <summary>
    /// The scenario's SHA-256: of the file's bytes when it reads no other file (what sha256sum prints); otherwise of
    /// the manifest "HASH  NAME" lines of every file read, in order (each file's own hash is in <see cref="Scenario.InputHashes"/>).
    /// </summary>
    private string Fingerprint()
    {
        if (_inputs.Count == 1) return Sha(_inputs[0].Bytes);
        var manifest = string.Concat(_inputs.Select(i => $"{Sha(i.Bytes)}  {Path.GetFileName(i.File)}\n"));
        return Sha(Encoding.UTF8.GetBytes(manifest));
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    // ---- cohort -------------------------------------------------------------------------------------------

    private void ReadAttributes(YamlMappingNode node, List<PatientAttribute> into)
    {
        foreach (var (name, key, value) in new MapNode(node, _problems, "attributes", null).Entries)
        {
            if (_values.Map(value, $"attribute '{name}'") is not { } m) continue;
            bool continuous = m.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value is "normal" or "uniform" or "constant");
            PatientAttribute? attribute = continuous ? ReadContinuous(name, m) : ReadCategorical(name, m);
            if (attribute is null) continue;
            into.Add(attribute);
            _origin[attribute] = key;
        }
    }

    private PatientAttribute? ReadCategorical(string name, YamlMappingNode m)
    {
        var levels = new List<AttributeLevel>();
        foreach (var (level, key, value) in new MapNode(m, _problems, $"attribute '{name}'", null).Entries)
            if (_values.Probability(value, $"share of {name} = {level}") is { } share) levels.Add(new AttributeLevel(level, share));
        if (levels.Count == 0)
        {
            _problems.At(m, $"attribute '{name}' has no levels (expected level: share pairs, or normal/uniform/constant for a number)");
            return null;
        }
        return levels.Count == m.Children.Count ? new CategoricalAttribute(name, levels) : null;
    }

    private PatientAttribute? ReadContinuous(string name, YamlMappingNode m)
    {
        var map = new MapNode(m, _problems, $"attribute '{name}'", ContinuousKeys);
        int kinds = new[] { "normal", "uniform", "constant" }.Count(map.Has);
        if (kinds > 1) { _problems.At(m, $"attribute '{name}' gives more than one of normal, uniform and constant (expected one)"); return null; }
        double min = double.NegativeInfinity, max = double.PositiveInfinity;
        if (map["min"] is { } mn && _values.Number(mn, $"{name} min") is { } a) min = a;
        if (map["max"] is { } mx && _values.Number(mx, $"{name} max") is { } b) max = b;
        AttributeDistribution? distribution = null;
        if (map["normal"] is { } nn && _values.Map(nn, $"{name} normal") is { } nm)
        {
            var normal = new MapNode(nm, _problems, $"{name} normal", NormalKeys);
            double? mean = normal["mean"] is { } me ? _values.Number(me, $"{name} mean") : Missing<double>(nm, $"{name} normal", "mean");
            double? sd = normal["sd"] is { } s ? _values.Number(s, $"{name} sd", v => v > 0, "a number > 0") : Missing<double>(nm, $"{name} normal", "sd");
            if (mean is { } mu && sd is { } sigma) distribution = new NormalAttribute(mu, sigma);
        }
        else if (map["uniform"] is { } un && _values.List(un, $"{name} uniform") is { } ul)
        {
            if (ul.Children.Count != 2) _problems.At(un, $"{name} uniform must be [min, max] (got {ul.Children.Count} values)");
            else if (_values.Number(ul.Children[0], $"{name} uniform min") is { } lo && _values.Number(ul.Children[1], $"{name} uniform max") is { } hi)
            {
                if (!(hi > lo)) _problems.At(un, $"{name} uniform [{Values.Fmt(lo)}, {Values.Fmt(hi)}] must have min < max");
                else { min = Math.Max(min, lo); max = Math.Min(max, hi); distribution = UniformAttribute.Instance; }
            }
        }
        else if (map["constant"] is { } cn && _values.Number(cn, $"{name} constant") is { } c)
        {
            distribution = new ConstantAttribute(c);
            if (!map.Has("min")) min = c;
            if (!map.Has("max")) max = c;
        }
        return distribution is null ? null : new ContinuousAttribute(name, distribution, min, max);
    }

    private T? Missing<T>(YamlNode where, string what, string key) where T : struct
    {
        _problems.At(where, $"{what} has no '{key}'");
        return null;
    }

    private LifeTable? ReadBackground(MapNode map, YamlNode node)
    {
        bool hazards = false;
        if (map["values"] is { } v && _values.Text(v, "values") is { } kind)
        {
            if (kind is "hazard" or "hazards") hazards = true;
            else if (kind is not ("probability" or "probabilities" or "q"))
                _problems.At(v, $"values '{kind}' is not a kind of life table (expected probability or hazard)");
        }
        if (map["life_table"] is not { } lt)
        {
            _problems.At(node, "background_mortality has no 'life_table' (expected a map of age: annual death probability, or a CSV file name)");
            return null;
        }
        if (lt is YamlScalarNode { Value: var fileValue } && fileValue is null or "" or "~" or "null")
        {
            _problems.At(lt, "life_table is empty (expected a map of age: annual death probability, or a CSV file name)");
            return null;
        }
        if (lt is YamlScalarNode { Value: { } file })
        {
            if (!File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_path)) ?? ".", file)))
            {
                _problems.At(lt, $"life_table '{file}': no such file beside the scenario (expected a CSV with a header 'age,q')");
                return null;
            }
            string full = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_path)) ?? ".", file);
            string shown = Path.Combine(Path.GetDirectoryName(_shownAs) ?? "", file);
            var table = LifeTables.ReadCsv(full, shown, _problems);
            if (table is null) return null;
            _inputs.Add((shown, File.ReadAllBytes(full)));
            return LifeTables.Build(table.Value.Ages, table.Value.Values, table.Value.Hazards);
        }
        if (_values.Map(lt, "life_table") is not { } m) return null;
        if (m.Children.Count == 0) { _problems.At(lt, "life_table has no rows (expected age: annual death probability pairs)"); return null; }
        var ages = new List<double>();
        var values = new List<double>();
        foreach (var (age, key, value) in new MapNode(m, _problems, "life_table", null).Entries)
        {
            if (!double.TryParse(age, NumberStyles.Float, CultureInfo.InvariantCulture, out double a) || !(a >= 0))
            {
                _problems.At(key, $"life table age '{age}' is not an age in years");
                continue;
            }
            double? q = hazards ? _values.Number(value, $"hazard at age {age}", x => x >= 0, "an annual hazard ≥ 0") : _values.Probability(value, $"death probability at age {age}");
            if (q is null) continue;
            ages.Add(a);
            values.Add(q.Value);
        }
        return ages.Count == m.Children.Count && ages.Count > 0 ? LifeTables.Build(ages.ToArray(), values.ToArray(), hazards) : null;
    }

    private Core.Cycles.CycleSettings? ReadCycle(MapNode map, YamlNode node)
    {
        if (map["length"] is not { } ln) { _problems.At(node, "cycle has no 'length' (expected a duration such as 1 month)"); return null; }
        var length = _values.Months(ln, "cycle length");
        var correction = Core.Cycles.WithinCycleCorrection.LifeTable;
        if (map["correction"] is { } cn && _values.Text(cn, "correction") is { } text)
        {
            string[] names = { "none", "half_cycle", "life_table", "simpson" };
            int i = Array.IndexOf(names, text);
            if (i < 0) { _problems.At(cn, $"correction '{text}' is not a within-cycle correction (expected one of: {string.Join(", ", names)}){Suggestions.DidYouMean(text, names)}"); return null; }
            correction = (Core.Cycles.WithinCycleCorrection)i;
        }
        return length is { } l ? new Core.Cycles.CycleSettings(l, correction) : null;
    }

    private (Economics, Discounting) ReadEconomics(MapNode map)
    {
        string currency = map["currency"] is { } c ? _values.Text(c, "currency") ?? "" : "";
        int? year = map["year"] is { } y ? (int?)_values.Whole(y, "year", 1900, 2200) : null;
        double both = map["discount"] is { } d ? _values.PerYear(d, "discount") ?? 0 : 0;
        double costs = map["discount_costs"] is { } dc ? _values.PerYear(dc, "discount_costs") ?? both : both;
        double outcomes = map["discount_outcomes"] is { } dq ? _values.PerYear(dq, "discount_outcomes") ?? both : both;
        double? wtp = null;
        if (map["willingness_to_pay"] is YamlScalarNode { Value: { } w } wn)
        {
            string text = w.Replace("/QALY", "", StringComparison.OrdinalIgnoreCase).Trim();
            if (!double.TryParse(text.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < 0)
                _problems.At(wn, $"willingness_to_pay '{w}' is not an amount per QALY (expected a number ≥ 0 such as 100000/QALY)");
            else wtp = v;
        }
        else if (map["willingness_to_pay"] is { } other) _problems.At(other, $"willingness_to_pay must be an amount per QALY (got {Values.Kind(other)})");
        return (new Economics { Currency = currency, PriceYear = year, WillingnessToPay = wtp }, new Discounting(costs, outcomes));
    }

    // ---- strategies ---------------------------------------------------------------------------------------

    /// <summary>A pathway as written, after <c>extends</c> is merged: each element keeps the nodes that wrote it.</summary>
    private sealed class Draft
    {
        public required string Name { get; init; }
        public required YamlNode Node { get; init; }
        public string? Label { get; set; }
        public string? Description { get; set; }
        public (string Name, YamlNode Node)? Start { get; set; }
        public List<(string Name, YamlNode Key, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> Fields)> States { get; } = new();
        public List<(string Name, YamlNode Key, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> Fields)> Chance { get; } = new();
        public List<(string From, string To, YamlNode Node, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> Fields)> Transitions { get; } = new();
        /// <summary>How each written transition is named in errors: "[a, b] → c" for a from-list, so its value errors read once.</summary>
        public Dictionary<YamlNode, string> Written { get; } = new(ReferenceEqualityComparer.Instance);
        public bool Tiered { get; init; }
        public MapNode? Map { get; init; }
    }

    private void ReadStrategies(YamlMappingNode node, List<Strategy> into, Dictionary<string, string> descriptions)
    {
        var entries = new MapNode(node, _problems, "strategies", null).Entries.ToList();
        if (entries.Count == 0) { _problems.At(node, "strategies is empty (expected at least one strategy)"); return; }
        var drafts = new Dictionary<string, Draft?>(StringComparer.Ordinal);
        foreach (var (name, key, value) in entries)
        {
            if (value is YamlMappingNode pm && pm.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == "partitioned"))
            {
                if (ReadPartitioned(name, new MapNode(pm, _problems, $"strategy '{name}'", PartitionedKeys)) is { } psm)
                {
                    _partitioned.Add(psm);
                    if (pm.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: "description" }).Value is YamlScalarNode { Value: { } d }) descriptions[name] = d;
                }
                continue;
            }
            drafts[name] = Resolve(name, value, node, _path, new List<string>());
        }

        foreach (var (name, key, value) in entries)
        {
            // compare: false — simulated and reported, left out of the incremental analysis (a tiered strategy's
            // component that is not an option for everyone). Read from this file only: it is not inherited.
            if (value is YamlMappingNode cm && cm.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: "compare" }).Value is { } cn
                && _values.Bool(cn, "compare") is false) _notCompared.Add(name);
            if (!drafts.TryGetValue(name, out var draft)) continue; // partitioned: read above
            if (draft is null) continue;
            if (draft.Description is { } d) descriptions[name] = d;
            if (draft.Tiered)
            {
                if (ReadTiered(name, draft) is { } tiered) { into.Add(tiered); _origin[tiered] = key; }
            }
            else if (BuildPathway(draft) is { } pathway)
            {
                into.Add(pathway);
                _origin[pathway] = key;
            }
        }
    }

    /// <summary>Reads strategy <paramref name="name"/> of the file <paramref name="file"/>, merging what it extends.</summary>
    private Draft? Resolve(string name, YamlNode value, YamlMappingNode strategies, string file, List<string> chain)
    {
        string id = file + "#" + name;
        if (chain.Contains(id))
        {
            _problems.At(value, $"strategy '{name}' extends itself through {string.Join(" → ", chain.Select(c => c.Split('#')[1]))} → {name} (expected a chain of extends that ends)");
            return null;
        }
        if (_resolved.TryGetValue(id, out var done)) return done;
        chain.Add(id);
        try
        {
            if (_values.Map(value, $"strategy '{name}'") is not { } m) return null;
            bool tiered = m.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == "tiers");
            var map = new MapNode(m, _problems, $"strategy '{name}'", tiered ? TieredKeys : PathwayKeys);
            var draft = new Draft { Name = name, Node = value, Tiered = tiered, Map = map };
            if (map["label"] is { } l) draft.Label = _values.Text(l, "label");
            if (map["description"] is { } d) draft.Description = _values.Text(d, "description");
            if (tiered) return draft;

            if (map["extends"] is { } ext && _values.Text(ext, "extends") is { } parentRef)
            {
                var parent = ResolveParent(parentRef, ext, strategies, file, chain);
                if (parent is null) return null;
                draft.Label ??= null;
                draft.Start = parent.Start;
                draft.States.AddRange(parent.States.Select(s => (s.Name, s.Key, new Dictionary<string, (YamlScalarNode, YamlNode)>(s.Fields))));
                draft.Chance.AddRange(parent.Chance.Select(c => (c.Name, c.Key, new Dictionary<string, (YamlScalarNode, YamlNode)>(c.Fields))));
                draft.Transitions.AddRange(parent.Transitions.Select(t => (t.From, t.To, t.Node, new Dictionary<string, (YamlScalarNode, YamlNode)>(t.Fields))));
                foreach (var (k, v) in parent.Written) draft.Written[k] = v;
            }
            if (map["start"] is { } st && _values.Text(st, "start") is { } start) draft.Start = (start, st);
            if (map["states"] is { } sn && _values.Map(sn, "states") is { } sm)
                foreach (var (stateName, key, stateValue) in new MapNode(sm, _problems, "states", null).Entries)
                    MergeNamed(draft.States, stateName, key, stateValue, $"state '{stateName}'", StateKeys, replaceTogether: Array.Empty<string[]>());
            if (map["chance"] is { } cn && _values.Map(cn, "chance") is { } cm)
                foreach (var (nodeName, key, nodeValue) in new MapNode(cm, _problems, "chance", null).Entries)
                    MergeNamed(draft.Chance, nodeName, key, nodeValue, $"chance node '{nodeName}'", ChanceKeys, new[] { new[] { "tag", "tags" } });
            if (map["transitions"] is { } tn && _values.List(tn, "transitions") is { } tl)
            {
                var written = new HashSet<(string, string)>();
                foreach (var item in tl.Children) MergeTransition(draft, item, written);
            }
            return _resolved[id] = draft;
        }
        finally
        {
            chain.RemoveAt(chain.Count - 1);
        }
    }

    private Draft? ResolveParent(string parentRef, YamlNode where, YamlMappingNode strategies, string file, List<string> chain)
    {
        string parentName = parentRef, parentFile = file;
        YamlMappingNode parentStrategies = strategies;
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
            if (!File.Exists(parentFile))
            {
                _problems.At(where, $"extends '{parentRef}', but there is no file '{relative}' beside this one");
                return null;
            }
            if (LoadOther(parentFile, Path.Combine(Path.GetDirectoryName(_problems.FileOf(where)) ?? "", relative)) is not YamlMappingNode otherRoot) return null;
            var strategiesNode = otherRoot.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: "strategies" }).Value as YamlMappingNode;
            if (strategiesNode is null)
            {
                _problems.At(where, $"'{relative}' has no strategies map to extend from");
                return null;
            }
            parentStrategies = strategiesNode;
        }
        var parentNode = parentStrategies.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode k && k.Value == parentName).Value;
        if (parentNode is null)
        {
            var names = parentStrategies.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!).ToArray();
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

    private YamlNode? LoadOther(string fullPath, string shownAs)
    {
        if (_otherFiles.TryGetValue(fullPath, out var cached)) return cached;
        var root = ReadTree(fullPath, shownAs);
        if (root is YamlMappingNode map && map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: "time_unit" }).Value is YamlScalarNode { Value: { } u }
            && Quantity.ParseTimeUnit(u) is { } unit)
            _unitOf[shownAs] = unit;
        if (root is not null && _pendingOverrides.TryGetValue(fullPath, out var pending))
            foreach (var (path, value) in pending) SetNumber(root, path, value);
        _otherFiles[fullPath] = root;
        return root;
    }

    private readonly Dictionary<string, List<(HccSim.Scenarios.Parameters.ParameterPath Path, double Value)>> _pendingOverrides = new(StringComparer.Ordinal);

    /// <summary>
    /// Files already read and parsed, by full path, to read again without touching the disk or the parser: a parameter
    /// draw re-reads the same files with only some numbers set. Whoever passes one owns it (not thread-safe), and every
    /// number a read sets must be set again by the next read that uses the cache (a template does exactly that).
    /// </summary>
    public Dictionary<string, (byte[] Bytes, YamlNode? Root, YamlNode[] Nodes)>? ParsedFiles { get; init; }

    /// <summary>Read the model only: targets, trial, calibration and uncertainty are left unread (a re-read with other numbers).</summary>
    public bool ModelOnly { get; init; }

    private YamlNode? ReadTree(string fullPath, string shownAs)
    {
        if (ParsedFiles is not null && ParsedFiles.TryGetValue(fullPath, out var parsed))
        {
            _inputs.Add((shownAs, parsed.Bytes));
            _problems.Own(parsed.Nodes, shownAs); // errors and time units know each node's file
            return parsed.Root;
        }
        var text = ScenarioFiles.ReadText(fullPath, shownAs, _problems, out var bytes);
        if (text is null) return null;
        _inputs.Add((shownAs, bytes));
        var root = ScenarioFiles.Parse(text, shownAs, _problems);
        if (ParsedFiles is not null && root is not null) ParsedFiles[fullPath] = (bytes, root, root.AllNodes.ToArray());
        return root;
    }

    /// <summary>The full path of a file named relative to this scenario.</summary>
    private string OtherFile(string relative) => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_path)) ?? ".", relative));

    private void SetNumber(YamlNode root, HccSim.Scenarios.Parameters.ParameterPath path, double value)
    {
        if (path.Resolve(root, out var pathError) is not { } scalar) { _problems.At(_shownAs, 1, 1, $"cannot set {path}: {pathError}"); return; }
        scalar.Value = HccSim.Scenarios.Parameters.WrittenNumber.Parse(scalar.Value)!.Value.WithExact(value);
    }

    /// <summary>Adds a named element, or overrides the inherited one key by key.</summary>
    private void MergeNamed(List<(string Name, YamlNode Key, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> Fields)> list,
        string name, YamlNode key, YamlNode value, string what, string[] allowed, string[][] replaceTogether)
    {
        if (_values.Map(value, what) is not { } m) return;
        var map = new MapNode(m, _problems, what, allowed);
        var fields = map.Entries.ToDictionary(e => e.Name, e => (e.Key, e.Value), StringComparer.Ordinal);
        int i = list.FindIndex(x => x.Name == name);
        if (i < 0) { list.Add((name, key, fields)); return; }
        var merged = new Dictionary<string, (YamlScalarNode, YamlNode)>(list[i].Fields);
        foreach (var group in replaceTogether)
            if (group.Any(fields.ContainsKey))
                foreach (var k in group) merged.Remove(k);
        foreach (var (k, v) in fields) merged[k] = v;
        list[i] = (name, key, merged);
    }

    private void MergeTransition(Draft draft, YamlNode item, HashSet<(string, string)> written)
    {
        if (_values.Map(item, "a transition") is not { } m) return;
        var map = new MapNode(m, _problems, "a transition", TransitionKeys);
        var froms = map["from"] is { } fn ? _values.Names(fn, "from") : Missing<int>(m, "a transition", "from") is null ? null : null;
        string? to = map["to"] is { } tn ? _values.Text(tn, "to") : null;
        if (map["to"] is null) _problems.At(m, "a transition has no 'to'");
        if (froms is null || to is null) return;
        var fields = map.Entries.Where(e => e.Name is not ("from" or "to")).ToDictionary(e => e.Name, e => (e.Key, e.Value), StringComparer.Ordinal);
        draft.Written[item] = froms.Count == 1 ? $"{froms[0].Name} → {to}" : $"[{string.Join(", ", froms.Select(f => f.Name))}] → {to}";
        bool remove = map["remove"] is { } r && _values.Bool(r, "remove") == true;
        fields.Remove("remove");
        foreach (var (from, fromNode) in froms)
        {
            int i = draft.Transitions.FindIndex(t => t.From == from && t.To == to);
            if (remove)
            {
                if (i < 0) _problems.At(item, $"removes {from} → {to}, which is not inherited (expected a transition of the strategy it extends)");
                else draft.Transitions.RemoveAt(i);
                continue;
            }
            // One strategy gives each (from, to) once: a second would silently replace the first.
            if (!written.Add((from, to)))
            {
                _problems.At(fromNode, $"transition {from} → {to} is given twice in strategy '{draft.Name}' (expected one transition per pair of states; put competing causes through different states or one combined rate)");
                continue;
            }
            i = draft.Transitions.FindIndex(t => t.From == from && t.To == to);
            if (i < 0)
            {
                draft.Transitions.Add((from, to, item, new Dictionary<string, (YamlScalarNode, YamlNode)>(fields)));
                continue;
            }
            // Override key by key; a new time distribution (or tag list) replaces the inherited one whole.
            var merged = new Dictionary<string, (YamlScalarNode, YamlNode)>(draft.Transitions[i].Fields);
            if (fields.Keys.Any(DistributionKeys.Contains)) foreach (var k in DistributionKeys) merged.Remove(k);
            if (fields.ContainsKey("tag") || fields.ContainsKey("tags")) { merged.Remove("tag"); merged.Remove("tags"); }
            foreach (var (k, v) in fields) merged[k] = v;
            draft.Transitions[i] = (from, to, item, merged);
        }
    }

    private PathwayStrategy? BuildPathway(Draft draft)
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
        bool complete = transitions.Count == draft.Transitions.Count && draft.Transitions.All(t => draft.States.Any(x => x.Name == t.From));
        foreach (var (name, key, fields) in complete ? draft.States : new())
        {
            bool dead = fields.TryGetValue("dead", out var dv) && _values.Bool(dv.Value, "dead") == true;
            bool absorbing = fields.TryGetValue("absorbing", out var av) && _values.Bool(av.Value, "absorbing") == true;
            if (!dead && !absorbing && !draft.Transitions.Any(t => t.From == name))
                _problems.At(key, $"state '{name}' of {el} has no way out (expected a transition from it, or 'absorbing: true' if patients stay there until the horizon or death from other causes)");
        }

        if (draft.Start is not { } start)
        {
            _problems.At(draft.Node, $"{el} has no 'start' (expected the state or chance node every patient begins in)");
            return null;
        }
        var pathway = new PathwayStrategy(draft.Name, start.Name, states, transitions) { Label = draft.Label ?? draft.Name, ChanceNodes = chance };
        _origin[pathway] = draft.Node;
        return pathway;
    }

    private State? ReadState(string name, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> fields, YamlNode key)
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
            if (on.Value is YamlSequenceNode { Children.Count: 0 } || on.Value is YamlScalarNode { Value: null or "" or "~" or "null" or "none" })
                therapies = Array.Empty<string>(); // on nothing: drug-free
            else if (_values.Names(on.Value, "on") is { } list) therapies = list.Select(x => x.Name).ToArray();
            else ok = false;
        }
        double cost = 0, utility = 0;
        if (fields.TryGetValue("cost", out var c))
        {
            if (_values.PerMonth(c.Value, $"cost of state '{name}'", "26250/month", allowNegative: true) is { } v) cost = v; else ok = false;
        }
        if (fields.TryGetValue("utility", out var u))
        {
            if (_values.Number(u.Value, $"utility of state '{name}'", x => x >= -1 && x <= 1, "a utility from −1 to 1, such as 0.76") is { } v) utility = v; else ok = false;
        }
        return ok ? new State(name, flags, therapies, cost, utility) : null;
    }

    private ChanceNode? ReadChance(string name, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> fields, YamlNode key)
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
        (int Index, string Target, IReadOnlyList<string> Tags, YamlNode Node)? rest = null;
        foreach (var (target, tk, tv) in new MapNode(tm, _problems, $"chance node '{name}' to", null).Entries)
        {
            double? p;
            IReadOnlyList<string> tags = Array.Empty<string>();
            YamlNode? pNode = tv;
            if (tv is YamlMappingNode bm)
            {
                var branch = new MapNode(bm, _problems, $"branch to '{target}'", BranchKeys);
                pNode = branch["p"];
                if (branch["p"] is null) _problems.At(bm, $"branch to '{target}' has no 'p' (expected its probability)");
                tags = Tags(branch["tag"], branch["tags"]) ?? Array.Empty<string>();
            }
            if (pNode is YamlScalarNode { Value: "rest" } restNode)
            {
                if (rest is not null) { _problems.At(restNode, $"chance node '{name}' has more than one 'rest' branch (expected at most one: the share the others leave)"); ok = false; continue; }
                rest = (branches.Count, target, tags, restNode);
                branches.Add(new ChanceBranch(target, 0));
                continue;
            }
            p = pNode is null ? null : _values.Probability(pNode, $"probability of '{target}'");
            if (p is null) { ok = false; continue; }
            var b = new ChanceBranch(target, p.Value) { Tags = tags };
            branches.Add(b);
            _origin[b] = tv;
        }
        if (rest is { } r && ok)
        {
            double others = branches.Where((_, i) => i != r.Index).Sum(b => b.Probability);
            if (others > 1 + 1e-9) { _problems.At(r.Node, $"chance node '{name}': the other branches already sum to {Values.Fmt(others)} (expected at most 1, leaving 'rest' ≥ 0)"); ok = false; }
            else
            {
                var b = new ChanceBranch(r.Target, Math.Max(0, 1 - others)) { Tags = r.Tags };
                branches[r.Index] = b;
                _origin[b] = r.Node;
            }
        }
        double cost = fields.TryGetValue("cost", out var c) ? _values.Number(c.Value, "cost", double.IsFinite) ?? double.NaN : 0;
        double toll = fields.TryGetValue("toll", out var t) ? _values.Number(t.Value, "toll", double.IsFinite, "a QALY loss such as 0.01") ?? double.NaN : 0;
        var nodeTags = Tags(fields.TryGetValue("tag", out var tg) ? tg.Value : null, fields.TryGetValue("tags", out var tgs) ? tgs.Value : null);
        if (!ok || double.IsNaN(cost) || double.IsNaN(toll) || nodeTags is null) return null;
        return new ChanceNode(name, branches) { Cost = cost, UtilityToll = toll, Tags = nodeTags };
    }

    private IReadOnlyList<string>? Tags(YamlNode? tag, YamlNode? tags)
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

    private Transition? ReadTransition(string from, string to, YamlNode node, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> f, string written)
    {
        string what = $"transition {written}";
        var given = DistributionKeys.Where(f.ContainsKey).ToArray();
        if (given.Length != 1)
        {
            _problems.At(node, given.Length == 0
                ? $"{what} has no time to event (expected one of: {string.Join(", ", DistributionKeys)})"
                : $"{what} gives {string.Join(" and ", given)} (expected exactly one time to event)");
            return null;
        }
        var (distKey, distNode) = (given[0], f[given[0]].Value);
        TimeToEvent? time = ReadDistribution(distKey, distNode, what);
        var clock = Clock.TimeInState;
        if (f.TryGetValue("clock", out var cl) && _values.Text(cl.Value, "clock") is { } clockText)
        {
            switch (clockText)
            {
                case "in_state" or "time_in_state": clock = Clock.TimeInState; break;
                case "since_start" or "time_since_start": clock = Clock.TimeSinceStart; break;
                case "age": clock = Clock.Age; break;
                default:
                    _problems.At(cl.Value, $"clock '{clockText}' is not a clock (expected in_state, since_start or age){Suggestions.DidYouMean(clockText, new[] { "in_state", "since_start", "age" })}");
                    time = null;
                    break;
            }
        }
        var hrs = f.TryGetValue("hr", out var hr) ? ReadHazardRatios(hr.Value) : new List<HazardRatio>();
        double cost = f.TryGetValue("cost", out var c) ? _values.Number(c.Value, "cost", double.IsFinite) ?? double.NaN : 0;
        double toll = f.TryGetValue("toll", out var t) ? _values.Number(t.Value, "toll", double.IsFinite, "a QALY loss such as 0.01") ?? double.NaN : 0;
        var tags = Tags(f.TryGetValue("tag", out var tg) ? tg.Value : null, f.TryGetValue("tags", out var tgs) ? tgs.Value : null);
        if (time is null || hrs is null || double.IsNaN(cost) || double.IsNaN(toll) || tags is null) return null;
        var transition = new Transition(from, to, time) { Clock = clock, HazardRatios = hrs, Cost = cost, UtilityToll = toll, Tags = tags };
        _origin[transition] = node;
        _origin[time] = distNode;
        return transition;
    }

    private TimeToEvent? ReadDistribution(string key, YamlNode node, string what)
    {
        switch (key)
        {
            case "rate":
                return _values.PerMonth(node, $"rate of {what}", "0.05/month", allowZero: false) is { } r ? new Exponential(r) : null;
            case "median":
                return _values.Months(node, $"median of {what}") is { } m ? Exponential.FromMedian(m) : null;
            case "probability":
            {
                // A per-cycle probability, or a list of them by cycle in the state (the last holds for ever).
                if (_cycle is null)
                {
                    _problems.At(node, $"probability of {what} is per cycle, but the scenario sets no 'cycle' (expected cycle: {{ length: 1 month }})");
                    return null;
                }
                var items = node is YamlSequenceNode seq ? seq.Children.ToList() : new List<YamlNode> { node };
                if (items.Count == 0) { _problems.At(node, $"probability of {what} lists no values"); return null; }
                var values = items.Select(i => _values.PerCycleProbability(i, $"probability of {what}")).ToList();
                return values.All(v => v is not null) ? new PerCycle(_cycle.CycleMonths, values.Select(v => v!.Value).ToArray()) : null;
            }
            case "mean":
                return _values.Months(node, $"mean of {what}") is { } mean ? new Exponential(1 / mean) : null;
            case "delay":
                if (node is YamlMappingNode dm)
                {
                    var map = new MapNode(dm, _problems, $"delay of {what}", new[] { "uniform" });
                    if (map["uniform"] is null) { _problems.At(dm, $"delay of {what} must be a duration or {{ uniform: [min, max] }}"); return null; }
                    if (_values.List(map["uniform"]!, "uniform delay") is not { } ul) return null;
                    var un = map["uniform"]!;
                    if (ul.Children.Count != 2) { _problems.At(un, $"uniform delay must be [min, max] (got {ul.Children.Count} values)"); return null; }
                    var lo = _values.Months(ul.Children[0], "uniform delay min", allowZero: true);
                    var hi = _values.Months(ul.Children[1], "uniform delay max");
                    return lo is { } a && hi is { } b ? new UniformDelay(a, b) : null;
                }
                return _values.Months(node, $"delay of {what}") is { } d ? new FixedDelay(d) : null;
            case "weibull":
            {
                if (Parameters(node, $"weibull of {what}", new[] { "shape", "scale", "median" }) is not { } p || !OneOf(p, node, $"weibull of {what}", "scale", "median")) return null;
                double? shape = p["shape"] is { } s ? _values.Number(s, "Weibull shape", v => v > 0, "a shape > 0") : Absent("shape", node, what);
                double? scale = p["scale"] is { } sc ? _values.Months(sc, "Weibull scale")
                    : p["median"] is { } md && _values.Months(md, "Weibull median") is { } med && shape is { } k ? med / Math.Pow(Math.Log(2), 1 / k) : Absent("scale (or median)", node, what);
                return shape is { } sh && scale is { } sca ? new Weibull(sh, sca) : null;
            }
            case "gompertz":
            {
                if (Parameters(node, $"gompertz of {what}", new[] { "shape", "rate" }) is not { } p) return null;
                double? shape = p["shape"] is { } s ? _values.PerMonth(s, "Gompertz shape", "0.01/month", allowNegative: true) : Absent("shape", node, what);
                double? rate = p["rate"] is { } rn ? _values.PerMonth(rn, "Gompertz rate", "0.02/month", allowZero: false) : Absent("rate", node, what);
                return shape is { } a && rate is { } b ? new Gompertz(a, b) : null;
            }
            case "loglogistic":
            {
                if (Parameters(node, $"loglogistic of {what}", new[] { "shape", "scale", "median" }) is not { } p || !OneOf(p, node, $"loglogistic of {what}", "scale", "median")) return null;
                double? shape = p["shape"] is { } s ? _values.Number(s, "log-logistic shape", v => v > 0, "a shape > 0") : Absent("shape", node, what);
                double? scale = p["scale"] is { } sc ? _values.Months(sc, "log-logistic scale") : p["median"] is { } md ? _values.Months(md, "log-logistic median") : Absent("scale (or median)", node, what);
                return shape is { } a && scale is { } b ? new LogLogistic(a, b) : null;
            }
            case "lognormal":
            {
                if (Parameters(node, $"lognormal of {what}", new[] { "median", "meanlog", "sdlog" }) is not { } p || !OneOf(p, node, $"lognormal of {what}", "median", "meanlog")) return null;
                double? sdlog = p["sdlog"] is { } s ? _values.Number(s, "log-normal sdlog", v => v > 0, "a number > 0") : Absent("sdlog", node, what);
                double? meanlog = p["median"] is { } md ? (_values.Months(md, "log-normal median") is { } medianMonths ? Math.Log(medianMonths) : null)
                    : p["meanlog"] is { } ml ? (_values.Number(ml, "log-normal meanlog") is { } l ? l + Math.Log(Quantity.MonthsIn(_values.Unit)) : null)
                    : Absent("median (or meanlog)", node, what);
                return meanlog is { } mu && sdlog is { } sigma ? new LogNormal(mu, sigma) : null;
            }
            case "piecewise":
            {
                if (_values.List(node, $"piecewise of {what}") is not { } list) return null;
                var starts = new List<double>();
                var rates = new List<double>();
                foreach (var item in list.Children)
                {
                    if (item is not YamlSequenceNode { Children.Count: 2 } pair)
                    {
                        _problems.At(item, $"piecewise hazard intervals are [from, rate] pairs, such as [12 months, 0.02/month] (got {Values.Kind(item)})");
                        return null;
                    }
                    var start = _values.Months(pair.Children[0], "piecewise interval start", allowZero: true);
                    var rate = _values.PerMonth(pair.Children[1], "piecewise rate", "0.02/month");
                    if (start is null || rate is null) return null;
                    starts.Add(start.Value);
                    rates.Add(rate.Value);
                }
                return new PiecewiseHazard(starts, rates);
            }
        }
        return null;
    }

    /// <summary>Two ways of giving one parameter: at most one may be used.</summary>
    private bool OneOf(MapNode p, YamlNode node, string what, string a, string b)
    {
        if (!(p.Has(a) && p.Has(b))) return true;
        _problems.At(node, $"{what} gives both {a} and {b} (expected one of them)");
        return false;
    }

    private MapNode? Parameters(YamlNode node, string what, string[] keys)
        => _values.Map(node, what) is { } m ? new MapNode(m, _problems, what, keys) : null;

    private double? Absent(string key, YamlNode node, string what)
    {
        _problems.At(node, $"{what} has no {key}");
        return null;
    }

    private List<HazardRatio>? ReadHazardRatios(YamlNode node)
    {
        if (_values.Map(node, "hr") is not { } m) return null;
        var list = new List<HazardRatio>();
        bool ok = true;
        foreach (var (attribute, key, value) in new MapNode(m, _problems, "hr", null).Entries)
        {
            if (_values.Map(value, $"hr for '{attribute}'") is not { } vm) { ok = false; continue; }
            HazardRatio? hr;
            if (vm.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value is "per_unit" or "reference"))
            {
                var map = new MapNode(vm, _problems, $"hr for '{attribute}'", ContinuousHrKeys);
                double? per = map["per_unit"] is { } pu ? _values.Number(pu, "per_unit", v => v > 0, "a hazard ratio > 0 per unit") : Absent("per_unit", vm, $"hr for '{attribute}'");
                double? reference = map["reference"] is { } rf ? _values.Number(rf, "reference") : Absent("reference", vm, $"hr for '{attribute}'");
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

    /// <summary>A partitioned-survival strategy: OS and PFS curves, and the cost and utility of each side of progression.</summary>
    private Core.Analytic.PartitionedSurvivalStrategy? ReadPartitioned(string name, MapNode map)
    {
        if (_values.Map(map["partitioned"]!, $"partitioned of '{name}'") is not { } pm) return null;
        var curves = new MapNode(pm, _problems, $"partitioned of '{name}'", CurveKeys);
        TimeToEvent? Curve(string key)
        {
            if (curves[key] is not { } node) { _problems.At(pm, $"partitioned of '{name}' has no '{key}' curve"); return null; }
            if (_values.Map(node, $"{key} of '{name}'") is not { } cm) return null;
            var given = cm.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!).ToArray();
            string[] families = { "rate", "median", "mean", "weibull", "gompertz", "loglogistic", "lognormal", "piecewise" };
            var unknown = given.Where(g => !families.Contains(g)).ToArray();
            if (unknown.Length > 0 || given.Length != 1)
            {
                _problems.At(node, $"{key} of '{name}' must give one curve: one of {string.Join(", ", families)} (got {(given.Length == 0 ? "none" : string.Join(", ", given))})");
                return null;
            }
            var time = ReadDistribution(given[0], cm.Children.First().Value, $"{key} of '{name}'");
            if (time is not null) foreach (var problem in time.Problems()) _problems.At(cm.Children.First().Value, $"{key} of '{name}': {problem}");
            return time;
        }
        (double Cost, double Utility)? Side(string key)
        {
            if (curves[key] is not { } node) return (0, 0);
            if (_values.Map(node, $"{key} of '{name}'") is not { } sm) return null;
            var side = new MapNode(sm, _problems, $"{key} of '{name}'", CurveStateKeys);
            double cost = side["cost"] is { } c ? _values.PerMonth(c, $"cost of {key}", "2000/month", allowNegative: true) ?? double.NaN : 0;
            double utility = side["utility"] is { } u ? _values.Number(u, $"utility of {key}", x => x >= -1 && x <= 1, "a utility from −1 to 1") ?? double.NaN : 0;
            return double.IsNaN(cost) || double.IsNaN(utility) ? null : (cost, utility);
        }
        var os = Curve("os");
        var pfs = Curve("pfs");
        var pf = Side("progression_free");
        var progressed = Side("progressed");
        if (os is null || pfs is null || pf is null || progressed is null) return null;
        return new Core.Analytic.PartitionedSurvivalStrategy(name, os, pfs)
        {
            Label = map["label"] is { } l ? _values.Text(l, "label") ?? name : name,
            ProgressionFreeCostPerMonth = pf.Value.Cost, ProgressionFreeUtility = pf.Value.Utility,
            ProgressedCostPerMonth = progressed.Value.Cost, ProgressedUtility = progressed.Value.Utility,
        };
    }

    private TieredStrategy? ReadTiered(string name, Draft draft)
    {
        var map = draft.Map!;
        if (_values.List(map["tiers"]!, $"tiers of '{name}'") is not { } list) return null;
        var rules = new List<RoutingRule>();
        foreach (var item in list.Children)
        {
            if (_values.Map(item, "a tier") is not { } tm) return null;
            var tier = new MapNode(tm, _problems, "a tier", TierKeys);
            string? use = tier["use"] is { } u ? _values.Text(u, "use") : null;
            if (tier["use"] is null) _problems.At(tm, "a tier has no 'use' (expected the strategy its patients follow)");
            var conditions = new List<AttributeCondition>();
            if (tier["when"] is { } w && _values.Map(w, "when") is { } wm)
            {
                foreach (var (attribute, key, value) in new MapNode(wm, _problems, "when", null).Entries)
                {
                    if (value is YamlMappingNode rm)
                    {
                        var range = new MapNode(rm, _problems, $"range of '{attribute}'", RangeKeys);
                        double min = range["min"] is { } mn ? _values.Number(mn, "min") ?? double.NaN : double.NegativeInfinity;
                        double max = range["max"] is { } mx ? _values.Number(mx, "max") ?? double.NaN : double.PositiveInfinity;
                        conditions.Add(new RangeCondition(attribute, min, max));
                    }
                    else if (_values.Names(value, $"levels of '{attribute}'") is { } levels)
                        conditions.Add(new LevelCondition(attribute, levels.Select(l => l.Name).ToArray()));
                }
            }
            if (use is null) continue;
            var rule = new RoutingRule(conditions, use);
            rules.Add(rule);
            _origin[rule] = item;
        }
        return new TieredStrategy(name, rules) { Label = draft.Label ?? name };
    }

    // ---- trial --------------------------------------------------------------------------------------------

    /// <summary>A trial design: arms, allocation, size, accrual, analysis, drop-out, endpoint, strata, alpha, interim looks.</summary>
    private TrialSection? ReadTrial(MapNode map, YamlNode node, CompiledModel model)
    {
        if (map["arms"] is not { } an || _values.Names(an, "arms") is not { Count: 2 } arms)
        {
            _problems.At(map["arms"] ?? node, "trial arms must be two strategies: [control, experimental]");
            return null;
        }
        foreach (var (arm, armNode) in arms)
            if (!model.StrategyNames.Contains(arm))
                _problems.At(armNode, $"trial arm '{arm}' is not a strategy of the scenario{Suggestions.DidYouMean(arm, model.StrategyNames)}");
        int controlShare = 1, experimentalShare = 1;
        if (map["allocation"] is { } al && _values.Text(al, "allocation") is { } ratio)
        {
            var parts = ratio.Split(':');
            if (parts.Length != 2 || !int.TryParse(parts[0], out controlShare) || !int.TryParse(parts[1], out experimentalShare) || controlShare < 1 || experimentalShare < 1)
                _problems.At(al, $"allocation '{ratio}' must be a ratio of whole numbers like 1:1 or 1:2");
        }
        string endpoint = "os";
        string? tag = null;
        if (map["endpoint"] is { } en && _values.Text(en, "endpoint") is { } e)
        {
            if (TrialSection.ParseEndpoint(e) is { } parsed) (endpoint, tag) = parsed;
            else _problems.At(en, $"endpoint '{e}' must be os, pfs, cfdf (cancer-free drug-free at the landmark) or tag:NAME");
            if (tag is not null && !model.TagNames.Contains(tag)) _problems.At(en, $"endpoint tag '{tag}' is not used by any transition{Suggestions.DidYouMean(tag, model.TagNames)}");
        }
        var interim = map["interim"] is { } ii ? (ii is YamlSequenceNode seq ? seq.Children : new List<YamlNode> { ii }).Select(x => _values.Probability(x, "interim share of events")).ToList() : new List<double?>();
        var design = new TrialSection(arms[0].Name, arms[1].Name)
        {
            Patients = map["patients"] is { } p ? (int)(_values.Whole(p, "trial patients", 2, 1_000_000) ?? 2) : 300,
            ControlShare = controlShare, ExperimentalShare = experimentalShare,
            AccrualMonths = map["accrual"] is { } ac ? _values.Months(ac, "accrual", allowZero: true) ?? 0 : 24,
            Ramp = map["ramp"] is { } rp && _values.Bool(rp, "ramp") == true,
            AnalysisMonths = map["analysis"] is { } at ? _values.Months(at, "analysis") : null,
            AnalysisEvents = map["events"] is { } ev ? (int?)_values.Whole(ev, "events", 1, 1_000_000) : null,
            DropoutPerMonth = map["dropout"] is { } dr ? _values.PerMonth(dr, "dropout", "0.01/month") ?? 0 : 0,
            Endpoint = endpoint, Tag = tag,
            LandmarkMonths = map["landmark"] is { } lm ? _values.Months(lm, "landmark") : null,
            Strata = map["strata"] is { } st ? _values.Text(st, "strata") : null,
            Alpha = map["alpha"] is { } a ? _values.Number(a, "alpha", x => x > 0 && x < 1, "a significance level such as 0.05") ?? 0.05 : 0.05,
            InterimFractions = interim.Where(x => x is not null).Select(x => x!.Value).ToArray(),
        };
        foreach (var problem in design.Problems()) _problems.At(node, $"trial: {problem}");
        if (design.Strata is { } strata && !model.AttributeNames.Contains(strata))
            _problems.At(map["strata"]!, $"trial strata '{strata}' is not an attribute{Suggestions.DidYouMean(strata, model.AttributeNames)}");
        else if (design.Strata is { } levelled && model.AttributeLevels(model.AttributeNames.ToList().IndexOf(levelled)) is null)
            _problems.At(map["strata"]!, $"trial strata '{levelled}' is a continuous attribute (expected a categorical one: its levels are the strata)");
        int replicates = map["replicates"] is { } rn ? (int)(_values.Whole(rn, "replicates", 1, 1_000_000) ?? 2000) : 2000;
        return design with { Replicates = replicates };
    }

    // ---- targets ------------------------------------------------------------------------------------------

    /// <summary>A target's subgroup: categorical attribute → level, each level one that some patients have.</summary>
    private (string Attribute, string Level)[] ReadSubgroup(YamlNode node, CompiledModel model)
    {
        var result = new List<(string, string)>();
        if (_values.Map(node, "subgroup") is not { } m) return result.ToArray();
        var names = model.AttributeNames;
        foreach (var (attribute, key, value) in new MapNode(m, _problems, "subgroup", null).Entries)
        {
            int a = names.ToList().IndexOf(attribute);
            if (a < 0) { _problems.At(key, $"subgroup attribute '{attribute}' is not an attribute of the cohort{Suggestions.DidYouMean(attribute, names)}"); continue; }
            if (model.AttributeLevels(a) is not { } levels) { _problems.At(key, $"subgroup attribute '{attribute}' is continuous (expected a categorical attribute and one of its levels)"); continue; }
            if (_values.Text(value, "subgroup level") is not { } level) continue;
            if (!levels.Contains(level)) { _problems.At(value, $"'{level}' is not a level of '{attribute}' (levels: {string.Join(", ", levels)}){Suggestions.DidYouMean(level, levels)}"); continue; }
            var attr = (CategoricalAttribute)model.Source.Attributes.First(x => x.Name == attribute);
            if (attr.Levels.First(l => l.Name == level).Share == 0) { _problems.At(value, $"level '{level}' of '{attribute}' has a share of 0: the subgroup has no patients"); continue; }
            result.Add((attribute, level));
        }
        return result.ToArray();
    }

    private List<Target> ReadTargets(YamlNode node, CompiledModel model)
    {
        var targets = new List<Target>();
        if (_values.List(node, "targets") is not { } list) return targets;
        foreach (var item in list.Children)
        {
            if (_values.Map(item, "a target") is not { } m) continue;
            var map = new MapNode(m, _problems, "a target", TargetKeys);
            string? strategy = map["strategy"] is { } s ? _values.Text(s, "strategy") : model.StrategyNames.Count == 1 ? model.StrategyNames[0] : null;
            if (map["strategy"] is null && strategy is null) _problems.At(m, "a target has no 'strategy' (expected the strategy it is about)");
            int index = strategy is null ? -1 : model.StrategyNames.ToList().IndexOf(strategy);
            if (strategy is not null && index < 0)
                _problems.At(map["strategy"]!, $"target strategy '{strategy}' is not a strategy of the scenario{Suggestions.DidYouMean(strategy, model.StrategyNames)}");
            string? outcome = map["outcome"] is { } o ? _values.Text(o, "outcome") : null;
            // A bare time in an outcome (os_at(3)) is in the file's time unit, as every bare duration is.
            if (outcome is not null && map["outcome"] is { } on && _values.UnitOf?.Invoke(on) is { } unit && unit != TimeUnit.Months)
                outcome = System.Text.RegularExpressions.Regex.Replace(outcome, @"([(,]\s*)([0-9]+(?:\.[0-9]+)?)(\s*\))", m => $"{m.Groups[1].Value}{m.Groups[2].Value} {unit.ToString().ToLowerInvariant()}{m.Groups[3].Value}");
            NamedOutcome? parsed = null;
            if (map["outcome"] is null) _problems.At(m, "a target has no 'outcome'");
            else if (outcome is not null && index >= 0 && (parsed = NamedOutcome.Parse(outcome, model, index, TimeGrid.Default, out var error)) is null)
                _problems.At(map["outcome"]!, $"target outcome: {error}");
            // Values of outcomes in months (medians, restricted means) are durations: '2 years', or bare in the time unit.
            bool duration = parsed?.Unit == "months";
            double? Value(YamlNode n, string what) => duration ? _values.Months(n, what, allowZero: true) : _values.Number(n, what);
            double? value = map["value"] is { } v ? Value(v, "target value") : Absent("value", m, "a target");
            double? lower = map["lower"] is { } lo ? Value(lo, "target lower") : null;
            double? upper = map["upper"] is { } up ? Value(up, "target upper") : null;
            string? source = map["source"] is { } so ? _values.Text(so, "source") : null;
            if (map["source"] is null) _problems.At(m, "a target has no 'source' (expected where the published figure comes from)");
            string? definition = map["definition"] is { } de ? _values.Text(de, "definition") : null;
            double? tolerance = map["tolerance"] is { } tn ? Value(tn, "target tolerance") : null;
            string? reason = map["tolerance_reason"] is { } tr ? _values.Text(tr, "tolerance_reason") : null;
            if (tolerance is { } tol && !(tol >= 0)) _problems.At(map["tolerance"]!, $"target tolerance must be ≥ 0 (got {Values.Fmt(tol)})");
            if (map["tolerance"] is not null && string.IsNullOrWhiteSpace(reason))
                _problems.At(map["tolerance"]!, "a target tolerance needs its reason (expected tolerance_reason: why this target may be missed by that much)");
            if (map["tolerance_reason"] is { } orphan && map["tolerance"] is null)
                _problems.At(orphan, "tolerance_reason without a tolerance (expected tolerance: the distance that still meets the target)");
            if (lower is { } l && upper is { } u2 && value is { } v2 && !(l <= v2 && v2 <= u2))
                _problems.At(m, $"target interval [{Values.Fmt(l)}, {Values.Fmt(u2)}] does not contain its value {Values.Fmt(v2)}");
            string? conflict = map["conflict"] is { } cf ? _values.Text(cf, "conflict") : null;
            if (map["conflict"] is { } cfn && string.IsNullOrWhiteSpace(conflict)) _problems.At(cfn, "a target conflict needs its reason (expected the figures it cannot be met together with, and why)");
            if (map["conflict"] is { } cfn2 && map["tolerance"] is not null) _problems.At(cfn2, "a target has both a conflict and a tolerance (expected one: a conflict is reported as a residual, never met by tolerance)");
            var subgroup = map["subgroup"] is { } sg ? ReadSubgroup(sg, model) : Array.Empty<(string, string)>();
            double weight = map["weight"] is { } wn ? _values.Number(wn, "target weight", w => w >= 0 && w <= 1e6, "a weight from 0 to 1000000") ?? 1 : 1;
            if (strategy is null || outcome is null || value is null || source is null) continue;
            targets.Add(new Target(strategy, parsed?.Name ?? outcome, value.Value, lower, upper, source)
            {
                Definition = definition, Line = (int)m.Start.Line, Tolerance = tolerance, ToleranceReason = reason,
                Subgroup = subgroup, Weight = weight, Index = targets.Count, Conflict = conflict,
            });
        }
        return targets;
    }
}
