using Genomics.Models.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.PairedAllele;

/// <summary>
/// DeepAllele's <c>SeparateMultiHeadResidualCNN</c> (Tu, Sasse, Chowdhary et al., bioRxiv 2025): one residual CNN shared
/// by two alleles of a locus, predicting each allele's log count and their log ratio.
/// </summary>
/// <remarks>
/// Per allele (N, 4, L), with all weights shared between the alleles (ATAC preset sizes):
/// 1. The allele is concatenated along the length with its reverse complement → (N, 4, 2L = 660); convolutions span the junction.
/// 2. <c>conv0</c>: Conv1d 4→K0 (width 15, 'same') → ReLU → BatchNorm1d, registered as <c>conv0.0</c>, <c>.1</c>, <c>.2</c>.
/// 3. <c>convlayers.0</c>: the same block K0→F (width 5).
/// 4. D times: <c>convlayers.{2d+1}</c> residual x + ConvBlock F→F (<c>._module.0 … 2</c>), then <c>convlayers.{2d+2}</c>
///    average pool p in ceil mode (a partial last window averages the positions present) → 660→165→42→11→3.
/// 5. Flatten (F · L_D = 768) → <c>fc0</c>: Linear → H, ReLU.
/// Heads: counts — <c>fclayers.i</c> h × [Linear H→H, ReLU, Dropout] → <c>counts_out.0</c> Linear H→1, applied to each
/// allele; ratio — concat(fc0 of both) → <c>ratio_fclayers.i</c> h × [Linear 2H→2H, ReLU, Dropout] → <c>ratio_out.0</c>
/// Linear 2H→1 (or count_first − count_second with <see cref="PairedAlleleHeads.CountDifference"/>).
/// Output (N, 3): first count, second count, ratio (regression values, no output activation).
/// As a TorchSharp module (and as an <see cref="ISequenceModel"/>, e.g. for the <see cref="Training.Trainer"/>) the model
/// takes both alleles stacked along the channels, (N, 8, L): channels 0–3 the first allele, 4–7 the second
/// (<see cref="Stack"/>; <see cref="FromAlleleLayout"/> converts DeepAllele's (N, L, 4, 2) arrays). Through
/// <see cref="IPairedSequenceModel"/> it takes the two alleles separately. <see cref="SequenceModel{TOptions}.Input"/> is
/// that stacked input, tracks first.A … first.T, second.A … second.T; <see cref="SequenceModel{TOptions}.Layers"/> lists
/// the shared per-allele trunk, then the count head, then the ratio head, with receptive fields counted in positions of
/// the 2L concatenation.
/// State-dict keys equal DeepAllele's (<c>conv0.0.weight</c>, <c>convlayers.1._module.2.running_mean</c>,
/// <c>fc0.0.weight</c>, <c>fclayers.0.0.weight</c>, <c>ratio_out.0.bias</c>, <c>counts_out.0.weight</c>, …).
/// Initialisation is TorchSharp's default, as PyTorch's. Not ported: the attention and softmax pools, convolution
/// repeats and dilation other than 1, and the conv0 channel mask.
/// As an <see cref="IPairedConvolutionalTrunk"/> the per-allele trunk is described as position-local stages (residual
/// blocks as residual stages) on the reverse-complement concatenation, so that fast ISM runs on a
/// <see cref="Adapters.PairedAlleleView"/> of the model.
/// </remarks>
public sealed class PairedAlleleModel : SequenceModel<PairedAlleleOptions>, IPairedSequenceModel, IPairedConvolutionalTrunk
{
    private readonly AlleleConvBlock conv0;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> convlayers;
    private readonly DenseBlock fc0;
    private readonly ModuleList<DenseBlock> fclayers;
    private readonly ModuleList<DenseBlock>? ratio_fclayers;
    private readonly DenseBlock? ratio_out;
    private readonly DenseBlock counts_out;
    private IReadOnlyList<TrunkStage>? _stages;
    private TrunkInputLayout? _sideLayout;

