using System.Diagnostics;
using System.Text;

namespace HccSim.Scenarios.Tests;

/// <summary>Every bad input gives one-line errors naming the file, line and column — never a stack trace.</summary>
public class BadInputTests : IDisposable
{
    private readonly TempScenario _temp = new();

    public void Dispose() => _temp.Dispose();

    private string PathOf(string name) => Path.Combine(_temp.Folder, name);

    /// <summary>The one error the text gives, checked to its position.</summary>
    private void OneError(string text, int line, int column, string message, string name = "bad.yaml")
    {
        var errors = _temp.Errors(name, text);
        string expected = $"{PathOf(name)}:{line}:{column}: {message}";
        Assert.True(errors.Count == 1 && errors[0].ToString() == expected,
            $"\nexpected {expected}\nactual   {string.Join("\n         ", errors)}");
    }

    private static string Replace(string line, string with)
    {
        Assert.Contains(line, TempScenario.Valid);
        return TempScenario.Valid.Replace(line, with);
    }

    [Fact]
    public void AnEmptyFile()
        => OneError("", 1, 1, "the file is empty (expected a scenario: a map with at least 'scenario', 'horizon' and 'strategies')");

    [Fact]
    public void AFileOfOnlyComments()
        => OneError("# nothing here\n", 1, 1, "the file is empty (expected a scenario: a map with at least 'scenario', 'horizon' and 'strategies')");

    [Fact]
    public void TextThatIsNotYaml()
    {
        var error = Assert.Single(_temp.Errors("bad.yaml", "scenario: [unclosed\nhorizon: 12\n"));
        Assert.StartsWith("not valid YAML: ", error.Message);
        Assert.InRange(error.Line, 1, 3);
    }

    [Fact]
    public void AYamlValueThatIsNotAMap()
        => OneError("just some words\n", 1, 1, "is not a scenario file (expected a map of keys and values; got a single value)");

    [Fact]
    public void ATabIndentedFile()
    {
        var error = Assert.Single(_temp.Errors("bad.yaml", "scenario: x\nstrategies:\n\ts:\n\t\tstart: a\n"));
        Assert.Equal($"{PathOf("bad.yaml")}:3:1: not valid YAML: a tab is used for indentation (YAML indents with spaces only)", error.ToString());
    }

