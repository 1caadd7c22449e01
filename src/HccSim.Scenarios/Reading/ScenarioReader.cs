using System.Security.Cryptography;
using System.Text;
using HccSim.Core.Compilation;
using HccSim.Core.Model;
using HccSim.Scenarios.Yaml;

namespace HccSim.Scenarios.Reading;

/// <summary>
/// Reads a scenario file into a validated <see cref="Scenario"/>: every key checked, every unit converted,
/// strategies' <c>extends</c> merged, and every problem — the reader's and the model compiler's — reported
/// at the file, line and column that wrote it. One reader per section, over a <see cref="ReadingContext"/> they share.
/// </summary>
internal static class ScenarioReader
{
    private static readonly string[] TopKeys = { "scenario", "description", "sources", "time_unit", "horizon", "cycle", "cohort", "background_mortality", "economics", "strategies", "trial", "targets", "calibration", "uncertainty" };

    /// <summary>The scenario the context's files describe; every problem found is in the exception, one line each.</summary>
    /// <param name="modelOnly">Read the model only: targets, trial, calibration and uncertainty are left unread (a re-read with other numbers).</param>
    public static Scenario Read(ReadingContext context, bool modelOnly = false)
    {
        var scenario = TryRead(context, modelOnly);
        if (scenario is null || context.Problems.Any) throw context.Problems.ToException();
        return scenario;
    }

    private static Scenario? TryRead(ReadingContext context, bool modelOnly)
    {
        var problems = context.Problems;
        var values = context.Values;
        var rootNode = context.ReadRoot();
        if (rootNode is null) return null;
        if (rootNode is not Mapping rootMap)
        {
            // Not quoted: a file that is not a map is no scenario, and may be anything (hccsim validate /etc/passwd).
            problems.At(rootNode, $"is not a scenario file (expected a map of keys and values; got {(rootNode is Sequence ? "a list" : "a single value")})");
            return null;
        }
        var top = new MapNode(rootMap, problems, "the scenario", TopKeys);

        var (name, description, sources, horizon) = new HeaderReader(context).Read(top, rootNode);
        var (patients, seed, attributes, ageAttribute, profile, profiles) = new CohortReader(context).Read(top);

        LifeTable? lifeTable = null;
        if (top["background_mortality"] is { } bm && values.Map(bm, "background_mortality") is { } bmm)
            lifeTable = new BackgroundMortalityReader(context).Read(bmm, bm);

        var discounting = Discounting.None;
        var economics = new Economics();
        if (top["economics"] is { } ec && values.Map(ec, "economics") is { } ecm)
            (economics, discounting) = new EconomicsReader(context).Read(ecm);

        var strategies = new List<Strategy>();
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        var strategiesReader = new StrategiesReader(context);
        if (context.Required(top, "strategies", rootNode, n => values.Map(n, "strategies")) is { } sm)
            strategiesReader.Read(sm, strategies, descriptions);

        if (problems.Any) return null;

        // Only partitioned-survival strategies: solved from their curves, nothing to simulate (and no analysis sections read).
        bool simulated = strategies.Count > 0 || strategiesReader.Partitioned.Count == 0;
        CohortModel? model = null;
        CompiledModel? compiled = null;
        if (simulated)
        {
            model = new CohortModel(horizon, strategies)
            {
                Attributes = attributes,
                AgeAttribute = ageAttribute,
                BackgroundMortality = lifeTable,
                Discounting = discounting,
            };
            context.Origin[model] = top["horizon"] ?? rootNode;
            if (lifeTable is not null && top["background_mortality"] is { } bmNode) context.Origin[lifeTable] = bmNode;
            if (top["economics"] is { } ecNode) context.Origin[discounting] = ecNode;
            foreach (var error in ModelCompiler.Validate(model))
            {
                var node = error.Subject is not null && context.Origin.TryGetValue(error.Subject, out var n) ? n : rootNode;
                problems.At(node, $"{error.Element}: {error.Message}");
            }
            if (problems.Any) return null;
            compiled = ModelCompiler.Compile(model);
        }

        // A re-read for a parameter draw needs the model only: the sections about analyses were checked on the first read.
        var analysed = modelOnly ? null : compiled;
        var targets = analysed is not null && top["targets"] is { } tn ? new TargetsReader(context).Read(tn, analysed) : new List<Target>();
        var trial = analysed is not null && top["trial"] is { } tr && values.Map(tr, "trial") is { } trm ? new TrialReader(context).Read(trm, analysed) : null;
        var calibration = analysed is not null && top["calibration"] is { } ca && values.Map(ca, "calibration") is { } cam ? new CalibrationReader(context).Read(cam) : null;
        var uncertainty = analysed is not null && top["uncertainty"] is { } un && values.Map(un, "uncertainty") is { } unm ? new UncertaintyReader(context).Read(unm, calibration) : null;
        if (problems.Any) return null;

        return new Scenario
        {
            Name = name,
            Description = description,
            Sources = sources,
            File = context.ShownAs,
            Sha256 = Fingerprint(context.Inputs),
            Profile = profile,
            Profiles = profiles,
            InputFiles = context.Inputs.Select(i => i.File).ToArray(),
            InputHashes = context.Inputs.Select(i => Sha(i.Bytes)).ToArray(),
            Model = model,
            Compiled = compiled,
            Patients = patients,
            Seed = seed,
            TimeUnit = values.Unit,
            Economics = economics,
            Targets = targets,
            StrategyDescriptions = descriptions,
            Cycle = context.Cycle,
            Method = context.Method,
            Partitioned = strategiesReader.Partitioned,
            HorizonMonths = horizon,
            Discounting = discounting,
            Trial = trial,
            Calibration = calibration,
            Uncertainty = uncertainty,
            NotCompared = simulated ? strategiesReader.NotCompared : Array.Empty<string>(),
        };
    }

    /// <summary>
    /// The scenario's SHA-256: of the file's bytes when it reads no other file (what sha256sum prints); otherwise of
    /// the manifest "HASH  NAME" lines of every file read, in order (each file's own hash is in <see cref="Scenario.InputHashes"/>).
    /// </summary>
    private static string Fingerprint(List<(string File, byte[] Bytes)> inputs)
    {
        if (inputs.Count == 1) return Sha(inputs[0].Bytes);
        var manifest = string.Concat(inputs.Select(i => $"{Sha(i.Bytes)}  {Path.GetFileName(i.File)}\n"));
        return Sha(Encoding.UTF8.GetBytes(manifest));
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
