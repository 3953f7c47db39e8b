using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Adapters;

/// <summary>What <see cref="ReverseComplementAverage"/> and <see cref="ConjoinedStrands"/> share: the check of the wrapped
/// model, the output specification and the average of the two strands' outputs.</summary>
internal static class StrandAverage
{
    /// <summary>Checks that <paramref name="inner"/> takes four-letter one-hot input and has unstranded targets.</summary>
    /// <param name="inner">The wrapped model.</param>
    /// <param name="what">The adapter's operation, as error messages name it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    /// <exception cref="ArgumentException">The model's input is not a four-letter one-hot alphabet.</exception>
    /// <exception cref="NotSupportedException">The model's targets are stranded.</exception>
    public static void Check(ISequenceModel inner, string what)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (inner.Input.Kind != InputKind.OneHot || inner.Input.Channels != 4)
        {
            throw new ArgumentException($"{what} needs a one-hot input with four channels (A, C, G, T).", nameof(inner));
        }

        if (inner.Output.IsStranded)
        {
            throw new NotSupportedException($"The model's targets are strand-specific; {what.ToLowerInvariant()} would mix the strands.");
        }
    }

    /// <summary>The adapter's output: probabilities (no further activation) when averaging after the activation, else the model's.</summary>
    public static SequenceOutputSpec Output(ISequenceModel inner, bool averageProbabilities) =>
        averageProbabilities ? new SequenceOutputSpec(inner.Output.TargetNames, OutputActivation.None) : inner.Output;

    /// <summary>
    /// The mean of the two strands' outputs, after the wrapped model's output activation when
    /// <paramref name="averageProbabilities"/>; the activation goes through the library's <see cref="Activation"/> and
    /// <see cref="SoftmaxActivation"/> functions so that DeepLIFT's rescale rule covers it.
    /// </summary>
    public static Tensor Average(ISequenceModel inner, Tensor forward, Tensor reverse, bool averageProbabilities)
    {
        using var scope = torch.NewDisposeScope();
        if (averageProbabilities)
        {
            forward = Activate(inner, forward);
            reverse = Activate(inner, reverse);
        }

        using var half = 0.5.ToScalar();   // held across the call (docs/decisions/scalar-lifetime.md)
        return forward.add(reverse).mul(half).MoveToOuterDisposeScope();
    }

    private static Tensor Activate(ISequenceModel inner, Tensor raw) => inner.Output.Activation switch
    {
        OutputActivation.Sigmoid => Activation.Apply(ActivationKind.Sigmoid, raw),
        OutputActivation.Softmax => SoftmaxActivation.Apply(raw, 1),
        _ => raw,
    };
}