    /// <summary>Builds the network; weights use TorchSharp's default initialisation (seed with <see cref="Compute.TorchSeedScope"/>).</summary>
    /// <param name="options">Hyper-parameters; <see cref="PairedAlleleOptions.Atac"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public PairedAlleleModel(PairedAlleleOptions? options = null)
        : base(nameof(PairedAlleleModel), (options ?? PairedAlleleOptions.Atac).Validate())
    {
        var o = Options;
        conv0 = AlleleTrunk.FirstBlock(o);
        convlayers = AlleleTrunk.ConvolutionLayers(o);
        fc0 = AlleleTrunk.Flatten(o);
        fclayers = AlleleTrunk.Hidden(o.HiddenLayers, o.HiddenSize, o.Dropout);
        if (o.Heads == PairedAlleleHeads.RatioHead)
        {
            ratio_fclayers = AlleleTrunk.Hidden(o.HiddenLayers, 2 * o.HiddenSize, o.Dropout);
            ratio_out = new DenseBlock(2 * o.HiddenSize, 1, relu: false, dropout: null);
        }

        counts_out = new DenseBlock(o.HiddenSize, 1, relu: false, dropout: null);
        RegisterComponents();

        AlleleInput = SequenceInputSpec.Dna(o.Length);
        var layers = AlleleTrunk.Describe(o);
        for (var i = 0; i < o.HiddenLayers; i++)
        {
            AlleleTrunk.AddDense(layers, $"fclayers.{i}", o.HiddenSize, relu: true);
        }

        AlleleTrunk.AddDense(layers, "counts_out", 1, relu: false);
        if (o.Heads == PairedAlleleHeads.RatioHead)
        {
            for (var i = 0; i < o.HiddenLayers; i++)
            {
                AlleleTrunk.AddDense(layers, $"ratio_fclayers.{i}", 2 * o.HiddenSize, relu: true);
            }

            AlleleTrunk.AddDense(layers, "ratio_out", 1, relu: false);
        }

        Describe(SequenceInputSpec.Tracks([.. AlleleChannels("first"), .. AlleleChannels("second")], o.Length), new SequenceOutputSpec(["first_count", "second_count", "ratio"]), layers);
    }

    /// <summary>The input of each allele, one-hot DNA (N, 4, L).</summary>
    public SequenceInputSpec AlleleInput { get; }

    /// <inheritdoc />
    SequenceInputSpec IPairedSequenceModel.Input => AlleleInput;

    /// <summary>Runs the model on two alleles.</summary>
    /// <param name="first">First alleles (N, 4, L), float32 (e.g. the reference strain).</param>
    /// <param name="second">Second alleles (N, 4, L), float32, row i paired with row i of <paramref name="first"/>.</param>
    /// <returns>(N, 3) float32: first count, second count, ratio.</returns>
    /// <exception cref="ArgumentException">An input does not match <see cref="AlleleInput"/> or the batch sizes differ.</exception>
    public Tensor Evaluate(Tensor first, Tensor second)
    {
        AlleleInput.Validate(first, nameof(first));
        AlleleInput.Validate(second, nameof(second));
        if (first.shape[0] != second.shape[0])
        {
            throw new ArgumentException($"The first alleles have {first.shape[0]} rows but the second have {second.shape[0]}.", nameof(second));
        }

        using var scope = torch.NewDisposeScope();
        return call(Stack(first, second)).MoveToOuterDisposeScope();
    }

    /// <summary>Runs the model on stacked alleles.</summary>
    /// <param name="input">(N, 8, L) float32: channels 0–3 the first allele, 4–7 the second.</param>
    /// <returns>(N, 3) float32: first count, second count, ratio.</returns>
    /// <exception cref="ArgumentException">The input does not have 8 channels.</exception>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 3 || input.shape[1] != 8)
        {
            throw new ArgumentException($"Expected both alleles stacked as (N, 8, L) but got shape [{string.Join(", ", input.shape)}]; use PairedAlleleModel.Stack.", nameof(input));
        }

