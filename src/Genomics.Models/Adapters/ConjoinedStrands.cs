using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Adapters;

/// <summary>
/// The two-input "conjoined" form of a one-hot model as DeepDifE hands it to SHAP's DeepExplainer — one input for the
/// forward strand, one for the reverse complement, output the mean of the model's outputs on both — with the two inputs
/// stacked along the channel axis into one (N, 8, L) input: channels 0–3 the forward one-hot (A, C, G, T), channels 4–7
/// the reverse-complement one-hot, already reversed (position 0 is the complement of the forward sequence's last base).
/// </summary>
/// <remarks>
/// <para>Unlike <see cref="ReverseComplementAverage"/>, which derives the reverse complement from the forward input, the
/// two strands are independent inputs here: an attribution engine perturbs and references them separately, so
/// DeepLIFT-SHAP with paired (forward, reverse-complement) references gives exactly DeepExplainer's two per-input maps —
/// channels 0–3 of the result are the forward map and channels 4–7 the reverse-complement map. Both strands run through
/// the same module one after the other; every row stays in its place, so the [inputs; references] pairing the
/// DeepLIFT rules rely on holds in each pass.</para>
/// <para>The input is declared as eight <see cref="InputKind.Tracks"/> channels (<see cref="ChannelNames"/>) so that
/// engines return the raw per-channel scores (DeepExplainer's φ for every base, not projected onto the observed base)
/// and accept fixed reference sets such as <c>BackgroundReferences</c>. With <c>averageProbabilities</c> the output
/// activation (sigmoid or softmax) is applied to each strand's output through the library's <see cref="Activation"/>
/// and <see cref="SoftmaxActivation"/> functions, so the DeepLIFT rescale rule covers it, before averaging.</para>
/// </remarks>
public sealed class ConjoinedStrands : ISequenceModel
{
    /// <summary>The eight channel names: fwd:A … fwd:T, then rc:A … rc:T.</summary>
    public static readonly IReadOnlyList<string> ChannelNames = ["fwd:A", "fwd:C", "fwd:G", "fwd:T", "rc:A", "rc:C", "rc:G", "rc:T"];

    private readonly ISequenceModel _inner;

    /// <summary>Wraps a model.</summary>
    /// <param name="inner">A one-hot model with four channels and unstranded targets.</param>
    /// <param name="averageProbabilities">Average after the output activation (DeepDifE's conjoined model averages sigmoid outputs).</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    /// <exception cref="ArgumentException">The model's input is not a four-letter one-hot alphabet.</exception>
    /// <exception cref="NotSupportedException">The model's targets are stranded, so averaging would mix strands.</exception>
    public ConjoinedStrands(ISequenceModel inner, bool averageProbabilities = true)
    {
        StrandAverage.Check(inner, "Conjoining strands");
        _inner = inner;
        AverageProbabilities = averageProbabilities;
        Input = new SequenceInputSpec(InputKind.Tracks, ChannelNames, inner.Input.Length);
        Output = StrandAverage.Output(inner, averageProbabilities);
    }

    /// <summary>Whether outputs are averaged after the output activation.</summary>
    public bool AverageProbabilities { get; }

    /// <inheritdoc />
    public SequenceInputSpec Input { get; }

    /// <inheritdoc />
    public SequenceOutputSpec Output { get; }

    /// <inheritdoc />
    public IReadOnlyList<LayerInfo> Layers => _inner.Layers;

    /// <inheritdoc />
    public nn.Module Module => _inner.Module;

    /// <summary>Stacks forward and reverse-complement one-hot batches into the conjoined input.</summary>
    /// <param name="forward">Forward one-hot sequences (N, 4, L).</param>
    /// <param name="reverseComplement">Their reverse complements (N, 4, L), reversed, or any other second-strand input of the same shape.</param>
    /// <returns>A new (N, 8, L) tensor.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The shapes are not both (N, 4, L) and equal.</exception>
    public static Tensor Stack(Tensor forward, Tensor reverseComplement)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(reverseComplement);
        if (forward.dim() != 3 || forward.shape[1] != 4)
        {
            throw new ArgumentException($"Expected forward sequences of shape (N, 4, L) but got ({string.Join(", ", forward.shape)}).", nameof(forward));
        }

        if (!forward.shape.SequenceEqual(reverseComplement.shape))
        {
            throw new ArgumentException($"The reverse complements have shape ({string.Join(", ", reverseComplement.shape)}); expected ({string.Join(", ", forward.shape)}) like the forward sequences.", nameof(reverseComplement));
        }

        return torch.cat([forward, reverseComplement], 1);
    }

    /// <summary>Stacks forward one-hot sequences with their reverse complements (the batch flipped along channels and length).</summary>
    /// <param name="forward">Forward one-hot sequences (N, 4, L) in A, C, G, T order.</param>
    /// <returns>A new (N, 8, L) tensor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="forward"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="forward"/> is not (N, 4, L).</exception>
    public static Tensor StackWithReverseComplement(Tensor forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        using var reverse = forward.dim() == 3 ? forward.flip(1, 2) : forward.alias();
        return Stack(forward, reverse);
    }

    /// <inheritdoc />
    /// <remarks>Shape (B, 8, L) → (B, T): the mean of the wrapped model's outputs on channels 0–3 and on channels 4–7.</remarks>
    public Tensor Evaluate(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = torch.NewDisposeScope();
        var forward = _inner.Evaluate(input.narrow(1, 0, 4));
        var reverse = _inner.Evaluate(input.narrow(1, 4, 4));
        return StrandAverage.Average(_inner, forward, reverse, AverageProbabilities).MoveToOuterDisposeScope();
    }

    /// <summary>Does nothing: a view holds no native memory of its own, and the wrapped model stays its creator's to dispose.</summary>
    public void Dispose()
    {
    }
}
