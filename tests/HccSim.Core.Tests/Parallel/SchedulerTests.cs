using System.Runtime.CompilerServices;
using HccSim.Core.Parallel;

namespace HccSim.Core.Tests.Parallel;

public class SchedulerTests
{
    private sealed class Marker(string message) : Exception(message);

    /// <summary>A worker's state: who made it, on which thread, and what it did.</summary>
    private sealed class Tally(int worker)
    {
        public int Worker { get; } = worker;
        public int Thread { get; } = Environment.CurrentManagedThreadId;
        public List<int> Items { get; } = new();
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(500, 1)]
    [InlineData(500, 2)]
    [InlineData(500, 7)]
    [InlineData(3, 7)]
    [InlineData(1, 7)]
    [InlineData(0, 7)]
    public void EveryItemRunsExactlyOnceOnAtMostOneWorkerPerItem(int items, int threads)
    {
        var runs = new int[items];
        var states = Scheduler.Run(items, threads, w => new Tally(w), (t, i) => { Interlocked.Increment(ref runs[i]); t.Items.Add(i); });

        Assert.All(runs, r => Assert.Equal(1, r));
        Assert.Equal(Math.Min(items, threads), states.Length);
        Assert.Equal(Enumerable.Range(0, items), states.SelectMany(s => s.Items).Order());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public void StatesComeBackInWorkerOrderEachMadeOnItsOwnThread(int threads)
    {
        var states = Scheduler.Run(100, threads, w => new Tally(w), (t, i) => t.Items.Add(i));

        Assert.Equal(Enumerable.Range(0, threads), states.Select(s => s.Worker));
        Assert.Equal(threads, states.Select(s => s.Thread).Distinct().Count());
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, states.Select(s => s.Thread));
    }

