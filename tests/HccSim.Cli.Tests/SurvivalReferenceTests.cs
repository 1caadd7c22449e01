using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace HccSim.Cli.Tests;

/// <summary>
/// `hccsim survival --out` on published data sets (tests/data/survival), its files read back and held to R survival's
/// printed values to 1e-6 (relative above 1). The references, each with where R printed it:
/// <list type="bullet">
/// <item>AML (Miller 1997, survival::aml): Kaplan–Meier with log-log limits and the Efron Cox fit to 15 digits, written by
/// R's survfit and coxph in github.com/JuliaStats/Survival.jl test/data/refs/leukemia_{km,cox,cox_meta}.csv and
/// generate_refs.R (commit b936f70b7d473a2b5389ed0c09565d1c21dca336); log and plain limits, survdiff, the Breslow fit and
/// the pooled median to 12 digits, printed by R 4.5.1 / survival 3.8.3 in github.com/drsyedzaidi/pharmagent
/// backend/tests/test_er_survival.py (commit 2805d69f9e60fe4d3c2830581a6938a17a1da309), which agrees with the first to
/// its 12 digits wherever both print; medians by group from R survival's own tests/doaml.Rout.save (github.com/therneau/survival
/// commit aeb13fc463185ce68bcf9b0adb0df13dc153edc8).</item>
/// <item>Therneau–Grambsch data set 1: R survival's tests/book1.R and book2.R, where coxph is asserted equal to the book's
/// closed forms (and its linear predictor printed to 7 digits), and tests/quantile.R (commit 7fffdfdafaa6980865c7d769c9ca9fd6437a5bc0).</item>
/// <item>BMT AML patients (Klein and Moeschberger 1997): survdiff chi-squares, plain and stratified, to 7 digits from R in
/// github.com/statsmodels/statsmodels statsmodels/duration/tests/test_survfunc.py (commit 03ec561456b1376823774ea5d5eeb5def8b0e116).</item>
/// </list>
/// </summary>
public sealed class SurvivalReferenceTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hccsim-cli-tests", Guid.NewGuid().ToString("N"));

    public SurvivalReferenceTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private static string Data(string name) => CliHarness.Repository(Path.Combine("tests", "data", "survival", name));

    /// <summary>Runs `hccsim survival` into a fresh folder and returns the folder; the run must succeed silently on stderr.</summary>
    private string Survival(string data, string time, string @event, params string[] more)
    {
        string outDir = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        var (code, _, error) = CliHarness.Run(new[] { "survival", Data(data), "--time", time, "--event", @event, "--out", outDir }.Concat(more).ToArray());
        Assert.Equal("", error);
        Assert.Equal(0, code);
        return outDir;
    }

    /// <summary>A written CSV's rows as cells by column name, after checking its stamp and that every number is written in full.</summary>
    private static List<Dictionary<string, string>> Rows(string outDir, string file)
    {
        var lines = File.ReadAllLines(Path.Combine(outDir, file));
        Assert.StartsWith("# hccsim ", lines[0]);
        var header = lines[1].Split(',');
        var rows = lines.Skip(2).Select(l => header.Zip(l.Split(','), (h, v) => (h, v)).ToDictionary(x => x.h, x => x.v)).ToList();
        // Shortest round-trip form: the cell is exactly what the double it parses to prints as, so nothing was rounded away.
        foreach (var cell in rows.SelectMany(r => r.Values))
            if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double x))
                Assert.Equal(x.ToString("R", CultureInfo.InvariantCulture), cell);
        return rows;
    }

    private static double D(string cell) => cell == "NA" ? double.NaN : double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>|ours − R| ≤ 1e-6, relative to R's value where that is above 1; NA where R has NA.</summary>
    private static void Close(double r, string cell, string what)
    {
        double ours = D(cell);
        if (double.IsNaN(r)) { Assert.True(double.IsNaN(ours), $"{what}: R has NA, ours {cell}"); return; }
        Assert.True(Math.Abs(ours - r) <= 1e-6 * Math.Max(1, Math.Abs(r)), $"{what}: ours {cell}, R {r:R}");
    }

    // AML, all 23 patients pooled: survfit(Surv(time, status) ~ 1, conf.type = "log-log") as Survival.jl's refs hold it.
    private static readonly double[] AmlTime = { 5, 8, 9, 12, 13, 16, 18, 23, 27, 28, 30, 31, 33, 34, 43, 45, 48, 161 };
    private static readonly int[] AmlRisk = { 23, 21, 19, 18, 17, 15, 14, 13, 11, 10, 9, 8, 7, 6, 5, 4, 2, 1 };
    private static readonly int[] AmlEvent = { 2, 2, 1, 1, 1, 0, 1, 2, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0 };
    private static readonly int[] AmlCensor = { 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1 };
    private static readonly double[] AmlSurv =
    {
        0.91304347826087, 0.826086956521739, 0.782608695652174, 0.739130434782609, 0.695652173913043, 0.695652173913043,
        0.645962732919255, 0.546583850931677, 0.496894409937888, 0.496894409937888, 0.44168391994479, 0.386473429951691,
        0.331262939958592, 0.276052449965493, 0.220841959972395, 0.165631469979296, 0.082815734989648, 0.082815734989648,
    };
    /// <summary>R's fit$std.err: Greenwood's SE of log S (km.csv holds the SE of S, as summary(fit) prints it: S times this).</summary>
    private static readonly double[] AmlStdErrLog =
    {
        0.0643489452087787, 0.095672974646988, 0.109896745565965, 0.1238760208523, 0.137919321091843, 0.137919321091843,
        0.156576641377123, 0.196219924092724, 0.218158583837225, 0.218158583837225, 0.247955755308789, 0.281672148867962,
        0.321167749404293, 0.369434779887807, 0.431835682396386, 0.519437570766772, 0.877391241080104, 0.877391241080104,
    };
    private static readonly double[] AmlLowerLogLog =
    {
        0.694947537532059, 0.600610411237199, 0.554211506668729, 0.509209438754219, 0.465641749762004, 0.465641749762004,
        0.413952950717117, 0.319250413971187, 0.275565628012137, 0.275565628012137, 0.227381168462543, 0.182836618648628,
        0.141825693481738, 0.104441343233593, 0.0709966489828616, 0.0421142812615769, 0.00695596679853646, 0.00695596679853646,
    };
    private static readonly double[] AmlUpperLogLog =
    {
        0.977515669900713, 0.930903558387115, 0.903207489881887, 0.873375781697676, 0.841721291391763, 0.841721291391763,
        0.805307764482079, 0.726449173820633, 0.684213788447816, 0.684213788447816, 0.637092687459888, 0.58747691441794,
        0.535273789989068, 0.480284660416562, 0.422167443380925, 0.360361360273183, 0.286760367980918, 0.286760367980918,
    };
    // The same curve with conf.type = "log" (R's default) and "plain", as pharmagent's R run prints them.
    private static readonly double[] AmlLowerLog =
    {
        0.804854797783, 0.684839468072, 0.6309579106, 0.579799217968, 0.530878341628, 0.530878341628, 0.475257724706,
        0.372078087249, 0.32401654569, 0.32401654569, 0.271675995392, 0.222515297747, 0.176520182581, 0.133822195629,
        0.0947332405633, 0.0598407178101, 0.0148346082548, 0.0148346082548,
    };
    private static readonly double[] AmlUpperLog =
    {
        1, 0.996466605023, 0.970708759208, 0.942246527232, 0.9115684501, 0.9115684501, 0.877982262317, 0.802933352802,
        0.762010637765, 0.762010637765, 0.718078477475, 0.671242442974, 0.621657726531, 0.569449296312, 0.514826379784,
        0.458446770886, 0.462327406565, 0.462327406565,
    };
    private static readonly double[] AmlLowerPlain =
    {
        0.79788896017, 0.671182777938, 0.614039741744, 0.55967507956, 0.507605633313, 0.507605633313, 0.447726732276,
        0.336376455802, 0.284430823732, 0.284430823732, 0.227032447132, 0.173114099622, 0.122740464819, 0.0761687058063,
        0.0339252152411, 0, 0, 0,
    };
    private static readonly double[] AmlUpperPlain =
    {
        1, 0.980991135106, 0.951177649561, 0.918585790005, 0.883698714513, 0.883698714513, 0.844198733563, 0.756791246061,
        0.709357996144, 0.709357996144, 0.656335392757, 0.599832760282, 0.539785415098, 0.475936194125, 0.407758704704,
        0.334257379863, 0.225230247028, 0.225230247028,
    };

    [Theory]
    [InlineData("log-log")]
    [InlineData("log")]
    [InlineData("plain")]
    public void TheAmlKaplanMeierFileIsRsSurvfitAtEveryTime(string confType)
    {
        var km = Rows(Survival("aml.csv", "time", "status", "--conf-type", confType), "km.csv");
        var (lower, upper) = confType switch
        {
            "log-log" => (AmlLowerLogLog, AmlUpperLogLog), "log" => (AmlLowerLog, AmlUpperLog), _ => (AmlLowerPlain, AmlUpperPlain),
        };
        Assert.Equal(AmlTime.Length, km.Count); // one row per distinct time, censorings included, as survfit holds the curve
        for (int i = 0; i < km.Count; i++)
        {
            var row = km[i];
            Assert.Equal("all", row["group"]);
            Assert.Equal(new[] { AmlTime[i], AmlRisk[i], AmlEvent[i], AmlCensor[i] }, new[] { D(row["time"]), D(row["n_risk"]), D(row["n_event"]), D(row["n_censor"]) });
            Close(AmlSurv[i], row["survival"], $"S({AmlTime[i]})");
            Close(AmlSurv[i] * AmlStdErrLog[i], row["std_err"], $"SE({AmlTime[i]})");
            Close(lower[i], row["lower"], $"{confType} lower({AmlTime[i]})");
            Close(upper[i], row["upper"], $"{confType} upper({AmlTime[i]})");
        }
    }

    [Fact]
    public void TheAmlMediansAreRsQuantilesOfItsCurves()
    {
        // Pooled, log limits: summary(survfit(...))$table gives median 27, 0.95LCL 18, 0.95UCL 45 (pharmagent's R run).
        var pooled = Rows(Survival("aml.csv", "time", "status", "--conf-type", "log"), "medians.csv").Single();
        Assert.Equal(new[] { "all", "23", "18", "27", "18", "45" },
            new[] { pooled["group"], pooled["n"], pooled["events"], pooled["median"], pooled["lower"], pooled["upper"] });
        // Pooled, log-log limits (R prints no median for them): R's rule, the first time a curve is at or below ½, on
        // R's own log-log limits above: 13 and 34.
        var logLog = Rows(Survival("aml.csv", "time", "status"), "medians.csv").Single();
        Assert.Equal(AmlTime[Array.FindIndex(AmlLowerLogLog, v => v <= 0.5)], D(logLog["lower"]));
        Assert.Equal(AmlTime[Array.FindIndex(AmlUpperLogLog, v => v <= 0.5)], D(logLog["upper"]));
        Assert.Equal("27", logLog["median"]);
        // By group, log limits: print(survfit(Surv(time, status) ~ x, aml)) in doaml.Rout.save:
        // Maintained 11 7 31 18 NA; Nonmaintained 12 11 23 8 NA.
        var byGroup = Rows(Survival("aml.csv", "time", "status", "--group", "x", "--conf-type", "log"), "medians.csv").ToDictionary(r => r["group"]);
        Assert.Equal(new[] { "11", "7", "31", "18", "NA" }, new[] { "n", "events", "median", "lower", "upper" }.Select(k => byGroup["Maintained"][k]));
        Assert.Equal(new[] { "12", "11", "23", "8", "NA" }, new[] { "n", "events", "median", "lower", "upper" }.Select(k => byGroup["Nonmaintained"][k]));
    }

    [Fact]
    public void TheAmlLogRankAndEfronCoxFilesAreRsSurvdiffAndCoxph()
    {
        string outDir = Survival("aml.csv", "time", "status", "--group", "x");
        // survdiff(Surv(time, status) ~ x, aml): chisq 3.39638869898, p 0.0653393220405.
        var logRank = Rows(outDir, "logrank.csv").Single();
        Close(3.39638869898, logRank["chi_square"], "log-rank chi-square");
        Close(0.0653393220405, logRank["p_value"], "log-rank p");
        Assert.Equal("1", logRank["df"]);
        // coxph(Surv(time, status) ~ x, aml, ties = "efron"): the term xNonmaintained against Maintained (the first level).
        var cox = Rows(outDir, "cox.csv").Single();
        Assert.Equal(new[] { "xNonmaintained", "efron" }, new[] { cox["term"], cox["ties"] });
        Close(0.915532575014718, cox["coef"], "coef");
        Close(0.511934275172005, cox["se"], "se(coef)");
        Close(1.78837913266719, cox["z"], "z");
        Close(0.0737148606390457, cox["p_value"], "Pr(>|z|)");
        Close(Math.Exp(0.915532575014718), cox["hr"], "exp(coef)");
        Close(Math.Exp(-0.0878401667740301), cox["hr_lower"], "lower .95"); // exp(confint(fit))
        Close(Math.Exp(1.91890531680347), cox["hr_upper"], "upper .95");
        Close(-42.7248392627602, cox["loglik_null"], "loglik[1]");
        Close(-41.0326155964584, cox["loglik"], "loglik[2]");

        // The stamp leads every file; survival.json holds the same numbers.
        string path = Data("aml.csv");
        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        string stamp = $"# hccsim {Program.Version}; data {path}; sha256 {sha}; time time; event status; group x; unit months; reference Maintained; conf_type log-log; ties efron";
        foreach (string name in new[] { "km.csv", "medians.csv", "logrank.csv", "cox.csv", "fits.csv" })
            Assert.Equal(stamp, File.ReadLines(Path.Combine(outDir, name)).First());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "survival.json")));
        var jsonCox = json.RootElement.GetProperty("cox");
        Assert.Equal(D(cox["hr"]), jsonCox.GetProperty("hr").GetDouble());
        Assert.Equal(D(cox["loglik"]), jsonCox.GetProperty("loglik").GetDouble());
        Assert.Equal("efron", json.RootElement.GetProperty("stamp").GetProperty("ties").GetString());
    }

    [Fact]
    public void TheAmlBreslowCoxFileIsRsCoxphWithBreslowTies()
    {
        // coxph(..., ties = "breslow") in pharmagent's R run, whose covariate is Maintained = 1: its coefficient is ours
        // negated and its hazard ratios are our reciprocals. R's own doaml.Rout.save prints 0.9042 2.4700 0.5122 1.765 0.0775.
        string outDir = Survival("aml.csv", "time", "status", "--group", "x", "--ties", "breslow");
        var cox = Rows(outDir, "cox.csv").Single();
        Assert.Equal(new[] { "xNonmaintained", "breslow" }, new[] { cox["term"], cox["ties"] });
        Close(0.904219723686, cox["coef"], "coef");
        Close(0.512247907304, cox["se"], "se(coef)");
        Close(0.0775302512086, cox["p_value"], "Pr(>|z|)");
        Close(1 / 0.404857662735, cox["hr"], "exp(coef)");
        Close(1 / 1.10491424518, cox["hr_lower"], "lower .95");
        Close(1 / 0.148346107212, cox["hr_upper"], "upper .95");
        Close(-42.8981238972, cox["loglik_null"], "loglik[1]");
        Close(-41.2501143501, cox["loglik"], "loglik[2]");
        Assert.EndsWith("; ties breslow", File.ReadLines(Path.Combine(outDir, "cox.csv")).First());
    }

    [Theory]
    [InlineData("efron")]
    [InlineData("breslow")]
    public void TheBookDataCoxFileIsTheClosedFormRsTestsAssert(string ties)
    {
        // book2.R (Efron): β solves r³ − 23r − 30 = 0 (r = e^β); book1.R (Breslow): r = 3/2 + √33/2. coxph agrees with both
        // (all.equal TRUE), and prints the linear predictor at x − x̄ = ½ as 0.8384287 ± 0.6388078 (Efron) and 0.7376425 ±
        // 0.6278672 (Breslow): β/2 and se/2.
        bool efron = ties == "efron";
        double r = efron ? 2 * Math.Sqrt(23.0 / 3) * Math.Cos(Math.Acos(45.0 / 23 * Math.Sqrt(3.0 / 23)) / 3) : 1.5 + Math.Sqrt(33) / 2;
        double information = efron
            ? new[] { r / (r + 1), r / (r + 5), r / (r + 3) }.Sum(m => m - m * m)
            : r / ((r + 1) * (r + 1)) + 6 * r / ((r + 3) * (r + 3));
        double logLik = efron ? 2 * Math.Log(r) - Math.Log(3 * r + 3) - Math.Log((r + 5) / 2) - Math.Log(r + 3) : 2 * Math.Log(r) - Math.Log(3 * r + 3) - 2 * Math.Log(r + 3);
        double nullLogLik = efron ? -Math.Log(6) - Math.Log(3) - Math.Log(4) : -Math.Log(6) - 2 * Math.Log(4);
        var cox = Rows(Survival("test1.csv", "time", "status", "--group", "x", "--ties", ties), "cox.csv").Single();
        Assert.Equal("x1", cox["term"]);
        Close(Math.Log(r), cox["coef"], "coef (closed form)");
        Close(1 / Math.Sqrt(information), cox["se"], "se (closed form)");
        Close(logLik, cox["loglik"], "loglik (closed form)");
        Close(nullLogLik, cox["loglik_null"], "null loglik (closed form)");
        Close(2 * (efron ? 0.8384287 : 0.7376425), cox["coef"], "coef (R's linear predictor)");
        Close(2 * (efron ? 0.6388078 : 0.6278672), cox["se"], "se (R's se.fit)");
    }

    [Fact]
    public void TheBookDataMediansAreRsQuantileSurvfit()
    {
        // quantile.R at ½ (log limits): overall 9 (6, NA); x = 0: 9 (6, NA); x = 1: 6 (1, NA), whose upper limit is NA where
        // the curve reaches 0.
        var all = Rows(Survival("test1-quantile.csv", "time", "status", "--conf-type", "log"), "medians.csv").Single();
        Assert.Equal(new[] { "9", "6", "NA" }, new[] { all["median"], all["lower"], all["upper"] });
        var byX = Rows(Survival("test1-quantile.csv", "time", "status", "--group", "x", "--conf-type", "log"), "medians.csv").ToDictionary(r => r["group"]);
        Assert.Equal(new[] { "9", "6", "NA" }, new[] { byX["0"]["median"], byX["0"]["lower"], byX["0"]["upper"] });
        Assert.Equal(new[] { "6", "1", "NA" }, new[] { byX["1"]["median"], byX["1"]["lower"], byX["1"]["upper"] });
    }

    [Theory]
    [InlineData(null, 13.44556)]
    [InlineData("stratum5", 11.97799)]
    [InlineData("stratum8", 12.12631)]
    public void TheBmtLogRankFileIsRsSurvdiffPlainAndStratified(string? strata, double chiSquare)
    {
        // survdiff(Surv(T, Status) ~ Group [+ strata(s)]) on the AML-low and AML-high risk patients (statsmodels' R values).
        var more = strata is null ? new[] { "--group", "group" } : new[] { "--group", "group", "--strata", strata };
        var logRank = Rows(Survival("bmt-aml.csv", "days", "status", more), "logrank.csv").Single();
        Close(chiSquare, logRank["chi_square"], $"log-rank chi-square{(strata is null ? "" : $" by {strata}")}");
    }
}
