using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using HccSim.Analysis.Survival;

namespace HccSim.Cli.Tests;

/// <summary>`hccsim survival --out`: the files read back, against R survival's published results on the Gehan/Freireich 6-MP data.</summary>
public sealed class SurvivalOutputTests : IDisposable
{
    private const double Z = 1.959963984540054; // qnorm(0.975), as R and KaplanMeier use
    private static readonly (int Weeks, int Relapse)[] SixMp = { (6, 1), (6, 1), (6, 1), (6, 0), (7, 1), (9, 0), (10, 1), (10, 0), (11, 0), (13, 1), (16, 1), (17, 0), (19, 0), (20, 0), (22, 1), (23, 1), (25, 0), (32, 0), (32, 0), (34, 0), (35, 0) };
    private static readonly int[] Placebo = { 1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23 };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hccsim-cli-tests", Guid.NewGuid().ToString("N"));

    public SurvivalOutputTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>The data as CSV, the 6-MP arm first in the file unless <paramref name="placeboFirst"/>.</summary>
    private string Gehan(bool placeboFirst = false)
    {
        var sixMp = SixMp.Select(x => $"{x.Weeks},{x.Relapse},6-MP");
        var placebo = Placebo.Select(t => $"{t},1,placebo");
        string path = Path.Combine(_folder, placeboFirst ? "gehan-placebo-first.csv" : "gehan.csv");
        File.WriteAllText(path, string.Join("\n", new[] { "weeks,relapse,arm" }.Concat(placeboFirst ? placebo.Concat(sixMp) : sixMp.Concat(placebo))) + "\n");
        return path;
    }

    /// <summary>The same data as the library takes it: group 1 is placebo, compared against 6-MP.</summary>
    private static SurvivalData GehanData()
        => new(SixMp.Select(x => (double)x.Weeks).Concat(Placebo.Select(t => (double)t)).ToArray(),
            SixMp.Select(x => x.Relapse == 1).Concat(Placebo.Select(_ => true)).ToArray(),
            SixMp.Select(_ => 0).Concat(Placebo.Select(_ => 1)).ToArray());

    private (int Code, string Out, string Err) Survival(string path, string outDir, params string[] more)
        => CliHarness.Run(new[] { "survival", path, "--time", "weeks", "--event", "relapse", "--group", "arm", "--out", outDir }.Concat(more).ToArray());

    /// <summary>A written CSV: its stamp line, and its rows as cells by column name (no cell here is quoted but fits' parameters).</summary>
    private static (string Stamp, List<Dictionary<string, string>> Rows) Read(string file)
    {
        var lines = File.ReadAllLines(file);
        var header = lines[1].Split(',');
        return (lines[0], lines.Skip(2).Select(l => header.Zip(l.Split(','), (h, v) => (h, v)).ToDictionary(x => x.h, x => x.v)).ToList());
    }