    [Fact]
    public void MergingTheStatesInWorkerOrderGivesTheSameTotalsForEveryThreadCount()
    {
        // Each item's work depends on the item only; which worker took it does not show in the merge.
        static long[] Histogram(int threads)
        {
            var states = Scheduler.Run(1000, threads, _ => new long[16], (h, i) => h[(i * 7919) % 16] += i);
            var total = states[0];
            for (int w = 1; w < states.Length; w++)
                for (int k = 0; k < total.Length; k++) total[k] += states[w][k];
            return total;
        }

        var once = Histogram(1);
        for (int repeat = 0; repeat < 5; repeat++)
        {
            Assert.Equal(once, Histogram(2));
            Assert.Equal(once, Histogram(7));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public void StatesComeBackInWorkerOrderEachMadeOnceOnItsOwnWorker(int threads)
    {
        // Position w holds the state made for worker w (not the order workers happened to finish in), made on the
        // thread that then processed that state's items, once.
        int made = 0;
        var states = Scheduler.Run(5000, threads, w => { Interlocked.Increment(ref made); return (Worker: w, Thread: Environment.CurrentManagedThreadId, Seen: new List<int>()); },
            (state, i) => { Assert.Equal(state.Thread, Environment.CurrentManagedThreadId); state.Seen.Add(i); });
        Assert.Equal(threads, made);
        Assert.Equal(Enumerable.Range(0, threads), states.Select(s => s.Worker));
        Assert.Equal(threads, states.Select(s => s.Thread).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 5000), states.SelectMany(s => s.Seen).Order());
    }

    [Fact]
    public void OneThreadRunsEverythingInlineOnTheCallingThread()
    {
        var threads = new HashSet<int>();
        var states = Scheduler.Run(10, 1, w => new Tally(w), (t, i) => threads.Add(Environment.CurrentManagedThreadId));

        Assert.Equal(Environment.CurrentManagedThreadId, Assert.Single(states).Thread);
        Assert.Equal(Environment.CurrentManagedThreadId, Assert.Single(threads));
    }

    [Fact]
    public void WithOneThreadItemsRunInOrderAndNoneAfterAFailure()
    {
        var ran = new List<int>();
        Assert.Throws<Marker>(() => Scheduler.Run(10, 1, _ => 0, (_, i) =>
        {
            ran.Add(i);
            if (i == 4) throw new Marker("item 4");
        }));

        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, ran);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void TheFirstFailureIsRethrownWithItsTypeAndOriginalStack(int threads)
    {
        var e = Assert.Throws<Marker>(() => Scheduler.Run(100, threads, _ => 0, (_, i) => FailAt(i, 17)));

        Assert.Equal("item 17", e.Message);
        Assert.Contains(nameof(FailAt), e.StackTrace);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FailAt(int item, int failing)
    {
        if (item == failing) throw new Marker($"item {item}");
    }

    [Fact]
    public void AfterAFailureOnlyTheItemsAlreadyInFlightFinish()
    {
        const int threads = 4;
        int started = 0, startedAfterFailure = 0, failed = 0;
        Assert.Throws<Marker>(() => Scheduler.Run(1000, threads, _ => 0, (_, i) =>
        {
            Interlocked.Increment(ref started);
            if (Volatile.Read(ref failed) == 1) Interlocked.Increment(ref startedAfterFailure);
            if (i == 20) { Volatile.Write(ref failed, 1); throw new Marker("item 20"); }
            Thread.Sleep(2);
        }));

        // Between the throw and the failure being recorded, each other worker can at most have taken one more item.
        Assert.True(startedAfterFailure <= threads - 1, $"{startedAfterFailure} items started after the failure");
        Assert.True(started < 100, $"{started} items started");
    }

    [Fact]
    public void AFailingStateFactoryStopsTheRun()
    {
        int ran = 0;
        var e = Assert.Throws<Marker>(() => Scheduler.Run(100, 3, w => w == 1 ? throw new Marker("worker 1") : 0,
            (_, _) => { Interlocked.Increment(ref ran); Thread.Sleep(1); }));

        Assert.Equal("worker 1", e.Message);
        Assert.True(ran < 100);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void CancellingStopsTheRunWithOperationCanceled(int threads)
    {
        using var cancel = new CancellationTokenSource();
        int ran = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => Scheduler.Run(1000, threads, _ => 0, (_, i) =>
        {
            Interlocked.Increment(ref ran);
            if (i == 10) cancel.Cancel();
            Thread.Sleep(1);
        }, cancel.Token));

        Assert.True(ran < 1000);
        if (threads == 1) Assert.Equal(11, ran);
    }

    [Fact]
    public void AnAlreadyCancelledRunDoesNoItem()
    {
        int ran = 0;
        Assert.ThrowsAny<OperationCanceledException>(
            () => Scheduler.Run(10, 2, _ => 0, (_, _) => Interlocked.Increment(ref ran), new CancellationToken(canceled: true)));
        Assert.Equal(0, ran);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void CompletedIsToldEachItemOnceAfterItRan(int threads)
    {
        var ran = new int[200];
        var told = new int[200];
        bool toldEarly = false;
        Scheduler.Run(200, threads, _ => 0, (_, i) => ran[i] = 1,
            completed: i => { if (ran[i] != 1) toldEarly = true; Interlocked.Increment(ref told[i]); });

        Assert.All(told, t => Assert.Equal(1, t));
        Assert.False(toldEarly);
    }

    [Fact]
    public void SchedulingAllocatesNothingPerItem()
    {
        var noop = static (long[] state, int item) => { state[0] += item; };
        Action<int> completed = static _ => { };
        long Allocated(int items)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Scheduler.Run(items, 1, _ => new long[1], noop, CancellationToken.None, completed);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Allocated(100_000); // warm up (tiering, statics)
        Assert.Equal(Allocated(10), Allocated(100_000));
    }

    [Fact]
    public void NonsenseCountsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Run(-1, 1, _ => 0, (_, _) => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Scheduler.Run(1, 0, _ => 0, (_, _) => { }));
    }
}