    [Fact]
    public void ABinaryFile()
    {
        File.WriteAllBytes(PathOf("bad.yaml"), new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 });
        var error = Assert.Single(Assert.Throws<Diagnostics.ScenarioException>(() => ScenarioLoader.Load(PathOf("bad.yaml"))).Errors);
        Assert.Equal($"{PathOf("bad.yaml")}:3:1: is not a text file (found a NUL byte; expected a scenario file in UTF-8 text)", error.ToString());
    }

    [Fact]
    public void AnUnknownKeyWithASuggestion()
        => OneError(Replace("horizon: 60 months", "horizn: 60 months"), 2, 1,
            "unknown key 'horizn' in the scenario (expected one of: scenario, description, sources, time_unit, horizon, cycle, cohort, background_mortality, economics, strategies, trial, targets, calibration, uncertainty); did you mean 'horizon'?");

    [Fact]
    public void AnUnknownKeyInAState()
    {
        var error = Assert.Single(_temp.Errors("bad.yaml", Replace("alive: { progression_free: true,", "alive: { progresion_free: true,")));
        Assert.Equal(12, error.Line);
        Assert.EndsWith("did you mean 'progression_free'?", error.Message);
    }

    [Fact]
    public void AMisspelledStateWithASuggestion()
    {
        var error = Assert.Single(_temp.Errors("bad.yaml", Replace("to: progressed, rate", "to: progresed, rate")));
        Assert.Equal(16, error.Line);
        Assert.Equal("strategy 'base', transition 1 (alive → progresed): to 'progresed' is not a state or chance node of this strategy; did you mean 'progressed'?", error.Message);
    }

    [Fact]
    public void ANumberWhereAMapIsExpected()
        => OneError(Replace("  patients: 1000\n  seed: 7\n  attributes:\n    burden: { within: 0.4, beyond: 0.6 }", "  patients: 1000\n  seed: 7\n  attributes: 12"), 6, 15,
            "attributes must be a map of keys and values (got '12')");

    [Fact]
    public void ANegativeRate()
        => OneError(Replace("rate: 0.05/month", "rate: -0.1"), 16, 46,
            "rate of transition alive → progressed -0.1 is out of range (expected a number > 0 per unit of time such as 0.05/month; a bare number is per month)");

    [Theory]
    [InlineData(".nan")]
    [InlineData(".inf")]
    [InlineData("-.inf")]
    public void ANotANumberOrInfiniteRate(string value)
        => OneError(Replace("rate: 0.05/month", $"rate: {value}"), 16, 46,
            $"rate of transition alive → progressed: '{value}' is not a finite number (expected a number > 0 per unit of time such as 0.05/month; a bare number is per month)");

    [Fact]
    public void AUnitThatDoesNotExist()
        => OneError(Replace("median: 24 months", "median: 14 parsecs"), 17, 56,
            "median of transition [alive, progressed] → dead: 'parsecs' is not a unit of time (expected days, weeks, months or years)");

    [Fact]
    public void AttributeSharesSummingToMoreThanOne()
        => OneError(Replace("burden: { within: 0.4, beyond: 0.6 }", "burden: { within: 0.6, beyond: 0.6 }"), 7, 5,
            "attribute 'burden': level shares must sum to 1 (got 1.2)");

    [Fact]
    public void ChanceProbabilitiesSummingToMoreThanOne()
    {
        var text = Replace("    start: alive", "    start: split\n    chance:\n      split: { to: { alive: 0.7, progressed: 0.5 } }");
        OneError(text, 12, 7, "strategy 'base', chance node 'split': branch probabilities must sum to 1 (got 1.2)");
    }

    [Fact]
    public void ACycleInExtends()
    {
        var text = TempScenario.Valid + "\n  a: { extends: b }\n  b: { extends: a }\n";
        var errors = _temp.Errors("bad.yaml", text);
        Assert.Contains(errors, e => e.Message.StartsWith("strategy 'a' extends itself through a → b → a"));
    }

    [Fact]
    public void ATieredRuleThatCoversNobody()
    {
        var text = TempScenario.Valid + "\n  tiered:\n    tiers:\n      - { use: base }\n      - { when: { burden: beyond }, use: base }\n";
        OneError(text, 21, 9, "strategy 'tiered', rule 2: covers no patient: the rules before it take every patient it names");
    }

    [Fact]
    public void ATieredRuleSetThatLeavesPatientsUnassigned()
    {
        var text = TempScenario.Valid + "\n  tiered:\n    tiers:\n      - { when: { burden: within }, use: base }\n";
        OneError(text, 18, 3, "strategy 'tiered': routing rules leave patients with burden = beyond unassigned (expected a rule covering them, or a last rule with no conditions)");
    }

    [Fact]
    public void AMissingLifeTableCsvNamesTheCsv()
    {
        var text = TempScenario.Valid.Replace("    burden: { within: 0.4, beyond: 0.6 }", "    burden: { within: 0.4, beyond: 0.6 }\n    age: { constant: 70 }") + "\nbackground_mortality: { life_table: missing.csv }\n";
        var error = Assert.Single(_temp.Errors("bad.yaml", text));
        Assert.Equal($"{PathOf("bad.yaml")}:19:37: life_table 'missing.csv': no such file beside the scenario (expected a CSV with a header 'age,q')", error.ToString());
    }

    [Fact]
    public void AMalformedLifeTableCsvNamesTheCsvLineAndColumn()
    {
        _temp.Write("life.csv", "age,q\n40,0.002\n60,zero\n");
        var text = TempScenario.Valid.Replace("    burden: { within: 0.4, beyond: 0.6 }", "    burden: { within: 0.4, beyond: 0.6 }\n    age: { constant: 70 }") + "\nbackground_mortality: { life_table: life.csv }\n";
        var error = Assert.Single(_temp.Errors("bad.yaml", text));
        Assert.Equal($"{PathOf("life.csv")}:3:4: the q is not a number (expected an annual death probability from 0 to 1)", error.ToString());
    }

    [Fact]
    public void AnErrorInAnExtendedFileNamesThatFile()
    {
        _temp.Write("base.yaml", Replace("rate: 0.05/month", "rate: -1/month"));
        var text = "scenario: child\nhorizon: 60\ncohort: { attributes: { burden: { within: 0.4, beyond: 0.6 } } }\nstrategies:\n  child: { extends: base.yaml#base }\n";
        var error = Assert.Single(_temp.Errors("child.yaml", text));
        Assert.Equal(PathOf("base.yaml"), error.File);
        Assert.Equal(16, error.Line);
    }

    [Fact]
    public void AFileOfFiftyMegabytes()
    {
        using (var f = File.Create(PathOf("big.yaml"))) f.SetLength(50L * 1024 * 1024);
        var error = Assert.Single(Assert.Throws<Diagnostics.ScenarioException>(() => ScenarioLoader.Load(PathOf("big.yaml"))).Errors);
        Assert.Equal($"{PathOf("big.yaml")}:1:1: is 50.0 MB (expected a scenario file of at most 4 MB)", error.ToString());
    }

    [Fact]
    public void ABillionLaughsAliasBombIsRefusedFastWithBoundedMemory()
    {
        var text = new StringBuilder("scenario: lol\nhorizon: 12\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) text.Append($"{c}: &{c} [*{(char)(c - 1)},*{(char)(c - 1)},*{(char)(c - 1)},*{(char)(c - 1)},*{(char)(c - 1)},*{(char)(c - 1)},*{(char)(c - 1)},*{(char)(c - 1)},*{(char)(c - 1)}]\n");
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Single(_temp.Errors("bomb.yaml", text.ToString()));
        Assert.Equal($"{PathOf("bomb.yaml")}:3:4: YAML anchor '&a' is not allowed in scenario files (expected plain values; use 'extends' to reuse a strategy)", error.ToString());
        // Expanded, the aliases would be 9^10 strings: bytes allocated, not seconds on a busy machine, show they never were.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 50_000_000, "the refusal must not expand the aliases");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10000000000000")]
    public void ACohortOfZeroOrTenToTheThirteenPatients(string patients)
        => OneError(Replace("patients: 1000", $"patients: {patients}"), 4, 13,
            $"patients must be a whole number from 1 to 2,147,483,647 (got '{patients}')");

    [Fact]
    public void AHorizonOfZero()
        => OneError(Replace("horizon: 60 months", "horizon: 0"), 2, 10,
            "horizon 0 must be > 0 (expected a duration such as 14 months or 6 weeks; a bare number is in months)");

    [Fact]
    public void AWeibullShapeOfZero()
        => OneError(Replace("median: 24 months", "weibull: { shape: 0, scale: 24 months }"), 17, 66,
            "Weibull shape 0 is out of range (expected a shape > 0)");

    [Fact]
    public void AStateWithNoWayOutThatIsNotAbsorbing()
        => OneError(Replace("  - { from: [alive, progressed], to: dead, median: 24 months }", "  - { from: [alive], to: dead, median: 24 months }"), 13, 7,
            "state 'progressed' of strategy 'base' has no way out (expected a transition from it, or 'absorbing: true' if patients stay there until the horizon or death from other causes)");

    [Fact]
    public void AnUnreachableState()
        => OneError(Replace("  progressed: { cost: 200/month, utility: 0.6 }", "  progressed: { cost: 200/month, utility: 0.6 }\n      orphan: { absorbing: true }"), 14, 7,
            "strategy 'base', state 'orphan': is unreachable from the start state 'alive' (expected a transition or branch leading to it)");

    [Fact]
    public void ATargetNamingAnOutcomeThatDoesNotExist()
        => OneError(TempScenario.Valid + "\ntargets:\n  - { strategy: base, outcome: os_medain, value: 20, source: test }\n", 19, 32,
            "target outcome: 'os_medain' is not an outcome; did you mean 'os_median'? (expected one of: os_median, pfs_median, os_rmst, pfs_rmst, cfdf_ever, cfdf_months, response_ever, cancer_free_ever, life_years, qalys, costs, discounted_life_years, discounted_qalys, discounted_costs, os_at(MONTHS), pfs_at(MONTHS), cfdf_at(MONTHS), tagged_ever(TAG), tagged_at(TAG, MONTHS), occupancy(STATE, MONTHS), os_hr(STRATEGY), pfs_hr(STRATEGY))");

    [Fact]
    public void ATargetToleranceNeedsItsReasonAndAReasonNeedsItsTolerance()
    {
        // Each error points at the value of the key it is about, on the target's line (19).
        OneError(TempScenario.Valid + "\ntargets:\n  - { strategy: base, outcome: os_median, value: 20, source: t, tolerance: 2 months }\n", 19, 76,
            "a target tolerance needs its reason (expected tolerance_reason: why this target may be missed by that much)");
        OneError(TempScenario.Valid + "\ntargets:\n  - { strategy: base, outcome: os_median, value: 20, source: t, tolerance_reason: wide CI }\n", 19, 83,
            "tolerance_reason without a tolerance (expected tolerance: the distance that still meets the target)");
        OneError(TempScenario.Valid + "\ntargets:\n  - { strategy: base, outcome: os_at(12), value: 0.5, source: t, tolerance: -0.1, tolerance_reason: r }\n", 19, 77,
            "target tolerance must be ≥ 0 (got -0.1)");
    }

    [Fact]
    public void AnItemThatIsNotAFromValuePairIsRefusedInEitherKindOfList()
    {
        // Piecewise hazards and rewards by time read their [from, value] lists the same way (Values.Pairs).
        var piecewise = Assert.Single(_temp.Errors("pw.yaml", TempScenario.Valid.Replace("median: 24 months", "piecewise: [[0, 0.02/month], 12]")));
        Assert.Equal("piecewise hazard intervals are [from, rate] pairs, such as [12 months, 0.02/month] (got '12')", piecewise.Message);
        var reward = Assert.Single(_temp.Errors("bt.yaml", TempScenario.Valid.Replace("utility: 0.6", "utility: { by_time: [[0, 0.6], [3, 0.5, 1]] }")));
        Assert.Contains("by_time holds [from, value] pairs, such as [3 months, 1000/month] (got a list", reward.Message);
    }

    [Fact]
    public void AValidationTargetIsNeverCalibratedToNorExcused()
    {
        // An external figure is judged, never fitted to: a weight, a conflict or a tolerance on it is refused at its value.
        OneError(TempScenario.Valid + "\ntargets:\n  - { strategy: base, outcome: os_median, value: 20, source: t, role: validation, weight: 1 }\n", 19, 91,
            "a validation target has a calibration weight (expected none: validation targets are never calibrated to)");
        OneError(TempScenario.Valid + "\ntargets:\n  - { strategy: base, outcome: os_median, value: 20, source: t, role: validation, conflict: other trial }\n", 19, 93,
            "a validation target has a conflict (expected none: a missed validation figure is reported as missed; explain it in a note)");
        OneError(TempScenario.Valid + "\ntargets:\n  - { strategy: base, outcome: os_median, value: 20, source: t, role: external }\n", 19, 71,
            "target role 'external' is not a role (expected calibration or validation)");
    }

    [Fact]
    public void AValidationTargetIsReadWithWeightZero()
    {
        var scenario = _temp.Load("ok.yaml", TempScenario.Valid + "\ntargets:\n  - { strategy: base, outcome: os_median, value: 20, source: t, role: validation }\n  - { strategy: base, outcome: os_median, value: 20, source: t }\n");
        Assert.Equal(new[] { (TargetRole.Validation, 0.0), (TargetRole.Calibration, 1.0) }, scenario.Targets.Select(t => (t.Role, t.Weight)));
    }

    [Fact]
    public void ATargetNamingATagThatNoTransitionUses()
    {
        var error = Assert.Single(_temp.Errors("bad.yaml", TempScenario.Valid + "\ntargets:\n  - { strategy: base, outcome: tagged_ever(conversion), value: 0.2, source: test }\n"));
        Assert.Equal("target outcome: tag 'conversion' is not used by any transition (the model has no tags)", error.Message);
    }

    [Fact]
    public void PerCycleValuesNeedACycleSetting()
        => OneError(Replace("rate: 0.05/month", "rate: 0.15/cycle"), 16, 46,
            "rate of transition alive → progressed: '/cycle' needs the scenario's 'cycle' setting (expected cycle: { length: 1 month }, or a number > 0 per unit of time such as 0.05/month; a bare number is per month)");

    [Fact]
    public void APerCycleProbabilityNeedsACycleSetting()
        => OneError(Replace("rate: 0.05/month", "probability: 0.1"), 16, 53,
            "probability of transition alive → progressed is per cycle, but the scenario sets no 'cycle' (expected cycle: { length: 1 month })");

    [Fact]
    public void AHorizonThatIsNotAWholeNumberOfCyclesIsRefused()
        => OneError(Replace("horizon: 60 months", "horizon: 60 months\ncycle: { length: 7 months }"), 3, 8,
            "cycle: the horizon of 60 months is not a whole number of 7-month cycles");

    [Fact]
    public void ACycleMethodThatIsNoMethodIsRefusedWithTheChoices()
        => OneError(Replace("horizon: 60 months", "horizon: 60 months\ncycle: { length: 1 month, method: cohrt }"), 3, 35,
            "method 'cohrt' is not a method (expected one of: continuous, cycle, cohort, exact); did you mean 'cohort'?");

    [Fact]
    public void AnUnknownCorrectionIsRefusedWithTheChoices()
        => OneError(Replace("horizon: 60 months", "horizon: 60 months\ncycle: { length: 1 month, correction: simpsons }"), 3, 39,
            "correction 'simpsons' is not a within-cycle correction (expected one of: none, half_cycle, life_table, simpson, darth_simpson); did you mean 'simpson'?");

    [Fact]
    public void EveryProblemIsReportedInFileOrder()
    {
        var text = Replace("rate: 0.05/month", "rate: -0.1").Replace("utility: 0.8", "utility: 1.8").Replace("seed: 7", "seed: -7");
        var errors = _temp.Errors("bad.yaml", text);
        Assert.Equal(3, errors.Count);
        Assert.Equal(errors.OrderBy(e => e.Line).ThenBy(e => e.Column), errors);
    }

    // ---- from the review of the scenario reader ----

    [Fact]
    public void AFileWithNoYamlDocument()
        => OneError("# only a comment\n...\n", 1, 1, "the file is empty (expected a scenario: a map with at least 'scenario', 'horizon' and 'strategies')");

    [Fact]
    public void DeepNestingIsRefusedBeforeItCanExhaustTheStack()
    {
        // Refused from the event stream at level 33, before any tree (or recursion) grows with the input: the process
        // survives 200,000 levels, which would overflow a recursive reader's stack.
        var error = Assert.Single(_temp.Errors("deep.yaml", "strategies: " + string.Concat(Enumerable.Repeat("{a: ", 20_000))));
        Assert.EndsWith("nesting is deeper than 32 levels (expected a scenario a few maps and lists deep)", error.Message);
        Assert.Single(_temp.Errors("deep2.yaml", new string('[', 200_000)));
    }

    [Fact]
    public void ChainsOfExtendsAreReadInLinearTime()
    {
        // Work measured in bytes allocated (exact for this thread), not in seconds a busy machine can stretch: twice as
        // many chains (each 30 links, under the limit of 32) cost about twice as much when each link is resolved once,
        // far more when every link re-resolves its parents.
        long Cost(int chains)
        {
            var text = new StringBuilder(TempScenario.Valid + "\n");
            for (int c = 0; c < chains; c++)
                for (int i = 0; i < 30; i++) text.Append($"  c{c}s{i}: {{ extends: {(i == 0 ? "base" : $"c{c}s{i - 1}")} }}\n");
            long before = GC.GetAllocatedBytesForCurrentThread();
            var s = _temp.Load($"chains{chains}.yaml", text.ToString());
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(30 * chains + 1, s.Model!.Strategies.Count);
            return bytes;
        }
        Cost(2); // first use: type loading and JIT, not the reader's work
        double ratio = (double)Cost(16) / Cost(8);
        Assert.True(ratio < 2.5, $"doubling the chains multiplied the work by {ratio:F2} (expected about 2: linear)");
    }

    [Fact]
    public void TheSameTransitionTwiceInOneStrategyIsAnError()
        => OneError(Replace("  - { from: [alive, progressed], to: dead, median: 24 months }",
                "  - { from: [alive, progressed], to: dead, median: 24 months }\n      - { from: progressed, to: dead, median: 600 months }"), 18, 17,
            "transition progressed → dead is given twice in strategy 'base' (expected one transition per pair of states; put competing causes through different states or one combined rate)");

    [Fact]
    public void AnEmptyDelayMapIsAnErrorNotADroppedTransition()
        => OneError(Replace("median: 24 months", "delay: {}"), 17, 55, "delay of transition [alive, progressed] → dead must be a duration or { uniform: [min, max] }");

    [Theory]
    [InlineData("weibull: { shape: 1, median: 10, scale: 5 }", "weibull of transition [alive, progressed] → dead gives both scale and median (expected one of them)")]
    [InlineData("lognormal: { median: 10, meanlog: 2, sdlog: 1 }", "lognormal of transition [alive, progressed] → dead gives both median and meanlog (expected one of them)")]
    [InlineData("loglogistic: { shape: 2, scale: 5, median: 10 }", "loglogistic of transition [alive, progressed] → dead gives both scale and median (expected one of them)")]
    public void TwoWaysOfGivingOneParameterAreRefused(string distribution, string message)
    {
        var error = Assert.Single(_temp.Errors("bad.yaml", Replace("median: 24 months", distribution)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void AnEmptyLifeTableIsAnError()
    {
        var text = TempScenario.Valid.Replace("    burden: { within: 0.4, beyond: 0.6 }", "    burden: { within: 0.4, beyond: 0.6 }\n    age: { constant: 70 }") + "\nbackground_mortality: { life_table: {} }\n";
        Assert.Equal("life_table has no rows (expected age: annual death probability pairs)", Assert.Single(_temp.Errors("bad.yaml", text)).Message);
    }

    [Theory]
    [InlineData("../../escaped")]
    [InlineData("/")]
    [InlineData("two words")]
    public void AScenarioNameMustBeAPlainName(string name)
    {
        var error = Assert.Single(_temp.Errors("bad.yaml", TempScenario.Valid.Replace("scenario: small", $"scenario: \"{name}\"")));
        Assert.Equal($"scenario name '{name}' must be a plain name of letters, digits, '.', '_' and '-' (it names the results folder)", error.Message);
    }

    [Fact]
    public void AMisspelledFromStateIsNamedWithASuggestion()
    {
        var errors = _temp.Errors("bad.yaml", Replace("{ from: [alive, progressed], to: dead", "{ from: [alive, progresed], to: dead"));
        var error = Assert.Single(errors);
        Assert.EndsWith("from 'progresed' is not a state or chance node of this strategy; did you mean 'progressed'?", error.Message);
    }

    [Fact]
    public void ExtendingAMissingFileIsReportedWhereItIsNamed()
        => OneError("scenario: child\nhorizon: 60\nstrategies:\n  child: { extends: nofile.yaml#b }\n", 4, 21,
            "extends 'nofile.yaml#b', but there is no file 'nofile.yaml' beside this one");

    [Fact]
    public void LifeTableCsvAgesMustIncreaseAndBeNonNegative()
    {
        _temp.Write("life.csv", "\"age\",\"q\"\n40,0.002\n30,0.01\n-5,0.01\n");
        var text = TempScenario.Valid.Replace("    burden: { within: 0.4, beyond: 0.6 }", "    burden: { within: 0.4, beyond: 0.6 }\n    age: { constant: 70 }") + "\nbackground_mortality: { life_table: life.csv }\n";
        var errors = _temp.Errors("bad.yaml", text);
        Assert.Contains(errors, e => e.ToString() == $"{PathOf("life.csv")}:3:1: age 30 does not follow 40 (expected ages in increasing order)");
        Assert.Contains(errors, e => e.ToString() == $"{PathOf("life.csv")}:4:1: age -5 is negative (expected an age in years ≥ 0)");
    }

    [Fact]
    public void APartitionedCurveMustBeOneParametricFamily()
    {
        var text = "scenario: p\nhorizon: 24\nstrategies:\n  c:\n    partitioned: { os: { median: 20, rate: 0.1 }, pfs: { delay: 8 } }\n";
        var errors = _temp.Errors("bad.yaml", text);
        Assert.Contains(errors, e => e.Message == "os of 'c' must give one curve: one of rate, median, mean, weibull, gompertz, loglogistic, lognormal, piecewise (got median, rate)");
        Assert.Contains(errors, e => e.Message == "pfs of 'c' must give one curve: one of rate, median, mean, weibull, gompertz, loglogistic, lognormal, piecewise (got delay)");
    }

    [Fact]
    public void ATrialCostIsAnAmountOfMoneyForTheWholeTrialOrPerPatient()
    {
        const string trial = "\ntrial: { arms: [base, base], analysis: 36 months, cost: COST }\n";
        var read = _temp.Load("good.yaml", TempScenario.Valid + trial.Replace("COST", "{ fixed: 2000000, per_patient: 40000 }")).Trial!;
        Assert.True(read.Costed);
        Assert.Equal(2_000_000, read.FixedCost);
        Assert.Equal(40_000, read.CostPerPatient);
        var perPatientOnly = _temp.Load("per.yaml", TempScenario.Valid + trial.Replace("COST", "{ per_patient: 30000 }")).Trial!;
        Assert.Equal((true, 0.0, 30_000.0), (perPatientOnly.Costed, perPatientOnly.FixedCost, perPatientOnly.CostPerPatient));
        Assert.False(_temp.Load("none.yaml", TempScenario.Valid + trial.Replace(", cost: COST", "")).Trial!.Costed);
        OneError(TempScenario.Valid + trial.Replace("COST", "{ fixed: -5 }"), 18, 66, "trial cost fixed -5 is out of range (expected an amount of money ≥ 0)");
        OneError(TempScenario.Valid + trial.Replace("COST", "{}"), 18, 57, "trial cost needs fixed and/or per_patient (e.g. cost: { fixed: 2000000, per_patient: 40000 })");
        OneError(TempScenario.Valid + trial.Replace("COST", "{ per_patent: 3 }"), 18, 59, "unknown key 'per_patent' in trial cost (expected one of: fixed, per_patient); did you mean 'per_patient'?");
    }
}
