using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Adapters;

/// <summary>
/// An <see cref="ISequenceModel"/> whose output is the mean of another model's outputs on the input and on its
/// reverse complement. Only for one-hot DNA/RNA models whose targets are not strand-specific.
/// </summary>
/// <remarks>
/// The reverse complement of a (N, 4, L) one-hot batch in A, C, G, T order is the batch flipped along both the
/// channel and the length axis. <see cref="AverageProbabilities"/> averages after the output activation instead
/// (DeepDifE's "conjoined" prediction averages sigmoid outputs); the result is then a probability, and the output
/// activation becomes none. The activation goes through the library's <see cref="Activation"/> and
/// <see cref="SoftmaxActivation"/> functions, so DeepLIFT's rescale rule covers it while attribution rules are active.
/// </remarks>
public sealed class ReverseComplementAverage : ISequenceModel
{
    private readonly ISequenceModel _inner;

    /// <summary>Wraps a model.</summary>
    /// <param name="inner">A one-hot model with four channels and unstranded targets.</param>
    /// <param name="averageProbabilities">Average after the output activation (sigmoid/softmax) rather than on raw outputs.</param>
    /// <exception cref="ArgumentException">The model's input is not a four-letter one-hot alphabet.</exception>
    /// <exception cref="NotSupportedException">The model's targets are stranded, so averaging would mix strands.</exception>
    public ReverseComplementAverage(ISequenceModel inner, bool averageProbabilities = false)
    {
        StrandAverage.Check(inner, "Reverse-complement averaging");
        _inner = inner;
        AverageProbabilities = averageProbabilities;
        Output = StrandAverage.Output(inner, averageProbabilities);
    }

    /// <summary>Whether outputs are averaged after the output activation.</summary>
    public bool AverageProbabilities { get; }

    /// <inheritdoc />
    public SequenceInputSpec Input => _inner.Input;

    /// <inheritdoc />
    public SequenceOutputSpec Output { get; }

    /// <inheritdoc />
    public IReadOnlyList<LayerInfo> Layers => _inner.Layers;

    /// <inheritdoc />
    public nn.Module Module => _inner.Module;

    /// <inheritdoc />
    public Tensor Evaluate(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = torch.NewDisposeScope();
        var forward = _inner.Evaluate(input);
        var reverse = _inner.Evaluate(input.flip(1, 2));
        return StrandAverage.Average(_inner, forward, reverse, AverageProbabilities).MoveToOuterDisposeScope();
    }

    /// <summary>Does nothing: a view holds no native memory of its own, and the wrapped model stays its creator's to dispose.</summary>
    public void Dispose()
    {
    }
}