        using var scope = torch.NewDisposeScope();
        var first = AlleleTrunk.Run(conv0, convlayers, fc0, input.narrow(1, 0, 4));
        var second = AlleleTrunk.Run(conv0, convlayers, fc0, input.narrow(1, 4, 4));
        return Heads(first, second).MoveToOuterDisposeScope();
    }

    /// <summary>The per-allele trunk (conv0, convlayers) as stages on the 2L reverse-complement concatenation.</summary>
    public IReadOnlyList<TrunkStage> TrunkStages => _stages ??= AlleleTrunk.Stages(conv0, convlayers, Options);

    /// <summary>Each allele (N, 4, L) runs through the trunk as [x | reverse complement of x], (N, 4, 2L).</summary>
    public TrunkInputLayout SideLayout => _sideLayout ??= TrunkInputLayout.WithReverseComplement(Options.Length);

    /// <summary>fc0 on each allele's final trunk map, then the count and ratio heads.</summary>
    /// <param name="first">The first allele's trunk output (N, F, L_D).</param>
    /// <param name="second">The second allele's trunk output (N, F, L_D).</param>
    /// <returns>(N, 3): first count, second count, ratio.</returns>
    public Tensor EvaluateHead(Tensor first, Tensor second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        using var scope = torch.NewDisposeScope();
        return Heads(AlleleTrunk.Flatten(fc0, first), AlleleTrunk.Flatten(fc0, second)).MoveToOuterDisposeScope();
    }

    /// <summary>Both alleles' fc0 features (N, H) → (N, 3).</summary>
    private Tensor Heads(Tensor first, Tensor second)
    {
        var firstCount = counts_out.call(AlleleTrunk.RunHidden(fclayers, first));
        var secondCount = counts_out.call(AlleleTrunk.RunHidden(fclayers, second));
        var ratio = ratio_out is null
            ? firstCount - secondCount
            : ratio_out.call(AlleleTrunk.RunHidden(ratio_fclayers!, torch.cat([first, second], 1)));
        return torch.cat([firstCount, secondCount, ratio], 1);
    }

    /// <summary>The first block's maps of each position without the reverse-complement concatenation (DeepAllele's activation mode).</summary>
    /// <param name="alleles">One-hot sequences (N, 4, L′), float32, any length L′ ≥ 1.</param>
    /// <returns>(N, K0, L′) float32: conv0 → ReLU → BatchNorm, in the module's current mode.</returns>
    /// <exception cref="ArgumentException">The input is not (N, 4, L′).</exception>
    public Tensor FirstLayerMaps(Tensor alleles)
    {
        RequireAlleles(alleles, nameof(alleles));
        return conv0.call(alleles);
    }

    /// <summary>Stacks two allele batches along the channels into the model's (N, 8, L) input.</summary>
    /// <param name="first">(N, 4, L) first alleles.</param>
    /// <param name="second">(N, 4, L) second alleles.</param>
    /// <returns>A new (N, 8, L) tensor.</returns>
    /// <exception cref="ArgumentException">An input is not (N, 4, L) or the shapes differ.</exception>
    public static Tensor Stack(Tensor first, Tensor second)
    {
        RequireAlleles(first, nameof(first));
        RequireAlleles(second, nameof(second));
        if (!first.shape.SequenceEqual(second.shape))
        {
            throw new ArgumentException($"The alleles have shapes [{string.Join(", ", first.shape)}] and [{string.Join(", ", second.shape)}]; they must match.", nameof(second));
        }

        return torch.cat([first, second], 1);
    }

    /// <summary>Converts DeepAllele's analysis layout (N, L, 4, 2) (last axis: allele) into the stacked (N, 8, L) input.</summary>
    /// <param name="alleles">(N, L, 4, 2) tensor.</param>
    /// <returns>A new contiguous (N, 8, L) tensor: out[n, 4a + c, l] = alleles[n, l, c, a].</returns>
    /// <exception cref="ArgumentException">The input is not (N, L, 4, 2).</exception>
    public static Tensor FromAlleleLayout(Tensor alleles)
    {
        ArgumentNullException.ThrowIfNull(alleles);
        if (alleles.dim() != 4 || alleles.shape[2] != 4 || alleles.shape[3] != 2)
        {
            throw new ArgumentException($"Expected (N, L, 4, 2) but got shape [{string.Join(", ", alleles.shape)}].", nameof(alleles));
        }

        using var scope = torch.NewDisposeScope();
        return alleles.permute(0, 3, 2, 1).reshape(alleles.shape[0], 8, alleles.shape[1]).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Concatenates each sequence with its reverse complement along the length (A, C, G, T channel order).</summary>
    /// <param name="sequences">(N, 4, L) one-hot sequences.</param>
    /// <returns>A new (N, 4, 2L) tensor [x | reverse complement of x]; it equals its own reverse complement.</returns>
    /// <exception cref="ArgumentException">The input is not (N, 4, L).</exception>
    public static Tensor ConcatenateReverseComplement(Tensor sequences)
    {
        RequireAlleles(sequences, nameof(sequences));
        return TrunkInputLayout.ConcatenateReverseComplement(sequences);
    }

    private static string[] AlleleChannels(string allele) => [$"{allele}.A", $"{allele}.C", $"{allele}.G", $"{allele}.T"];

    private static void RequireAlleles(Tensor tensor, string name)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        if (tensor.dim() != 3 || tensor.shape[1] != 4)
        {
            throw new ArgumentException($"Expected one-hot alleles (N, 4, L) but got shape [{string.Join(", ", tensor.shape)}].", name);
        }
    }
}
