using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Benchmarks.Framework;

/// <summary>The three timed operations, written step for step as tools/reference/framework_twin.py writes them.</summary>
public static class Timing
{
    /// <summary>The operations, in the order they are timed.</summary>
    public static IReadOnlyList<string> Operations { get; } = ["forward", "forward+backward", "adam-step"];

    /// <summary>Times each operation on one case: <paramref name="warmup"/> untimed runs, then <paramref name="reps"/> timed ones.</summary>
    /// <param name="benchCase">The architecture.</param>
    /// <param name="operations">Which of <see cref="Operations"/> to time.</param>
    /// <param name="warmup">Untimed runs before the timed ones.</param>
    /// <param name="reps">Timed runs.</param>
    /// <returns>Per operation, the seconds of each timed run.</returns>
    /// <remarks>
    /// forward: evaluation mode, under no_grad. forward+backward: training mode (dropout on, batch statistics),
    /// gradients reset to none, the training loss, backward. adam-step: the same followed by the library's Adam
    /// (<c>OptimizerOptions.Adam(1e-3).Create</c>, as the trainer makes it; PyTorch's other defaults). Each run owns a dispose scope, as every caller of the library does.
    /// </remarks>
    public static IReadOnlyList<(string Operation, double[] Seconds)> Run(BenchCase benchCase, IReadOnlyCollection<string> operations, int warmup, int reps)
    {
        ArgumentNullException.ThrowIfNull(benchCase);
        ArgumentNullException.ThrowIfNull(operations);
        var (model, input, targets) = benchCase.Create();
        var module = model.Module;
        var results = new List<(string, double[])>();
        using var optimizer = Genomics.Models.Training.OptimizerOptions.Adam(1e-3).Create(module);   // the library's Adam, as its Trainer uses
        try
        {
            if (operations.Contains("forward"))
            {
                module.eval();
                results.Add(("forward", Measure(warmup, reps, () =>
                {
                    using var scope = NewDisposeScope();
                    using var noGrad = no_grad();
                    model.Evaluate(input);
                })));
            }

            if (operations.Contains("forward+backward"))
            {
                module.train();
                results.Add(("forward+backward", Measure(warmup, reps, () =>
                {
                    using var scope = NewDisposeScope();
                    module.zero_grad();
                    benchCase.Loss.Compute(model.Evaluate(input), targets).backward();
                })));
            }

            if (operations.Contains("adam-step"))
            {
                module.train();
                results.Add(("adam-step", Measure(warmup, reps, () =>
                {
                    using var scope = NewDisposeScope();
                    optimizer.zero_grad();
                    benchCase.Loss.Compute(model.Evaluate(input), targets).backward();
                    optimizer.step();
                })));
            }
        }
        finally
        {
            input.Dispose();
            targets.Dispose();
            module.Dispose();
        }

        return results;
    }

    /// <summary>Runs <paramref name="work"/> <paramref name="warmup"/> times, then times it <paramref name="reps"/> times.</summary>
    /// <param name="warmup">Untimed runs.</param>
    /// <param name="reps">Timed runs.</param>
    /// <param name="work">The work.</param>
    /// <returns>The seconds of each timed run.</returns>
    public static double[] Measure(int warmup, int reps, Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var i = 0; i < warmup; i++)
        {
            work();
        }

        var seconds = new double[reps];
        for (var i = 0; i < reps; i++)
        {
            var start = Stopwatch.GetTimestamp();
            work();
            seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        return seconds;
    }

    /// <summary>The median of a sample.</summary>
    /// <param name="values">The values (not modified).</param>
    /// <returns>The middle value, or the mean of the two middle values.</returns>
    public static double Median(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
