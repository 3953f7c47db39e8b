using System.Collections.Concurrent;
using Genomics.Models.Compute;
using NUnit.Framework;

namespace Genomics.TestKit;

/// <summary>Runs calls on several threads at once, or holds one call part-way, for thread-safety tests.</summary>
public static class ConcurrentStress
{
    /// <summary>How long <see cref="Run"/> waits for its threads.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    /// <summary>How long <see cref="WhilePaused"/> waits for the first report, and a held call for its release.</summary>
    public static readonly TimeSpan PauseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Starts <paramref name="threads"/> background threads together (behind a barrier); each calls
    /// <paramref name="call"/>(thread, iteration) <paramref name="iterations"/> times. A call returns a description of
    /// what went wrong, or null; an exception ends that thread's calls and is described as well. A thread still running
    /// after <see cref="RunTimeout"/> (a deadlock) fails the test.
    /// </summary>
    /// <param name="threads">The number of threads (≥ 1).</param>
    /// <param name="iterations">The calls per thread.</param>
    /// <param name="call">One call: thread index and iteration in, failure description or null out.</param>
    /// <returns>The failures, in the order they were found.</returns>
    public static IReadOnlyCollection<string> Run(int threads, int iterations, Func<int, int, string?> call)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentNullException.ThrowIfNull(call);
        var failures = new ConcurrentQueue<string>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                for (var i = 0; i < iterations; i++)
                {
                    if (call(t, i) is { } failure)
                    {
                        failures.Enqueue(failure);
                    }
                }
            }
            catch (Exception e)
            {
                failures.Enqueue($"thread {t}: {e.GetType().Name}: {e.Message}");
            }
        })
        { IsBackground = true }).ToList();
        foreach (var w in workers)
        {
            w.Start();
        }

        Assert.That(workers.All(w => w.Join(RunTimeout)), Is.True, "a worker did not finish within a minute");
        return failures;
    }

    /// <summary>
    /// Runs <paramref name="background"/> on another thread with a progress that holds it at its first report, runs
    /// <paramref name="whilePaused"/> on this thread meanwhile, then lets the background call finish and waits for it.
    /// The test fails when the background call does not report within <see cref="PauseTimeout"/>.
    /// </summary>
    /// <param name="background">The held call; it must pass the progress it is given to the operation.</param>
    /// <param name="whilePaused">What to do while the background call is held.</param>
    /// <param name="notReached">The failure message when the background call does not reach its first report.</param>
    /// <returns>The exception the background call threw, or null.</returns>
    public static Exception? WhilePaused(Action<IProgress<OperationProgress>> background, Action whilePaused, string notReached)
    {
        ArgumentNullException.ThrowIfNull(background);
        ArgumentNullException.ThrowIfNull(whilePaused);
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                background(new Holding(inside, release));
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        try
        {
            Assert.That(inside.Wait(PauseTimeout), Is.True, notReached);
            whilePaused();
        }
        finally
        {
            release.Set();
            thread.Join();
        }

        return failure;
    }

    /// <summary>Signals on its first report and then waits until released.</summary>
    private sealed class Holding(ManualResetEventSlim inside, ManualResetEventSlim release) : IProgress<OperationProgress>
    {
        private int _reports;

        public void Report(OperationProgress value)
        {
            if (Interlocked.Increment(ref _reports) == 1)
            {
                inside.Set();
                release.Wait(PauseTimeout);
            }
        }
    }
}
