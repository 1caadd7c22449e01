using System.Runtime.ExceptionServices;

namespace HccSim.Core.Parallel;

/// <summary>
/// Runs items 0 … n−1 on a few dedicated threads, each worker with state of its own: the one parallel loop of
/// HccSim (cohort blocks, cycle blocks, parameter draws, sweep points).
/// </summary>
public static class Scheduler
{
    /// <summary>
    /// Runs <paramref name="process"/> on every item 0 … <paramref name="items"/> − 1 exactly once, on up to
    /// <paramref name="threads"/> workers, and returns each worker's state in worker order.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Workers: min(<paramref name="threads"/>, <paramref name="items"/>); with one, everything runs inline on the
    /// calling thread and no thread is created; with none (no items), nothing runs and the result is empty.</item>
    /// <item>Each worker calls <paramref name="createState"/> once, with its index, on its own thread, before its first
    /// item; then takes the next unclaimed item in turn until none is left. Which worker gets which item depends on
    /// timing: for results that do not depend on the thread count, make each item's work depend on the item only,
    /// and merge the returned states in order (index w is the state of worker w).</item>
    /// <item>Cancellation is checked before each item; a cancelled run throws <see cref="OperationCanceledException"/>.</item>
    /// <item>The first exception (from <paramref name="createState"/>, <paramref name="process"/> or
    /// <paramref name="completed"/>) stops the run: the other workers finish the item they hold and take no more, and
    /// once every worker has stopped the exception is rethrown with its original stack trace. Later ones are dropped.</item>
    /// <item><paramref name="completed"/>, if given, is called with the item's index after each item succeeds, on the
    /// worker's thread (so possibly from several threads at once): for progress reports.</item>
    /// <item>Nothing is allocated per item: the cost per item is one interlocked increment and the delegate calls.</item>
    /// </list>
    /// </remarks>
    /// <typeparam name="TState">A worker's own state (its tallies, scratch buffers, parsed template…).</typeparam>
    /// <param name="items">How many items: indices 0 … items − 1 (≥ 0).</param>
    /// <param name="threads">The most workers to run at once (≥ 1).</param>
    /// <param name="createState">Makes a worker's state, given the worker's index.</param>
    /// <param name="process">Does one item with the worker's state: (state, item).</param>
    /// <param name="cancellation">Stops the run between items.</param>
    /// <param name="completed">Told each item's index after it succeeds.</param>
    /// <returns>The workers' states, index w for worker w.</returns>
    public static TState[] Run<TState>(int items, int threads, Func<int, TState> createState, Action<TState, int> process,
        CancellationToken cancellation = default, Action<int>? completed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentNullException.ThrowIfNull(createState);
        ArgumentNullException.ThrowIfNull(process);

        var run = new Job<TState>(items, Math.Min(threads, items), createState, process, cancellation, completed);
        if (run.States.Length == 1)
        {
            run.Work(0);
        }
        else if (run.States.Length > 1)
        {
            var workers = new Thread[run.States.Length];
            for (int w = 0; w < workers.Length; w++)
            {
                int worker = w;
                workers[w] = new Thread(() => run.Work(worker)) { IsBackground = true, Name = $"hccsim-worker-{w}" };
                workers[w].Start();
            }
            foreach (var worker in workers) worker.Join();
        }
        run.Failure?.Throw();
        return run.States;
    }

    /// <summary>One call's shared bookkeeping: the next item to hand out and the first failure.</summary>
    private sealed class Job<TState>(int items, int workers, Func<int, TState> createState, Action<TState, int> process,
        CancellationToken cancellation, Action<int>? completed)
    {
        // A long, so the increments past the end (one per worker) cannot wrap round to a negative item.
        private long _next = -1;
        private ExceptionDispatchInfo? _failure;

        public TState[] States { get; } = new TState[workers];
        public ExceptionDispatchInfo? Failure => Volatile.Read(ref _failure);

        public void Work(int worker)
        {
            try
            {
                var state = States[worker] = createState(worker);
                long item;
                while (Failure is null && (item = Interlocked.Increment(ref _next)) < items)
                {
                    cancellation.ThrowIfCancellationRequested();
                    process(state, (int)item);
                    completed?.Invoke((int)item);
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            }
        }
    }
}
