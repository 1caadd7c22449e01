using HccSim.Core.Outcomes;

namespace HccSim.Core.Tests.Engine;

public class TieredStrategyTests
{
    [Fact]
    public void ARoutedPatientLivesExactlyTheLifeOfTheSubStrategy()
    {
        // Common random numbers: a patient routed to a sub-strategy draws the same numbers as under it alone.
        var result = TestModels.Run(RichModel.Build(), 3000, trajectories: 3000);
        var table = result.Trajectories!;
        var model = result.Model;
        int curative = 0, conversion = 1, tiered = 2;
        var byPatient = table.Sojourns.GroupBy(s => s.Patient);
        int routedWithin = 0, routedBeyond = 0;
        foreach (var patient in byPatient)
        {
            bool within = table.Attributes(patient.Key)[0] == 0; // burden level 0 = within
            int sub = within ? curative : conversion;
            if (within) routedWithin++; else routedBeyond++;
            string prefix = model.StrategyNames[sub] + "/";
            var expected = patient.Where(s => s.Strategy == sub)
                .Select(s => (prefix + model.StateNames(sub)[s.State], s.Entry, s.Exit, s.Censored)).ToArray();
            var actual = patient.Where(s => s.Strategy == tiered)
                .Select(s => (model.StateNames(tiered)[s.State], s.Entry, s.Exit, s.Censored)).ToArray();
            Assert.Equal(expected, actual);
        }
        Assert.InRange(routedWithin, 1, 2999);
        Assert.Equal(3000, routedWithin + routedBeyond);
    }

    [Fact]
    public void TieredTotalsAreTheSumOfTheRoutedPatientsTotals()
    {
        var result = TestModels.Run(RichModel.Build(), 20_000);
        var all = TestModels.Run(RichModel.Build(), 20_000, trajectories: 20_000).Trajectories!;
        // Life-years from the trajectories of the routed sub-strategies equal the tiered strategy's life-years.
        double expected = 0;
        foreach (var s in all.Sojourns)
        {
            bool within = all.Attributes(s.Patient)[0] == 0;
            if (s.Strategy == (within ? 0 : 1) && !result.Model.StateNames(s.Strategy)[s.State].Equals("dead"))
                expected += (s.Exit - s.Entry) / 12;
        }
        Assert.Equal(expected / 20_000, result["tiered"].LifeYears.Mean, 6);
    }
}
