using static TorchSharp.torch;

namespace Genomics.Interpret.Perturbation;

/// <summary>
/// A perturbation experiment's values before and after, and their difference, as returned by the experiment's
/// <see cref="Abstractions.ISequenceFunction"/> (predictions (…, T) or attributions (…, C, L)). Owns its tensors (CPU).
/// </summary>
/// <remarks>
/// Shapes per experiment: <see cref="PerturbationExperiments.Marginalize"/> — Before, After, Delta (N, …);
/// <see cref="PerturbationExperiments.Ablate"/> — Before (N, …), After (N, K, …) one row per shuffle, Delta (N, …) =
/// mean over shuffles − Before; <see cref="PerturbationExperiments.Space"/> — Before (N, …), After and Delta (D, N, …) one
/// row per spacing.
/// </remarks>
public sealed class PerturbationResult : IDisposable
{
    internal PerturbationResult(string function, Tensor before, Tensor after, Tensor delta, IReadOnlyList<int>? spacings = null)
    {
        Function = function;
        Before = before;
        After = after;
        Delta = delta;
        Spacings = spacings ?? [];
    }

    /// <summary>The function's name ("raw-prediction", "ism", …).</summary>
    public string Function { get; }

    /// <summary>Values for the unperturbed sequences.</summary>
    public Tensor Before { get; }

    /// <summary>Values for the perturbed sequences.</summary>
    public Tensor After { get; }

    /// <summary>After − Before (for ablation: the mean over shuffles − Before).</summary>
    public Tensor Delta { get; }

    /// <summary>The spacings of a spacing experiment (empty otherwise).</summary>
    public IReadOnlyList<int> Spacings { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Before.Dispose();
        After.Dispose();
        Delta.Dispose();
    }
}