    private static double D(string cell) => cell == "NA" ? double.NaN : double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);

    [Fact]
    public void TheFilesHoldRsLogRankCoxAndMediansAtFullPrecision()
    {
        string path = Gehan(), outDir = Path.Combine(_folder, "out");
        var (code, output, error) = Survival(path, outDir);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("reference group: 6-MP", output);
        Assert.Contains("hazard ratio placebo vs 6-MP 4.817 (95% CI 2.147–10.809), coef 1.5721", output); // printed as before
        foreach (string name in new[] { "km.csv", "medians.csv", "logrank.csv", "cox.csv", "fits.csv", "survival.json" })
            Assert.True(File.Exists(Path.Combine(outDir, name)), name);

        // R: survdiff chisq 16.8 on 1 df (16.793 as the other tests have it); the file holds the library's double to the bit.
        var (stamp, logRank) = Read(Path.Combine(outDir, "logrank.csv"));
        var expected = LogRank.Test(GehanData());
        Assert.Equal(16.793, Math.Round(D(logRank[0]["chi_square"]), 3));
        Assert.Equal(expected.ChiSquare, D(logRank[0]["chi_square"]));
        Assert.Equal("1", logRank[0]["df"]);
        Assert.Equal(expected.PValue, D(logRank[0]["p_value"]));

        // R: coxph (Efron) coef 1.5721, se 0.4124, exp(coef) 4.817, 95% CI 2.147–10.809.
        var cox = Read(Path.Combine(outDir, "cox.csv")).Rows.Single();
        Assert.Equal("armplacebo", cox["term"]);
        Assert.Equal(1.5721, Math.Round(D(cox["coef"]), 4));
        Assert.Equal(0.4124, Math.Round(D(cox["se"]), 4));
        Assert.Equal(4.817, Math.Round(D(cox["hr"]), 3));
        Assert.Equal(2.147, Math.Round(D(cox["hr_lower"]), 3));
        Assert.Equal(10.809, Math.Round(D(cox["hr_upper"]), 3));
        var fit = CoxModel.Fit(GehanData());
        Assert.Equal(fit.Coefficient, D(cox["coef"]));
        Assert.Equal(fit.HazardRatio, D(cox["hr"]));
        Assert.Equal(fit.Lower, D(cox["hr_lower"]));
        Assert.Equal(fit.Upper, D(cox["hr_upper"]));
        Assert.Equal(D(cox["coef"]) / D(cox["se"]), D(cox["z"]));

        // Medians: 6-MP 23, placebo 8; the 6-MP interval's upper end is not reached (NA).
        var medians = Read(Path.Combine(outDir, "medians.csv")).Rows.ToDictionary(r => r["group"]);
        Assert.Equal(new[] { "21", "9", "23" }, new[] { medians["6-MP"]["n"], medians["6-MP"]["events"], medians["6-MP"]["median"] });
        Assert.Equal(new[] { "21", "21", "8" }, new[] { medians["placebo"]["n"], medians["placebo"]["events"], medians["placebo"]["median"] });
        Assert.Equal("NA", medians["6-MP"]["upper"]);

        // km.csv: every distinct time of each group, as survfit holds it; at 6 weeks 21 at risk, 3 relapses, 1 censored.
        var km = Read(Path.Combine(outDir, "km.csv")).Rows;
        Assert.Equal(16, km.Count(r => r["group"] == "6-MP"));
        Assert.Equal(12, km.Count(r => r["group"] == "placebo"));
        var first = km.First(r => r["group"] == "6-MP");
        Assert.Equal(new[] { "6", "21", "3", "1" }, new[] { first["time"], first["n_risk"], first["n_event"], first["n_censor"] });
        Assert.Equal(18.0 / 21, D(first["survival"]), 15);
        var nine = km.Single(r => r["group"] == "6-MP" && r["time"] == "9"); // censored only: the curve carried from 7 weeks
        Assert.Equal(new[] { "0", "1" }, new[] { nine["n_event"], nine["n_censor"] });
        Assert.Equal(D(km.Single(r => r["group"] == "6-MP" && r["time"] == "7")["survival"]), D(nine["survival"]));
        var curve = new KaplanMeier(GehanData().Group(0));
        Assert.Equal(curve.Steps.Select(s => (s.Time, s.Survival, s.StandardError, s.Lower, s.Upper)),
            km.Where(r => r["group"] == "6-MP" && r["n_event"] != "0").Select(r => (D(r["time"]), D(r["survival"]), D(r["std_err"]), D(r["lower"]), D(r["upper"]))));

        // Five families per group; the stamp first in every file.
        Assert.Equal(10, File.ReadAllLines(Path.Combine(outDir, "fits.csv")).Length - 2);
        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal($"# hccsim {Program.Version}; data {path}; sha256 {sha}; time weeks; event relapse; group arm; unit months; reference 6-MP; conf_type log-log; ties efron", stamp);
        foreach (string name in new[] { "km.csv", "medians.csv", "cox.csv", "fits.csv" })
            Assert.Equal(stamp, File.ReadLines(Path.Combine(outDir, name)).First());

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "survival.json")));
        var root = json.RootElement;
        Assert.Equal(sha, root.GetProperty("stamp").GetProperty("data_sha256").GetString());
        Assert.Equal("6-MP", root.GetProperty("reference").GetString());
        Assert.Equal(fit.HazardRatio, root.GetProperty("cox").GetProperty("hr").GetDouble());
        Assert.Equal(expected.ChiSquare, root.GetProperty("logrank").GetProperty("chi_square").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("medians")[0].GetProperty("upper").ValueKind);
        Assert.Equal(km.Count, root.GetProperty("km").GetArrayLength());
        Assert.Equal(10, root.GetProperty("fits").GetArrayLength());
    }

    [Fact]
    public void MediansWithLogIntervalsAreRsPrintOfSurvfit()
    {
        // MASS: survfit(Surv(time, cens) ~ treat, data = gehan) with R's default conf.type = "log":
        // 6-MP median 23 (16, NA), control 8 (4, 12).
        string outDir = Path.Combine(_folder, "log");
        Assert.Equal(0, Survival(Gehan(), outDir, "--conf-type", "log").Code);
        var medians = Read(Path.Combine(outDir, "medians.csv")).Rows.ToDictionary(r => r["group"]);
        Assert.Equal(new[] { "23", "16", "NA" }, new[] { medians["6-MP"]["median"], medians["6-MP"]["lower"], medians["6-MP"]["upper"] });
        Assert.Equal(new[] { "8", "4", "12" }, new[] { medians["placebo"]["median"], medians["placebo"]["lower"], medians["placebo"]["upper"] });
    }

    [Fact]
    public void PlainIntervalsAreTheSurvivalPlusOrMinusZTimesItsStandardErrorClippedToZeroAndOne()
    {
        string outDir = Path.Combine(_folder, "plain");
        var (code, output, _) = Survival(Gehan(), outDir, "--conf-type", "plain");
        Assert.Equal(0, code);
        Assert.Contains("plain 95% intervals", output);
        var (stamp, km) = Read(Path.Combine(outDir, "km.csv"));
        Assert.EndsWith("conf_type plain; ties efron", stamp);
        Assert.Contains(km, r => D(r["survival"]) > 0 && D(r["lower"]) == 0); // placebo at 22 weeks: 2/21 − 1.96·0.064, clipped to 0
        foreach (var r in km.Where(r => r["std_err"] != "NA")) // at S = 0 Greenwood's SE is undefined (0·∞): NA
        {
            double s = D(r["survival"]), se = D(r["std_err"]);
            Assert.Equal(Math.Max(0, s - Z * se), D(r["lower"]), 12);
            Assert.Equal(Math.Min(1, s + Z * se), D(r["upper"]), 12);
            Assert.True(Math.Abs(D(r["upper"]) - Math.Min(1, s + 1.96 * se)) < 1e-4);
        }
    }

    [Fact]
    public void TheReferenceGroupTurnsTheHazardRatioIntoItsReciprocal()
    {
        string path = Gehan();
        Assert.Equal(0, Survival(path, Path.Combine(_folder, "a")).Code);
        var (code, output, _) = Survival(path, Path.Combine(_folder, "b"), "--reference", "placebo");
        Assert.Equal(0, code);
        Assert.Contains("reference group: placebo", output);
        Assert.Contains("hazard ratio 6-MP vs placebo 0.208", output);
        var a = Read(Path.Combine(_folder, "a", "cox.csv")).Rows.Single();
        var (stamp, rows) = Read(Path.Combine(_folder, "b", "cox.csv"));
        var b = rows.Single();
        Assert.Contains("; reference placebo;", stamp);
        Assert.Equal("arm6-MP", b["term"]);
        Assert.Equal(-D(a["coef"]), D(b["coef"]), 12);
        Assert.Equal(1 / D(a["hr"]), D(b["hr"]), 12);
        Assert.Equal(1 / D(a["hr_upper"]), D(b["hr_lower"]), 12);
        Assert.Equal(1 / D(a["hr_lower"]), D(b["hr_upper"]), 12);
        Assert.Equal(D(a["se"]), D(b["se"]), 12);
        Assert.Equal(D(a["p_value"]), D(b["p_value"]), 12);

        // Without --reference the first group in the file is the reference.
        var placeboFirst = Survival(Gehan(placeboFirst: true), Path.Combine(_folder, "c"));
        Assert.Contains("reference group: placebo", placeboFirst.Out);
        Assert.Equal("arm6-MP", Read(Path.Combine(_folder, "c", "cox.csv")).Rows.Single()["term"]);
    }

    [Fact]
    public void ABadConfidenceTypeTiesOrReferenceIsAUsageErrorNamingTheChoices()
    {
        string path = Gehan();
        var conf = Survival(path, Path.Combine(_folder, "x"), "--conf-type", "wald");
        Assert.Equal(2, conf.Code);
        Assert.Contains("--conf-type expects log-log, log or plain (got 'wald')", conf.Err);
        var ties = Survival(path, Path.Combine(_folder, "z"), "--ties", "exact");
        Assert.Equal(2, ties.Code);
        Assert.Equal("hccsim: --ties expects efron or breslow (got 'exact')", ties.Err.Trim()); // one line, no stack trace
        var reference = Survival(path, Path.Combine(_folder, "y"), "--reference", "control");
        Assert.Equal(2, reference.Code);
        Assert.Contains("--reference 'control' is not a level of --group column 'arm' (levels: 6-MP, placebo)", reference.Err);
        Assert.False(Directory.Exists(Path.Combine(_folder, "x")) || Directory.Exists(Path.Combine(_folder, "y")) || Directory.Exists(Path.Combine(_folder, "z")));
        var noGroup = CliHarness.Run(new[] { "survival", path, "--time", "weeks", "--event", "relapse", "--reference", "placebo" });
        Assert.Equal(2, noGroup.Code);
        Assert.Contains("--reference names one of the groups to compare: give --group as well", noGroup.Err);
    }
}
