using Genomics.Models.Abstractions;
using Genomics.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Genomics.Models.Architectures.PairedAllele;

/// <summary>Builds, runs and describes the per-allele trunk shared by <see cref="PairedAlleleModel"/> and <see cref="SingleAlleleModel"/>.</summary>
internal static class AlleleTrunk
{
    public static AlleleConvBlock FirstBlock(PairedAlleleOptions o) => new(4, o.FirstFilters, o.FirstKernelSize);

    /// <summary>[ConvBlock K0→F, (Residual(ConvBlock F→F), Pool) × D], indexed as DeepAllele's <c>convlayers</c>.</summary>
    public static ModuleList<nn.Module<Tensor, Tensor>> ConvolutionLayers(PairedAlleleOptions o)
    {
        var layers = new ModuleList<nn.Module<Tensor, Tensor>> { new AlleleConvBlock(o.FirstFilters, o.Filters, o.KernelSize) };
        for (var d = 0; d < o.ResidualBlocks; d++)
        {
            layers.Add(new ResidualBlock(new AlleleConvBlock(o.Filters, o.Filters, o.KernelSize)));
            layers.Add(new Pool1d(o.Pooling, o.PoolSize, ceilMode: true));
        }

        return layers;
    }

    public static DenseBlock Flatten(PairedAlleleOptions o) => new(o.FlattenSize, o.HiddenSize, relu: true, dropout: null);

    public static ModuleList<DenseBlock> Hidden(int layers, int size, double dropout)
    {
        var list = new ModuleList<DenseBlock>();
        for (var i = 0; i < layers; i++)
        {
            list.Add(new DenseBlock(size, size, relu: true, dropout: dropout));
        }

        return list;
    }

    /// <summary>One allele (N, 4, L) → fc0 features (N, H).</summary>
    public static Tensor Run(AlleleConvBlock conv0, ModuleList<nn.Module<Tensor, Tensor>> convlayers, DenseBlock fc0, Tensor allele)
    {
        using var scope = torch.NewDisposeScope();
        var x = conv0.call(PairedAlleleModel.ConcatenateReverseComplement(allele));
        foreach (var layer in convlayers)
        {
            x = layer.call(x);
        }

        return fc0.call(x.flatten(1)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The trunk as position-local stages on the 2L concatenation (<see cref="TrunkInputLayout.WithReverseComplement"/>):
    /// conv0 and convlayers.0 as 'same' convolutions with ReLU → BatchNorm, each residual block as a residual stage, each
    /// ceil-mode pool with its partial last window.
    /// </summary>
    public static List<TrunkStage> Stages(AlleleConvBlock conv0, ModuleList<nn.Module<Tensor, Tensor>> convlayers, PairedAlleleOptions o)
    {
        var stages = new List<TrunkStage>();
        conv0.AddStages(stages, "conv0");
        var length = o.ConcatenatedLength;
        for (var i = 0; i < convlayers.Count; i++)
        {
            switch (convlayers[i])
            {
                case AlleleConvBlock block:
                    block.AddStages(stages, $"convlayers.{i}");
                    break;
                case ResidualBlock { Inner: AlleleConvBlock inner }:
                    var branch = new List<TrunkStage>();
                    inner.AddStages(branch, $"convlayers.{i}._module");
                    stages.Add(TrunkStage.Residual($"convlayers.{i}", branch));
                    break;
                case Pool1d pool:
                    stages.Add(TrunkStage.ForPool($"convlayers.{i}", pool, length));
                    length = pool.OutputLength(length);
                    break;
                default:
                    throw new InvalidOperationException($"convlayers.{i} ({convlayers[i].GetType().Name}) has no trunk-stage description.");
            }
        }

        return stages;
    }

    /// <summary>A final trunk map (N, F, L_D) → fc0 features (N, H).</summary>
    public static Tensor Flatten(DenseBlock fc0, Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        using var scope = torch.NewDisposeScope();
        return fc0.call(features.flatten(1)).MoveToOuterDisposeScope();
    }

    public static Tensor RunHidden(ModuleList<DenseBlock> layers, Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = input;
        foreach (var layer in layers)
        {
            x = layer.call(x);
        }

        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Layer descriptions of the trunk; receptive fields count positions of the 2L concatenated sequence.</summary>
    public static List<LayerInfo> Describe(PairedAlleleOptions o)
    {
        var rf = new ReceptiveFieldTracker();
        var layers = new List<LayerInfo>();
        AddBlock(layers, rf, "conv0", o.FirstKernelSize, o.FirstFilters);
        AddBlock(layers, rf, "convlayers.0", o.KernelSize, o.Filters);
        for (var d = 0; d < o.ResidualBlocks; d++)
        {
            var index = 1 + (2 * d);
            AddBlock(layers, rf, $"convlayers.{index}._module", o.KernelSize, o.Filters);
            layers.Add(rf.Describe($"convlayers.{index}", LayerKind.Other, o.Filters));
            layers.Add(rf.Apply(o.PoolSize, o.PoolSize).Describe($"convlayers.{index + 1}", LayerKind.Pooling, o.Filters));
        }

        AddDense(layers, "fc0", o.HiddenSize, relu: true);
        return layers;
    }

    public static void AddDense(List<LayerInfo> layers, string path, int size, bool relu)
    {
        layers.Add(new LayerInfo($"{path}.0", LayerKind.Linear, size, null, null));
        if (relu)
        {
            layers.Add(new LayerInfo($"{path}.1", LayerKind.Activation, size, null, null));
        }
    }

    private static void AddBlock(List<LayerInfo> layers, ReceptiveFieldTracker rf, string path, int kernel, int channels)
    {
        layers.Add(rf.Apply(kernel).Describe($"{path}.0", LayerKind.Convolution, channels));
        layers.Add(rf.Describe($"{path}.1", LayerKind.Activation, channels));
        layers.Add(rf.Describe($"{path}.2", LayerKind.Normalization, channels));
    }
}
