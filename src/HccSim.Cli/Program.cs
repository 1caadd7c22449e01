using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using HccSim.Core.Compilation;
using HccSim.Core.Engine;
using HccSim.Core.Examples;
using HccSim.Core.Model;
using HccSim.Core.Outcomes;

namespace HccSim.Cli;

/// <summary>
/// The `hccsim` command. Until scenario files land (issue #4), `run` knows one built-in model, the
/// reference chain, and writes a tidy summary that records the model's hash, the seed and the version.
/// </summary>
public static class Program
{
    private static readonly string Version =
        typeof(CohortModel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static int Main(string[] args)
    {
        try
        {
            return Run(args);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"hccsim: {e.Message}");
            Console.Error.WriteLine("usage: hccsim run reference-chain [--patients N] [--seed S] [--threads T] [--out DIR]");
            return 2;
        }
        catch (ModelValidationException e)
        {
            Console.Error.WriteLine($"hccsim: {e.Message}");
            return 1;
        }
    }

    private static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help") throw new UsageException("no command given");
        if (args[0] == "--version") { Console.WriteLine($"hccsim {Version}"); return 0; }
        if (args[0] != "run") throw new UsageException($"unknown command '{args[0]}' (expected 'run')");
        if (args.Length < 2 || args[1] != "reference-chain")
            throw new UsageException($"unknown model '{(args.Length > 1 ? args[1] : "")}' (built-in models: reference-chain; scenario files arrive with issue #4)");

        int patients = 1_000_000, threads = Environment.ProcessorCount;
        ulong seed = 20261121;
        string outDir = Path.Combine("results", "reference-chain");
        for (int i = 2; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--patients": patients = ParseInt(args[i], Value()); break;
                case "--threads": threads = ParseInt(args[i], Value()); break;
                case "--seed": seed = ulong.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : throw new UsageException("--seed expects a whole number ≥ 0"); break;
                case "--out": outDir = Value(); break;
                default: throw new UsageException($"unknown option '{args[i]}'");
            }
        }

        var model = ReferenceChain.Model(discounting: Discounting.Both(0.03));
        var compiled = ModelCompiler.Compile(model);
        var options = new SimulationOptions { Patients = patients, Seed = seed, Threads = threads };
        var problems = options.Problems().ToArray();
        if (problems.Length > 0) throw new UsageException(string.Join("; ", problems));

        var clock = Stopwatch.StartNew();
        var result = Simulator.Run(compiled, options);
        clock.Stop();

        string hash = ModelFingerprint.Sha256(model);
        Directory.CreateDirectory(outDir);
        string csv = Path.Combine(outDir, "summary.csv");
        File.WriteAllText(csv, Summary(result, hash, seed));
        PrintTable(result, hash, seed, clock.Elapsed, threads);
        Console.WriteLine($"wrote {csv}");
        return 0;
    }

    private static int ParseInt(string option, string text)
        => int.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out int v) && v > 0
            ? v : throw new UsageException($"{option} expects a whole number > 0 (got '{text}')");

    /// <summary>Long, tidy rows: strategy, outcome, time, value, lower, upper; provenance in the header.</summary>
    private static string Summary(SimulationResult result, string hash, ulong seed)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"# hccsim {Version}; model reference-chain (built in); model_sha256 {hash}; seed {seed}; patients {result.Options.Patients}");
        sb.AppendLine("strategy,outcome,time_months,value,lower,upper");
        void Row(string strategy, string outcome, double? time, double value, double lower, double upper)
            => sb.AppendLine(string.Join(',', strategy, outcome, time?.ToString("R", inv) ?? "",
                value.ToString("R", inv), lower.ToString("R", inv), upper.ToString("R", inv)));
        foreach (var r in result.Strategies)
        {
            foreach (var (name, curve) in new[] { ("os", r.OverallSurvival), ("pfs", r.ProgressionFreeSurvival) })
            {
                Row(r.Strategy, $"{name}_median", null, curve.Median.Value, curve.Median.Lower, curve.Median.Upper);
                Row(r.Strategy, $"{name}_rmst", null, curve.RestrictedMean.Mean, curve.RestrictedMean.Lower, curve.RestrictedMean.Upper);
                for (int g = 0; g < curve.Times.Count; g++) Row(r.Strategy, name, curve.Times[g], curve.Survival[g], curve.Lower(g), curve.Upper(g));
            }
            for (int s = 0; s < r.States.Count; s++)
                for (int g = 0; g < r.Times.Count; g++)
                    Row(r.Strategy, $"occupancy({r.States[s]})", r.Times[g], r.Occupancy[s, g], double.NaN, double.NaN);
            foreach (var (name, e) in new[]
                     {
                         ("life_years", r.LifeYears), ("qalys", r.Qalys), ("costs", r.Costs),
                         ("discounted_life_years", r.DiscountedLifeYears), ("discounted_qalys", r.DiscountedQalys), ("discounted_costs", r.DiscountedCosts),
                         ("cfdf_ever", r.CfdfEver), ("response_ever", r.ResponseEver), ("cfdf_months", r.CfdfMonths),
                     })
                Row(r.Strategy, name, null, e.Mean, e.Lower, e.Upper);
        }
        return sb.ToString();
    }

    private static void PrintTable(SimulationResult result, string hash, ulong seed, TimeSpan elapsed, int threads)
    {
        Console.WriteLine($"hccsim {Version} · reference-chain (built in) · sha256 {hash[..12]}… · seed {seed}");
        Console.WriteLine($"{result.Options.Patients:N0} patients in {elapsed.TotalSeconds:F2} s on {threads} thread(s): {result.Options.Patients / elapsed.TotalSeconds:N0} patients/s");
        Console.WriteLine();
        Console.WriteLine($"{"strategy",-12} {"median OS (95% CI)",-26} {"median PFS (95% CI)",-26} {"disc. QALYs",12} {"disc. costs",14}");
        foreach (var r in result.Strategies)
        {
            static string Median(QuantileEstimate m) => m.Reached ? $"{m.Value:F2} ({m.Lower:F2}–{m.Upper:F2})" : "not reached";
            Console.WriteLine($"{r.Strategy,-12} {Median(r.OverallSurvival.Median),-26} {Median(r.ProgressionFreeSurvival.Median),-26} {r.DiscountedQalys.Mean,12:F4} {r.DiscountedCosts.Mean,14:N0}");
        }
    }

    private sealed class UsageException(string message) : Exception(message);
}
