using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace HccSim.Cli.Commands;

/// <summary>
/// Long work beside the console: nothing for work under a second; then, where someone watches, a live bar with the rate
/// and the time left, and where output is redirected (a log, a Slurm job), a plain line about every 5 seconds. Standard
/// error stays for warnings and errors. The work runs on one task; its own parallelism is the engine's scheduler.
/// </summary>
internal static class ProgressDisplay
{
    /// <param name="unit">What is counted, plural: "patients", "draws", "points", "evaluations".</param>
    public static T Run<T>(CommandContext context, string title, long total, string unit, Func<IProgress<long>, T> work)
        => Run(context, title, total, unit, (Counter c) => work(c));

    /// <summary>As the other, for work that counts in whole numbers (draws, points, evaluations).</summary>
    public static T Run<T>(CommandContext context, string title, int total, string unit, Func<IProgress<int>, T> work)
        => Run(context, title, total, unit, (Counter c) => work(c));

    private static T Run<T>(CommandContext context, string title, long total, string unit, Func<Counter, T> work)
    {
        var counter = new Counter();
        var task = Task.Run(() => work(counter));
        // WaitAny does not throw: a failed or cancelled run rethrows its own exception from GetResult below.
        if (Task.WaitAny(new Task[] { task }, TimeSpan.FromSeconds(1)) >= 0 || total <= 0) return task.GetAwaiter().GetResult();
        if (context.Console.Profile.Capabilities.Interactive)
        {
            context.Console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(unit), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var bar = ctx.AddTask(title, maxValue: total);
                    while (Task.WaitAny(new Task[] { task }, TimeSpan.FromMilliseconds(100)) < 0) bar.Value = counter.Value;
                    bar.Value = total;
                });
        }
        else
        {
            var clock = Stopwatch.StartNew();
            while (Task.WaitAny(new Task[] { task }, TimeSpan.FromSeconds(5)) < 0)
            {
                long done = counter.Value;
                double seconds = clock.Elapsed.TotalSeconds + 1, rate = done / seconds;
                string left = rate > 0 ? $", about {(total - done) / rate:N0} s left" : "";
                context.Console.WriteLine($"{title}: {done:N0} of {total:N0} {unit} ({100.0 * done / total:F0}%), {rate:N0} {unit}/s{left}");
            }
        }
        return task.GetAwaiter().GetResult();
    }

    private sealed class Counter : IProgress<long>, IProgress<int>
    {
        void IProgress<int>.Report(int value) => Report(value);

        private long _value;
        public long Value => Interlocked.Read(ref _value);

        public void Report(long value)
        {
            // Workers report out of order; keep the largest.
            long seen;
            while ((seen = Interlocked.Read(ref _value)) < value && Interlocked.CompareExchange(ref _value, value, seen) != seen) { }
        }
    }

    private sealed class RateColumn(string unit) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
            => new Text(task.Speed is { } speed ? $"{speed:N0} {unit}/s" : "", new Style(Color.Grey));
    }
}
