using System.Globalization;
using HccSim.Core.Compilation;
using HccSim.Scenarios.Diagnostics;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>The trial section: a two-arm trial of the scenario's strategies, checked against the model (arms, endpoint tag, strata).</summary>
internal sealed class TrialReader(ReadingContext context)
{
    private static readonly string[] TrialKeys = { "arms", "allocation", "patients", "replicates", "accrual", "ramp", "analysis", "events", "dropout", "endpoint", "landmark", "strata", "alpha", "interim", "cost" };

    private readonly Problems _problems = context.Problems;
    private readonly Values _values = context.Values;

    /// <summary>A trial design: arms, allocation, size, accrual, analysis, drop-out, endpoint, strata, alpha, interim looks.</summary>
    public TrialSection? Read(Mapping node, CompiledModel model)
    {
        var map = new MapNode(node, _problems, "trial", TrialKeys);
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
            if (Units.NumberText.NotAscii(ratio) is { } foreign)
                _problems.At(al, $"allocation: {foreign} (expected a ratio of whole numbers like 1:1 or 1:2)");
            else if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out controlShare) || !int.TryParse(parts[1], NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out experimentalShare) || controlShare < 1 || experimentalShare < 1)
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
        var interim = map["interim"] is { } ii ? (ii is Sequence seq ? seq.Children : new List<Node> { ii }).Select(x => _values.Probability(x, "interim share of events")).ToList() : new List<double?>();
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
        if (map["cost"] is { } co && _values.Map(co, "trial cost") is { } cm)
        {
            // What running the trial costs: a fixed part (set-up, sites, analysis) and a part per patient enrolled.
            var cost = new MapNode(cm, _problems, "trial cost", new[] { "fixed", "per_patient" });
            double? Money(string key) => cost[key] is { } n ? _values.Number(n, $"trial cost {key}", x => x >= 0, "an amount of money ≥ 0") : null;
            double? fixedCost = Money("fixed"), perPatient = Money("per_patient");
            // (A mapping with only unknown keys has been told so, key by key.)
            if (cm.Children.Count == 0) _problems.At(co, "trial cost needs fixed and/or per_patient (e.g. cost: { fixed: 2000000, per_patient: 40000 })");
            else if (cost["fixed"] is not null || cost["per_patient"] is not null) design = design with { FixedCost = fixedCost ?? 0, CostPerPatient = perPatient ?? 0, Costed = true };
        }
        foreach (var problem in design.Problems()) _problems.At(node, $"trial: {problem}");
        if (design.Strata is { } strata && !model.AttributeNames.Contains(strata))
            _problems.At(map["strata"]!, $"trial strata '{strata}' is not an attribute{Suggestions.DidYouMean(strata, model.AttributeNames)}");
        else if (design.Strata is { } levelled && model.AttributeLevels(model.AttributeNames.ToList().IndexOf(levelled)) is null)
            _problems.At(map["strata"]!, $"trial strata '{levelled}' is a continuous attribute (expected a categorical one: its levels are the strata)");
        int replicates = map["replicates"] is { } rn ? (int)(_values.Whole(rn, "replicates", 1, 1_000_000) ?? 2000) : 2000;
        return design with { Replicates = replicates };
    }
}
