using System.Globalization;
using System.Text;
using System.Text.Json;
using HccSim.Analysis.Summaries;
using HccSim.Analysis.Uncertainty;
using static HccSim.Reporting.ResultWriter;
using static HccSim.Reporting.CsvCell;

namespace HccSim.Reporting;


/// <summary>Writes a probabilistic analysis: psa_summary.csv, psa_draws.csv, psa_parameters.csv, ceac.csv, evppi.csv and psa.json, each stamped.</summary>
public static class PsaWriter
{
    public static readonly string[] Files = { "psa_summary.csv", "psa_draws.csv", "psa_parameters.csv", "ceac.csv", "evppi.csv", "psa.json" };

    public static IReadOnlyList<string> Write(string directory, RunStamp stamp, PsaResult psa, PsaTables tables)
    {
        Directory.CreateDirectory(directory);
        string head = stamp.CommentLine() + $"; draws {psa.Analysis.Draws}";
        var written = new List<string>();
        void Emit(string name, StringBuilder sb)
        {
            string path = Path.Combine(directory, name);
            WriteAtomically(path, sb.ToString());
            written.Add(path);
        }

        var sb = new StringBuilder().AppendLine(head)
            .AppendLine("strategy,cost,cost_lower,cost_upper,qalys,qalys_lower,qalys_upper,life_years,life_years_lower,life_years_upper,nmb,nmb_lower,nmb_upper,p_cost_effective,base_cost,base_qalys,base_life_years,wtp");
        foreach (var r in tables.Strategies)
            sb.AppendLine(CsvLine.Of(r.Strategy, Number(r.Cost.Mean), Number(r.Cost.Lower), Number(r.Cost.Upper), Number(r.Qalys.Mean), Number(r.Qalys.Lower), Number(r.Qalys.Upper),
                Number(r.LifeYears.Mean), Number(r.LifeYears.Lower), Number(r.LifeYears.Upper), Number(r.NetBenefit.Mean), Number(r.NetBenefit.Lower), Number(r.NetBenefit.Upper),
                Number(r.ProbabilityCostEffective), Number(r.BaseCase.Cost), Number(r.BaseCase.Qalys), Number(r.BaseCase.LifeYears), Number(tables.Wtp)));
        Emit("psa_summary.csv", sb);

        sb = new StringBuilder().AppendLine(head).AppendLine("draw,strategy,cost,qalys,life_years");
        var a = psa.Analysis;
        for (int k = 0; k < a.Draws; k++)
            for (int s = 0; s < a.Strategies.Count; s++)
                sb.AppendLine(CsvLine.Of(Number(k), a.Strategies[s], Number(a[k, s].Cost), Number(a[k, s].Qalys), Number(a[k, s].LifeYears)));
        Emit("psa_draws.csv", sb);

        sb = new StringBuilder().AppendLine(head).AppendLine("draw,parameter,value");
        for (int k = 0; k < a.Draws; k++)
            for (int j = 0; j < psa.ParameterNames.Count; j++)
                sb.AppendLine(CsvLine.Of(Number(k), psa.ParameterNames[j], Number(psa.Parameters[k, j])));
        Emit("psa_parameters.csv", sb);

        sb = new StringBuilder().AppendLine(head).AppendLine("wtp,strategy,probability_cost_effective,optimal,evpi");
        foreach (var r in tables.Acceptability)
            sb.AppendLine(CsvLine.Of(Number(r.Wtp), r.Strategy, Number(r.Probability), r.Optimal ? "TRUE" : "FALSE", Number(r.Evpi)));
        Emit("ceac.csv", sb);

        sb = new StringBuilder().AppendLine(head).AppendLine("group,parameters,wtp,evppi,population_evppi,bins,noise_floor,noise_floor_sd,at_floor");
        foreach (var r in tables.Evppi)
            sb.AppendLine(CsvLine.Of(r.Group, string.Join(";", r.Parameters), Number(r.Wtp), Number(r.Evppi), Number(r.Population), Number(tables.Bins),
                Number(r.NoiseFloor), Number(r.NoiseFloorSd), r.AtFloor ? "TRUE" : "FALSE"));
        Emit("evppi.csv", sb);

        var json = new
        {
            stamp = new { stamp.HccSimVersion, stamp.Scenario, stamp.ScenarioFile, stamp.ScenarioSha256, stamp.Seed, PatientsPerDraw = stamp.Patients, Draws = a.Draws, stamp.Threads, stamp.WallTimeSeconds, stamp.FinishedUtc },
            tables.Wtp, tables.Optimal, tables.RunnerUp, Evpi = J(tables.Evpi), PopulationEvpi = tables.PopulationEvpi is { } pe ? J(pe) : null,
            IncrementalNetBenefitSe = tables.Error is { } e ? new { e.Outer, e.Inner, e.Total } : null,
            StoppedBySe = psa.StoppedBySe,
            Strategies = tables.Strategies.Select(r => new { r.Strategy, Cost = r.Cost, Qalys = r.Qalys, LifeYears = r.LifeYears, NetBenefit = r.NetBenefit, r.ProbabilityCostEffective, BaseCase = new { r.BaseCase.Cost, r.BaseCase.Qalys, r.BaseCase.LifeYears } }),
            Acceptability = tables.Acceptability,
            Evppi = tables.Evppi.Select(r => new { r.Group, r.Parameters, r.Wtp, r.Evppi, r.Population, r.NoiseFloor, r.NoiseFloorSd, r.AtFloor }),
        };
        string jsonPath = Path.Combine(directory, "psa.json");
        WriteAtomically(jsonPath, JsonSerializer.Serialize(json, JsonOptions));
        written.Add(jsonPath);
        return written;
    }
}
