using System.Numerics;
using HccSim.Core.Compilation;

namespace HccSim.Core.Outcomes;

/// <summary>
/// Everything one strategy's patients add up to, in integers and <see cref="ExactSum"/>s whose size does
/// not grow with the cohort. Tallies merge exactly, so a cohort split over threads, blocks or machines
/// gives the same tally to the bit as one run. Summaries (<see cref="CohortResult"/>) are read from it.
/// </summary>
public sealed class StrategyTally
{
    internal StrategyTally(CompiledModel model, int strategy, TimeGrid grid)
    {
        Grid = grid;
        HorizonMonths = model.HorizonMonths;
        StateCount = model.Strategies[strategy].States.Length;
        TagCount = model.TagNames.Count;
        EventBins = grid.EventBins(model.HorizonMonths);
        Points = grid.Points(model.HorizonMonths);
        OsEvents = new long[EventBins];
        PfsEvents = new long[EventBins];
        // First-time bins only for the tags this strategy can record: a library strategy records a few of the model's
        // twenty-odd tags, and each tag's bins are 12,001 counts per strategy, subgroup cell and thread.
        TagSlot = new int[TagCount];
        ulong possible = model.Strategies[strategy].PossibleTags;
        int slots = 0;
        for (int k = 0; k < TagCount; k++) TagSlot[k] = ((possible >> k) & 1UL) != 0 ? slots++ : -1;
        TagFirstEvents = new long[slots * EventBins];
        TagEver = new long[TagCount];
        TagFirstTime = new ExactSum[TagCount];
        // One extra slot: a patient still in a state at the horizon is closed there.
        OccupancyChanges = new long[StateCount * (Points + 1)];
        CfdfChanges = new long[Points + 1];
        Costs = new ExactSum(SumPrecision.Money);
        DiscountedCosts = new ExactSum(SumPrecision.Money);
    }

    public TimeGrid Grid { get; }
    public double HorizonMonths { get; }
    public int StateCount { get; }
    public int TagCount { get; }
    public int EventBins { get; }
    public int Points { get; }

    public long Patients;
    public long Transitions;
    public long BackgroundDeaths;

    /// <summary>Deaths by time bin: bin 0 at time 0, bin k in ((k−1)/b, k/b] months.</summary>
    public readonly long[] OsEvents;
    /// <summary>Progression or death by time bin, as <see cref="OsEvents"/>.</summary>
    public readonly long[] PfsEvents;
    /// <summary>min(OS, horizon) and min(PFS, horizon) per patient: restricted mean survival.</summary>
    public ExactSum OsTime, PfsTime;

    /// <summary>Per state and report point: patients entering minus leaving (prefix sums give occupancy).</summary>
    public readonly long[] OccupancyChanges;
    public readonly long[] CfdfChanges;
    public long CfdfEver, ResponseEver, CancerFreeEver;
    public ExactSum CfdfTime;

    public readonly long[] TagEver;
    /// <summary>Where tag k's bins start in <see cref="TagFirstEvents"/>, in slots of <see cref="EventBins"/>; −1 for a tag the strategy never records.</summary>
    public readonly int[] TagSlot;
    /// <summary>First occurrence by time bin of each tag the strategy can record (slot-major, see <see cref="TagSlot"/>).</summary>
    public readonly long[] TagFirstEvents;

    /// <summary>Tag k's first-occurrence bins; empty for a tag this strategy never records (every bin zero).</summary>
    public ReadOnlySpan<long> TagFirstBins(int k)
        => TagSlot[k] < 0 ? ReadOnlySpan<long>.Empty : TagFirstEvents.AsSpan(TagSlot[k] * EventBins, EventBins);
    public readonly ExactSum[] TagFirstTime;

    public ExactSum LifeYears, Qalys, Costs, DiscountedLifeYears, DiscountedQalys, DiscountedCosts;

    /// <summary>Adds another tally of the same strategy and grid; exact, so order does not matter.</summary>
    public void Merge(StrategyTally other)
    {
        if (other.StateCount != StateCount || other.EventBins != EventBins || other.Points != Points || other.TagCount != TagCount
            || !other.TagSlot.AsSpan().SequenceEqual(TagSlot))
            throw new ArgumentException("cannot merge tallies of different strategies or grids", nameof(other));
        Patients += other.Patients;
        Transitions += other.Transitions;
        BackgroundDeaths += other.BackgroundDeaths;
        Add(OsEvents, other.OsEvents);
        Add(PfsEvents, other.PfsEvents);
        OsTime.Merge(other.OsTime);
        PfsTime.Merge(other.PfsTime);
        Add(OccupancyChanges, other.OccupancyChanges);
        Add(CfdfChanges, other.CfdfChanges);
        CfdfEver += other.CfdfEver;
        ResponseEver += other.ResponseEver;
        CancerFreeEver += other.CancerFreeEver;
        CfdfTime.Merge(other.CfdfTime);
        Add(TagEver, other.TagEver);
        Add(TagFirstEvents, other.TagFirstEvents);
        for (int i = 0; i < TagFirstTime.Length; i++) TagFirstTime[i].Merge(other.TagFirstTime[i]);
        LifeYears.Merge(other.LifeYears);
        Qalys.Merge(other.Qalys);
        Costs.Merge(other.Costs);
        DiscountedLifeYears.Merge(other.DiscountedLifeYears);
        DiscountedQalys.Merge(other.DiscountedQalys);
        DiscountedCosts.Merge(other.DiscountedCosts);
    }

