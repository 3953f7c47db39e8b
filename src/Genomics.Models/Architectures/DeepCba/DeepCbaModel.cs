using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.DeepCba;

/// <summary>
/// DeepCBA promoter-proximal-interaction model (Wang et al., Plant Communications 5:100985, 2024; the model DeepASMM
/// interprets): predicts a maize gene's expression from two 3000-nt regions around its TSS and TTS, each read by its
/// own CNN–BiLSTM branch and merged by dot-product attention.
/// </summary>
/// <remarks>
/// Layers, for one-hot input (N, 4, 6000) = region A (positions 0–2999) then region B, with the published options;
/// <c>branchA</c> and <c>branchB</c> have the same structure and separate weights:
/// 1. <c>convs.0</c>: Conv1d 4→64, width 8, valid → (N, 64, 2993); <c>norms.0</c> batch norm with shift only (Keras
///    <c>scale=False</c>, momentum 0.99 = PyTorch 0.01, ε 1e-3); <c>activations.0</c> ReLU.
/// 2. <c>convs.1</c>: Conv1d 64→64, width 8, 'same' (3 before, 4 after); norm; ReLU; <c>pools.0</c> max-pool 8, stride 8,
///    Keras 'same' → (N, 64, 375); <c>dropouts.0</c> 0.3.
/// 3. <c>convs.2</c>, <c>convs.3</c>: 64→128, 128→128 'same', each with norm and ReLU; pool → (N, 128, 47); dropout.
/// 4. <c>convs.4</c>, <c>convs.5</c>: 128→64, 64→64 'same', each with norm and ReLU; pool → (N, 64, 6); dropout.
/// 5. Reshape the channels-last (6, 64) tensor row-major to (3, 128): step s holds positions 2s and 2s + 1.
/// 6. <c>lstm</c>: bidirectional LSTM, 128 per direction, all steps → (N, 3, 256) (forward then backward features).
/// 7. <c>attention</c>: Keras <c>Attention()([A, B])</c>: softmax over B's steps of A·Bᵀ (no scale), times B → (N, 3, 256).
/// 8. Flatten → 768; <c>dropout</c> 0.3; <c>dense</c> Linear 768→64; <c>denseActivation</c> ReLU; <c>output</c> Linear 64→1.
/// Parameters: 1,239,169. Keras reports the same total but counts it differently: 1,237,121 trainable plus 2,048
/// non-trainable batch-norm moving statistics; here the moving statistics are buffers, not parameters, and each LSTM
/// direction has PyTorch's second bias vector (<c>bias_hh</c>, 4 × 128), which adds the same 2,048. When importing
/// Keras weights, put the Keras LSTM bias into <c>bias_ih</c> and zero <c>bias_hh</c>.
/// No deviation from the original computation is known; the original's input is a (4, 6000, 1) image split along the
/// length, here it is (N, 4, 6000) split the same way. Keras 'same' max-pools are reproduced exactly (TensorFlow's
/// padding split, not PyTorch's ceil mode); see docs/architectures/deepcba.md for each equivalence.
/// </remarks>
public sealed class DeepCbaModel : SequenceModel<DeepCbaOptions>
{
    private readonly DeepCbaBranch branchA;
    private readonly DeepCbaBranch branchB;
    private readonly DotProductAttention attention;
    private readonly Dropout dropout;
    private readonly Linear dense;
    private readonly Activation denseActivation;
    private readonly Linear output;

    /// <summary>Builds the network; weights use TorchSharp's default initialisation (seed with <see cref="Compute.TorchSeedScope"/>).</summary>
    /// <param name="options">Hyper-parameters; <see cref="DeepCbaOptions.Published"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public DeepCbaModel(DeepCbaOptions? options = null)
        : base(nameof(DeepCbaModel), (options ?? DeepCbaOptions.Published).Validate())
    {
        var o = Options;
        branchA = new DeepCbaBranch(o, nameof(branchA));
        branchB = new DeepCbaBranch(o, nameof(branchB));
        attention = new DotProductAttention();
        dropout = nn.Dropout(o.Dropout);
        dense = nn.Linear((long)o.LstmSteps * 2 * o.LstmHidden, o.DenseUnits);
        denseActivation = new Activation(ActivationKind.Relu);
        output = nn.Linear(o.DenseUnits, 1);
        RegisterComponents();

        var layers = new List<LayerInfo>();
        layers.AddRange(DeepCbaBranch.Describe(o, nameof(branchA)));
        layers.AddRange(DeepCbaBranch.Describe(o, nameof(branchB)));
        layers.Add(new LayerInfo(nameof(attention), LayerKind.Attention, 2 * o.LstmHidden, null, null));
        layers.Add(new LayerInfo(nameof(dense), LayerKind.Linear, o.DenseUnits, null, null));
        layers.Add(new LayerInfo(nameof(denseActivation), LayerKind.Activation, o.DenseUnits, null, null));
        layers.Add(new LayerInfo(nameof(output), LayerKind.Linear, 1, null, null));
        Describe(SequenceInputSpec.Dna(o.InputLength), new SequenceOutputSpec([o.TargetName], OutputActivation.None), layers);
    }

    /// <summary>Runs the network.</summary>
    /// <param name="input">One-hot DNA (N, 4, 2R), float32: region A in positions [0, R), region B in [R, 2R), R = <see cref="DeepCbaOptions.RegionLength"/>.</param>
    /// <returns>The predicted expression (N, 1), float32 (regression; no output activation).</returns>
    /// <exception cref="ArgumentException">The input is not (N, 4, 2R).</exception>
    public override Tensor forward(Tensor input)
    {
        Input.Validate(input, nameof(input));
        using var scope = torch.NewDisposeScope();
        var r = Options.RegionLength;
        var a = branchA.call(input[.., .., ..r]);
        var b = branchB.call(input[.., .., r..]);
        var x = attention.call(a, b).flatten(1);
        x = denseActivation.call(dense.call(dropout.call(x)));
        return output.call(x).MoveToOuterDisposeScope();
    }
}
