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
}