    private static void Add(long[] into, long[] from)
    {
        var a = into.AsSpan();
        var b = from.AsSpan(0, a.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= a.Length - Vector<long>.Count; i += Vector<long>.Count)
                (new Vector<long>(a.Slice(i)) + new Vector<long>(b.Slice(i))).CopyTo(a.Slice(i));
        }
        for (; i < a.Length; i++) a[i] += b[i];
    }

    /// <summary>Writes every count and exact sum (what a shard contributes; merged with <see cref="Merge"/> after <see cref="Read"/>).</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(StateCount); w.Write(TagCount); w.Write(EventBins); w.Write(Points);
        w.Write(Patients); w.Write(Transitions); w.Write(BackgroundDeaths);
        foreach (var a in new[] { OsEvents, PfsEvents, OccupancyChanges, CfdfChanges, TagEver }) foreach (long x in a) w.Write(x);
        // Every tag's bins, as the format has always held them: zeros for a tag the strategy never records.
        for (int k = 0; k < TagCount; k++)
        {
            var bins = TagFirstBins(k);
            for (int i = 0; i < EventBins; i++) w.Write(bins.IsEmpty ? 0L : bins[i]);
        }
        w.Write(CfdfEver); w.Write(ResponseEver); w.Write(CancerFreeEver);
        foreach (var e in new[] { OsTime, PfsTime, CfdfTime, LifeYears, Qalys, Costs, DiscountedLifeYears, DiscountedQalys, DiscountedCosts }.Concat(TagFirstTime)) e.Write(w);
    }

    /// <summary>A tally of strategy <paramref name="strategy"/> of <paramref name="model"/> read back; throws <see cref="InvalidDataException"/> when it is of another shape.</summary>
    public static StrategyTally Read(BinaryReader r, CompiledModel model, int strategy, TimeGrid grid)
    {
        var t = new StrategyTally(model, strategy, grid);
        if (r.ReadInt32() != t.StateCount || r.ReadInt32() != t.TagCount || r.ReadInt32() != t.EventBins || r.ReadInt32() != t.Points)
            throw new InvalidDataException($"a tally of strategy {model.StrategyNames[strategy]} has another shape than this model's (another scenario or grid)");
        t.Patients = r.ReadInt64(); t.Transitions = r.ReadInt64(); t.BackgroundDeaths = r.ReadInt64();
        foreach (var a in new[] { t.OsEvents, t.PfsEvents, t.OccupancyChanges, t.CfdfChanges, t.TagEver }) for (int i = 0; i < a.Length; i++) a[i] = r.ReadInt64();
        for (int k = 0; k < t.TagCount; k++)
            for (int i = 0; i < t.EventBins; i++)
            {
                long x = r.ReadInt64();
                if (t.TagSlot[k] >= 0) t.TagFirstEvents[t.TagSlot[k] * t.EventBins + i] = x;
                else if (x != 0) throw new InvalidDataException($"a tally of strategy {model.StrategyNames[strategy]} records tag {model.TagNames[k]}, which no transition of it can record (another scenario)");
            }
        t.CfdfEver = r.ReadInt64(); t.ResponseEver = r.ReadInt64(); t.CancerFreeEver = r.ReadInt64();
        t.OsTime = ExactSum.Read(r); t.PfsTime = ExactSum.Read(r); t.CfdfTime = ExactSum.Read(r);
        t.LifeYears = ExactSum.Read(r); t.Qalys = ExactSum.Read(r); t.Costs = ExactSum.Read(r);
        t.DiscountedLifeYears = ExactSum.Read(r); t.DiscountedQalys = ExactSum.Read(r); t.DiscountedCosts = ExactSum.Read(r);
        for (int i = 0; i < t.TagFirstTime.Length; i++) t.TagFirstTime[i] = ExactSum.Read(r);
        return t;
    }

    /// <summary>True when every count and sum is identical: the determinism guarantee, checked to the bit.</summary>
    public bool ContentEquals(StrategyTally other)
        => Patients == other.Patients && Transitions == other.Transitions && BackgroundDeaths == other.BackgroundDeaths
           && OsEvents.AsSpan().SequenceEqual(other.OsEvents) && PfsEvents.AsSpan().SequenceEqual(other.PfsEvents)
           && OsTime.Equals(other.OsTime) && PfsTime.Equals(other.PfsTime)
           && OccupancyChanges.AsSpan().SequenceEqual(other.OccupancyChanges) && CfdfChanges.AsSpan().SequenceEqual(other.CfdfChanges)
           && CfdfEver == other.CfdfEver && ResponseEver == other.ResponseEver && CancerFreeEver == other.CancerFreeEver
           && CfdfTime.Equals(other.CfdfTime)
           && TagEver.AsSpan().SequenceEqual(other.TagEver) && TagFirstEvents.AsSpan().SequenceEqual(other.TagFirstEvents)
           && TagFirstTime.AsSpan().SequenceEqual(other.TagFirstTime)
           && LifeYears.Equals(other.LifeYears) && Qalys.Equals(other.Qalys) && Costs.Equals(other.Costs)
           && DiscountedLifeYears.Equals(other.DiscountedLifeYears) && DiscountedQalys.Equals(other.DiscountedQalys)
           && DiscountedCosts.Equals(other.DiscountedCosts);
}
