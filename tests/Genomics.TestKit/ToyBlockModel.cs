using Genomics.Models.Abstractions;
using Genomics.Models.Blocks;
using Genomics.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.TestKit;

/// <summary>Options of <see cref="ToyBlockModel"/>.</summary>
/// <param name="Length">Input length; 30 gives 26 → 13 → (padded 15) 7 → 3 positions.</param>
/// <param name="Targets">Outputs.</param>
public sealed record ToyBlockModelOptions(int Length = 30, int Targets = 2);

/// <summary>
/// A tiny one-hot DNA model built only from blocks, with nested module paths (<c>trunk.0.conv</c>):
/// block 0 — conv 4→5 (k 5), batch norm, ReLU, max-pool 2; block 1 — zero padding 1/1, conv 5→4 (k 3, stride 2), ReLU,
/// average pool 3 in ceil mode (a partial last window), dropout; flatten channel-major; head — linear 12→6, ReLU,
/// dropout; output linear 6→T.
/// </summary>
public sealed class ToyBlockModel : BlockSequenceModel<ToyBlockModelOptions>
{
    /// <summary>Builds the model with TorchSharp's default initialisation.</summary>
    /// <param name="options">The options; defaults when null.</param>
    public ToyBlockModel(ToyBlockModelOptions? options = null)
        : base(nameof(ToyBlockModel), options ?? new ToyBlockModelOptions(), BuildBlocks)
    {
    }

    /// <summary>The trunk's output length for an input length: conv 5, pool 2, pad 1 + 1, conv 3 stride 2, ceil pool 3.</summary>
    public static int TrunkLength(int length)
    {
        var pooled = (length - 4) / 2;
        var strided = ((pooled + 2 - 3) / 2) + 1;
        return ((strided - 3 + 2) / 3) + 1;
    }

    private static BlockArchitecture BuildBlocks(ToyBlockModelOptions o)
    {
        ConvolutionBlock[] trunk =
        [
            new(
                NamedModule.Of("trunk.0.conv", new Conv1dLayer(4, 5, 5)),
                normalization: NamedModule.Of<nn.Module<Tensor, Tensor>>("trunk.0.norm", nn.BatchNorm1d(5)),
                activation: NamedModule.Of("trunk.0.act", new Activation(ActivationKind.Relu)),
                pool: NamedModule.Of("trunk.0.pool", new Pool1d(PoolKind.Max, 2))),
            new(
                NamedModule.Of("trunk.1.conv", new Conv1dLayer(5, 4, 3, stride: 2)),
                activation: NamedModule.Of("trunk.1.act", new Activation(ActivationKind.Relu)),
                pool: NamedModule.Of("trunk.1.pool", new Pool1d(PoolKind.Average, 3, ceilMode: true)),
                dropout: NamedModule.Of("trunk.1.drop", nn.Dropout(0.2)),
                paddingBefore: 1,
                paddingAfter: 1),
        ];
        DenseBlock[] head =
        [
            new(
                NamedModule.Of("head.0", new DenseLayer(4 * TrunkLength(o.Length), 6)),
                activation: NamedModule.Of("head.1", new Activation(ActivationKind.Relu)),
                dropout: NamedModule.Of("head.2", nn.Dropout(0.2))),
            new(NamedModule.Of("out", new DenseLayer(6, o.Targets))),
        ];
        return new BlockArchitecture(
            SequenceInputSpec.Dna(o.Length),
            new SequenceOutputSpec(Enumerable.Range(0, o.Targets).Select(t => $"t{t}").ToArray()),
            trunk,
            FeatureFlattening.ChannelMajor,
            head);
    }
}
