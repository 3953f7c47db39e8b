using Genomics.Models.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.PairedAllele;

/// <summary>
/// DeepAllele's <c>SingleHeadResidualCNN</c>: the trunk of <see cref="PairedAlleleModel"/> on one sequence, predicting
/// its log count. DeepAllele trains it on one strain, the other, or both as separate examples, and takes the ratio as
/// the difference of the two alleles' predictions.
/// </summary>
/// <remarks>
/// Layers: reverse-complement concatenation, <c>conv0</c>, <c>convlayers</c> and <c>fc0</c> exactly as in
/// <see cref="PairedAlleleModel"/>; <c>fclayers.i</c> h × [Linear H→H, ReLU, Dropout]; <c>out</c>: Linear H→1 → ReLU
/// (<c>out.0</c>, <c>out.1</c>). The final ReLU is part of the original network (counts are ln(1 + reads) ≥ 0), so the
/// output is not a pre-activation value. <see cref="PairedAlleleOptions.Heads"/> is ignored.
/// Input (N, 4, L) float32 one-hot; output (N, 1) float32. As an <see cref="IConvolutionalTrunk"/> the trunk is
/// described as position-local stages on the reverse-complement concatenation (fast ISM).
/// </remarks>
public sealed class SingleAlleleModel : SequenceModel<PairedAlleleOptions>, IConvolutionalTrunk
{
    private readonly AlleleConvBlock conv0;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> convlayers;
    private readonly DenseBlock fc0;
    private readonly ModuleList<DenseBlock> fclayers;
    private readonly DenseBlock @out;
    private IReadOnlyList<TrunkStage>? _stages;
    private TrunkInputLayout? _inputLayout;

    /// <summary>Builds the network; weights use TorchSharp's default initialisation (seed with <see cref="Compute.TorchSeedScope"/>).</summary>
    /// <param name="options">Hyper-parameters; <see cref="PairedAlleleOptions.Atac"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public SingleAlleleModel(PairedAlleleOptions? options = null)
        : base(nameof(SingleAlleleModel), (options ?? PairedAlleleOptions.Atac).Validate())
    {
        var o = Options;
        conv0 = AlleleTrunk.FirstBlock(o);
        convlayers = AlleleTrunk.ConvolutionLayers(o);
        fc0 = AlleleTrunk.Flatten(o);
        fclayers = AlleleTrunk.Hidden(o.HiddenLayers, o.HiddenSize, o.Dropout);
        @out = new DenseBlock(o.HiddenSize, 1, relu: true, dropout: null);
        RegisterComponents();

        var layers = AlleleTrunk.Describe(o);
        for (var i = 0; i < o.HiddenLayers; i++)
        {
            AlleleTrunk.AddDense(layers, $"fclayers.{i}", o.HiddenSize, relu: true);
        }

        AlleleTrunk.AddDense(layers, "out", 1, relu: true);
        Describe(SequenceInputSpec.Dna(o.Length), new SequenceOutputSpec(["count"]), layers);
    }

    /// <summary>Runs the network.</summary>
    /// <param name="input">One-hot sequences (N, 4, L), float32.</param>
    /// <returns>Predicted log counts (N, 1), float32, ≥ 0.</returns>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var features = AlleleTrunk.Run(conv0, convlayers, fc0, input);
        return @out.call(AlleleTrunk.RunHidden(fclayers, features)).MoveToOuterDisposeScope();
    }

    /// <summary>The trunk (conv0, convlayers) as stages on the 2L reverse-complement concatenation.</summary>
    public IReadOnlyList<TrunkStage> TrunkStages => _stages ??= AlleleTrunk.Stages(conv0, convlayers, Options);

    /// <summary>The trunk sees [x | reverse complement of x], (N, 4, 2L).</summary>
    public TrunkInputLayout InputLayout => _inputLayout ??= TrunkInputLayout.WithReverseComplement(Options.Length);

    /// <summary>fc0, the hidden layers and the output layer with its ReLU on the final trunk map.</summary>
    /// <param name="features">(N, F, L_D).</param>
    /// <returns>(N, 1).</returns>
    public Tensor EvaluateHead(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        using var scope = torch.NewDisposeScope();
        return @out.call(AlleleTrunk.RunHidden(fclayers, AlleleTrunk.Flatten(fc0, features))).MoveToOuterDisposeScope();
    }
}
