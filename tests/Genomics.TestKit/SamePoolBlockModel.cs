using Genomics.Models.Abstractions;
using Genomics.Models.Blocks;
using Genomics.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.TestKit;

/// <summary>
/// A tiny one-hot DNA block model whose pools pad before the sequence, as Keras 'same' pooling does:
/// block 0 — conv 4→5 (k 5), ReLU, max-pool 4 with −∞ padding 1 before and 1 after; block 1 — conv 5→4 (k 3), ReLU,
/// TensorFlow-'same' average pool 3 stride 2 (its padding, 1 before and 1 after, follows from the length); flatten
/// channel-major; output linear 12→T. Length 30: 26 → 7 → 5 → 3 positions.
/// </summary>
public sealed class SamePoolBlockModel : BlockSequenceModel<ToyBlockModelOptions>
{
    /// <summary>The input length the head is sized for.</summary>
    public const int Length = 30;

    /// <summary>Builds the model with TorchSharp's default initialisation.</summary>
    /// <param name="targets">Outputs.</param>
    public SamePoolBlockModel(int targets = 2)
        : base(nameof(SamePoolBlockModel), new ToyBlockModelOptions(Length, targets), BuildBlocks)
    {
    }

    private static BlockArchitecture BuildBlocks(ToyBlockModelOptions o)
    {
        ConvolutionBlock[] trunk =
        [
            new(
                NamedModule.Of("trunk.0.conv", new Conv1dLayer(4, 5, 5)),
                activation: NamedModule.Of("trunk.0.act", new Activation(ActivationKind.Relu)),
                pool: NamedModule.Of("trunk.0.pool", new Pool1d(PoolKind.Max, 4, 4, paddingBefore: 1, paddingAfter: 1))),
            new(
                NamedModule.Of("trunk.1.conv", new Conv1dLayer(5, 4, 3)),
                activation: NamedModule.Of("trunk.1.act", new Activation(ActivationKind.Relu)),
                pool: NamedModule.Of("trunk.1.pool", Pool1d.TensorFlowSame(PoolKind.Average, 3, 2))),
        ];
        DenseBlock[] head = [new(NamedModule.Of("out", new DenseLayer(4 * 3, o.Targets)))];
        return new BlockArchitecture(
            SequenceInputSpec.Dna(o.Length),
            new SequenceOutputSpec(Enumerable.Range(0, o.Targets).Select(t => $"t{t}").ToArray()),
            trunk,
            FeatureFlattening.ChannelMajor,
            head);
    }
}
