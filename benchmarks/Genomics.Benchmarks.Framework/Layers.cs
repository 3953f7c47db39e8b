using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Benchmarks.Framework;

/// <summary>
/// Basset's evaluation-mode forward pass taken apart: each layer timed on its own input (the previous layer's output),
/// so that a difference between the frameworks can be traced to a layer. framework_twin.py <c>layers</c> does the same.
/// </summary>
public static class Layers
{
    /// <summary>Times every step of Basset's forward pass under no_grad in evaluation mode.</summary>
    /// <param name="warmup">Untimed runs per step.</param>
    /// <param name="reps">Timed runs per step.</param>
    /// <returns>Per step, its name and the seconds of each timed run.</returns>
    public static IReadOnlyList<(string Step, double[] Seconds)> TimeBasset(int warmup, int reps)
    {
        var (model, input, targets) = BenchCase.Find("Basset").Create();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var module = model.Module;
        module.eval();
        var modules = module.named_modules().ToDictionary(m => m.name, m => m.module);
        var steps = new List<string>();
        for (var i = 0; modules.ContainsKey($"convs.{i}"); i++)
        {
            steps.AddRange([$"convs.{i}", $"convNorms.{i}", $"convActivations.{i}", $"pools.{i}"]);
        }

        steps.Add("flatten");
        for (var i = 0; modules.ContainsKey($"hidden.{i}"); i++)
        {
            steps.AddRange([$"hidden.{i}", $"hiddenNorms.{i}", $"hiddenActivations.{i}", $"hiddenDropouts.{i}"]);
        }

        steps.Add("output");
        var results = new List<(string, double[])>();
        var x = input;
        foreach (var step in steps)
        {
            Func<Tensor, Tensor> run = step == "flatten" ? t => t.flatten(1) : ((nn.Module<Tensor, Tensor>)modules[step]).call;
            var current = x;
            results.Add((step, Timing.Measure(warmup, reps, () =>
            {
                using var inner = NewDisposeScope();
                run(current);
            })));
            x = run(current);
        }

        targets.Dispose();
        module.Dispose();
        return results;
    }

    /// <summary>
    /// Max pooling with a gradient, forward and backward, on Basset's three pool inputs (batch 128): libtorch's
    /// <c>max_pool1d</c> and the library's <see cref="Genomics.Models.Layers.PoolKernels.MaxPool1d"/> timed alternately,
    /// <paramref name="reps"/> rounds, on the same random input and upstream gradient.
    /// </summary>
    /// <param name="warmup">Untimed runs of each.</param>
    /// <param name="reps">Timed runs of each, alternating.</param>
    /// <returns>Per pool and implementation, the seconds of each timed run.</returns>
    public static IReadOnlyList<(string Step, double[] Seconds)> TimeMaxPools(int warmup, int reps)
    {
        (string Name, long Channels, long Length, int Size)[] pools = [("pools.0", 300, 600, 3), ("pools.1", 200, 190, 4), ("pools.2", 200, 44, 4)];
        var results = new List<(string, double[])>();
        foreach (var (name, channels, length, size) in pools)
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator(7);
            var x = randn([128, channels, length], generator: generator).requires_grad_();
            var upstream = randn([128, channels, length / size], generator: generator);
            Action libtorch = () => Step(x, upstream, t => nn.functional.max_pool1d(t, size, size));
            Action library = () => Step(x, upstream, t => Genomics.Models.Layers.PoolKernels.MaxPool1d(t, size, size));
            for (var i = 0; i < warmup; i++)
            {
                libtorch();
                library();
            }

            var theirs = new double[reps];
            var ours = new double[reps];
            for (var i = 0; i < reps; i++)
            {
                theirs[i] = Timing.Measure(0, 1, libtorch)[0];
                ours[i] = Timing.Measure(0, 1, library)[0];
            }

            results.Add(($"max-pool {name} libtorch", theirs));
            results.Add(($"max-pool {name} library", ours));
        }

        return results;
    }

    private static void Step(Tensor x, Tensor upstream, Func<Tensor, Tensor> pool)
    {
        using var inner = NewDisposeScope();
        autograd.grad([pool(x)], [x], [upstream]);
    }
}
