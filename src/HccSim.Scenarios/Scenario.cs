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

    /// <summary>
    /// The input files whose bytes are no longer what was read (changed or gone since), so a command that writes back
    /// into them (calibrate) can refuse rather than splice fitted numbers into text it did not read.
    /// </summary>
    public IReadOnlyList<string> ChangedInputs()
    {
        var changed = new List<string>();
        for (int i = 0; i < InputFiles.Count; i++)
        {
            // Read as the scenario was: a regular file, bounded (it may have been swapped for a FIFO or grown since).
            var bytes = Yaml.FileKinds.Of(InputFiles[i]) == Yaml.FileKind.Regular ? Yaml.ScenarioFiles.ReadBounded(InputFiles[i], out _, out _) : null;
            string now = bytes is null ? "" : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            if (now != InputHashes[i]) changed.Add(InputFiles[i]);
        }
        return changed;
    }

    /// <summary>The compiled model, for commands that simulate; says so, as an input error, when the scenario has only partitioned strategies.</summary>
    public CompiledModel RequireSimulated()
        => Compiled ?? throw new Diagnostics.ScenarioException(new[] { new Diagnostics.ScenarioError(File, 1, 1, "the scenario has only partitioned-survival strategies: there is nothing to simulate (expected a pathway or tiered strategy for this command)") });
    public required int Patients { get; init; }

    /// <summary>The cohort profile the patients are drawn from (another population for the same model), or null: the cohort as written.</summary>
    public string? Profile { get; init; }

    /// <summary>Every profile the file's cohort offers (<c>cohort.profiles</c>).</summary>
    public IReadOnlyList<string> Profiles { get; init; } = Array.Empty<string>();
    public required ulong Seed { get; init; }
    public TimeUnit TimeUnit { get; init; } = TimeUnit.Months;
    public Economics Economics { get; init; } = new();
    /// <summary>The trial section as written (`hccsim trial` builds its design from it; command-line options override), with its replicates.</summary>
    public TrialSection? Trial { get; init; }
    /// <summary>The cycle length and within-cycle correction, for cycle-based runs and the cohort trace (null: continuous only).</summary>
    public Core.Cycles.CycleSettings? Cycle { get; init; }
    /// <summary>The method the cycle block declares for `hccsim run` (<c>cycle: { method: cohort }</c>); null: none declared (continuous).</summary>
    public Core.Analytic.RunMethod? Method { get; init; }
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
