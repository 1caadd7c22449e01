using HccSim.Core.Compilation;
using HccSim.Core.Model;
using HccSim.Scenarios.Units;

namespace HccSim.Scenarios;

/// <summary>
/// A scenario file, read and validated: the model it describes, the cohort to run it on, its economics and
/// the published targets it is calibrated to. <see cref="Sha256"/> fingerprints every file it was read from.
/// </summary>
public sealed class Scenario
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public IReadOnlyList<string> Sources { get; init; } = Array.Empty<string>();
    /// <summary>The path as given (errors and stamps show it so).</summary>
    public required string File { get; init; }
    /// <summary>SHA-256 of the scenario file's bytes; when it reads other files (extends, life tables), of the manifest of all their hashes.</summary>
    public required string Sha256 { get; init; }
    public required IReadOnlyList<string> InputFiles { get; init; }
    /// <summary>Each input file's own SHA-256 (of its bytes), in the order of <see cref="InputFiles"/>.</summary>
    public required IReadOnlyList<string> InputHashes { get; init; }
    /// <summary>The simulated strategies (pathways and tiered); null when the scenario holds only partitioned-survival ones.</summary>
    public required CohortModel? Model { get; init; }
    public required CompiledModel? Compiled { get; init; }
    /// <summary>Strategies given by OS and PFS curves (partitioned survival), solved rather than simulated.</summary>
    public IReadOnlyList<Core.Analytic.PartitionedSurvivalStrategy> Partitioned { get; init; } = Array.Empty<Core.Analytic.PartitionedSurvivalStrategy>();
    public double HorizonMonths { get; init; }
    public Discounting Discounting { get; init; } = Discounting.None;

    /// <summary>The compiled model, for commands that simulate; says so when the scenario has only partitioned strategies.</summary>
    public CompiledModel RequireSimulated()
        => Compiled ?? throw new InvalidOperationException($"{File} has only partitioned-survival strategies: there is nothing to simulate");
    public required int Patients { get; init; }
    public required ulong Seed { get; init; }
    public TimeUnit TimeUnit { get; init; } = TimeUnit.Months;
    public Economics Economics { get; init; } = new();
    /// <summary>The trial section as written (`hccsim trial` builds its design from it; command-line options override), with its replicates.</summary>
    public TrialSection? Trial { get; init; }
    /// <summary>The cycle length and within-cycle correction, for cycle-based runs and the cohort trace (null: continuous only).</summary>
    public Core.Cycles.CycleSettings? Cycle { get; init; }
    public IReadOnlyList<Target> Targets { get; init; } = Array.Empty<Target>();
    /// <summary>Distributions of the file's numbers for probabilistic analysis (null: the file has no uncertainty section).</summary>
    public UncertaintySettings? Uncertainty { get; init; }
    /// <summary>The parameters `hccsim calibrate` may move and how hard it works (null: the file has no calibration section).</summary>
    public CalibrationSettings? Calibration { get; init; }
    /// <summary>Strategies marked <c>compare: false</c>: simulated and reported, left out of the incremental analysis.</summary>
    public IReadOnlyList<string> NotCompared { get; init; } = Array.Empty<string>();

    /// <summary>Whether a strategy takes part in comparisons (incremental analysis, PSA, one-way analysis).</summary>
    public bool IsCompared(string strategy) => !NotCompared.Contains(strategy);
    /// <summary>Strategy descriptions, by name, for `describe` and reports.</summary>
    public IReadOnlyDictionary<string, string> StrategyDescriptions { get; init; } = new Dictionary<string, string>();
}

/// <summary>Currency, price year and willingness to pay; discount rates live in the model.</summary>
public sealed record Economics
{
    public string Currency { get; init; } = "";
    public int? PriceYear { get; init; }
    /// <summary>Per QALY, in <see cref="Currency"/>.</summary>
    public double? WillingnessToPay { get; init; }
}

/// <summary>A published figure the scenario should reproduce, with where it comes from.</summary>
public sealed record Target(string Strategy, string Outcome, double Value, double? Lower, double? Upper, string Source)
{
    public string? Definition { get; init; }
    /// <summary>A simulated value this close to the target also meets it (in the target's units), with the reason why.</summary>
    public double? Tolerance { get; init; }
    public string? ToleranceReason { get; init; }
    /// <summary>The patients the figure is about (categorical attribute → level); empty: the whole cohort.</summary>
    public IReadOnlyList<(string Attribute, string Level)> Subgroup { get; init; } = Array.Empty<(string, string)>();
    /// <summary>
    /// Why this figure cannot be met together with the scenario's others (different population, definition or model
    /// assumption): it is reported as a residual, never counted as met, and the shipped-scenario test checks it is missed.
    /// </summary>
    public string? Conflict { get; init; }
    /// <summary>How much the target counts in calibration (default 1).</summary>
    public double Weight { get; init; } = 1;
    public int Line { get; init; }
    /// <summary>The target's position in the file's list (the same in every read of the file).</summary>
    public int Index { get; init; }

    /// <summary>The subgroup as text, e.g. "burden=beyond_up_to_seven"; "" for the whole cohort.</summary>
    public string SubgroupText => string.Join(", ", Subgroup.Select(s => $"{s.Attribute}={s.Level}"));
}

/// <summary>What `hccsim calibrate` fits: free parameters with bounds, on cohorts of <see cref="Patients"/>.</summary>
public sealed record CalibrationSettings(int Patients, int MaxEvaluations, IReadOnlyList<FreeParameter> Free);

/// <summary>
/// A number in the scenario file that calibration may move, within bounds in the unit the file writes it in;
/// where it is written (line, column, character span) so a fitted value can be written back in its place.
/// </summary>
public sealed record FreeParameter(Parameters.ParameterPath Path, double Lower, double Upper, double Value, int Line, int Column, int Start, int End)
{
    /// <summary>Other places in the file that hold the same parameter and move with it (a list of paths, tied).</summary>
    public IReadOnlyList<(Parameters.ParameterPath Path, int Start, int End)> Tied { get; init; } = Array.Empty<(Parameters.ParameterPath, int, int)>();

    /// <summary>Every place the parameter is written: the first path, then the tied ones.</summary>
    public IEnumerable<(Parameters.ParameterPath Path, int Start, int End)> Places => new[] { (Path, Start, End) }.Concat(Tied);

    /// <summary>The paths as shown to people: the first, with "(+N tied)" when it has tied places.</summary>
    public string Label => Tied.Count == 0 ? Path.Text : $"{Path.Text} (+{Tied.Count} tied)";
}
