using NUnit.Framework;
using Genomics.Models.Abstractions;
using Genomics.Models.Adapters;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Architectures.DeepDifE;
using Genomics.Models.Architectures.NeuronMotifDemo;
using Genomics.Models.Architectures.PairedAllele;
using Genomics.Models.Compute;
using Genomics.Models.Layers;
using Genomics.TestKit;
using TorchSharp;
using TorchSharp.Modules;

namespace Genomics.Interpret.Tests.Mutagenesis;

/// <summary>Tiny seeded zoo models with non-trivial batch-normalisation statistics, for fast-versus-naive ISM checks.</summary>
internal static class MutagenesisTestModels
{
    /// <summary>Test cases (model factory, input length) for every architecture with a convolutional trunk, tiny settings.</summary>
    public static IEnumerable<TestCaseData> TrunkCases()
    {
        yield return new TestCaseData((Func<ISequenceModel>)(() => Basset()), 60).SetArgDisplayNames("Basset");
        yield return new TestCaseData((Func<ISequenceModel>)DeepDifE, 90).SetArgDisplayNames("DeepDifE");
        yield return new TestCaseData((Func<ISequenceModel>)(() => NeuronMotif(NeuronMotifDemoOptions.Demo2)), 82).SetArgDisplayNames("NeuronMotifDemo2");
        yield return new TestCaseData((Func<ISequenceModel>)(() => PairedAlleleView(PairedAlleleMode.VaryFirst)), AlleleLength).SetArgDisplayNames("DeepAlleleVaryFirst");
        yield return new TestCaseData((Func<ISequenceModel>)(() => PairedAlleleView(PairedAlleleMode.VarySecond)), AlleleLength).SetArgDisplayNames("DeepAlleleVarySecond");
        yield return new TestCaseData((Func<ISequenceModel>)(() => PairedAlleleView(PairedAlleleMode.Both)), AlleleLength).SetArgDisplayNames("DeepAlleleBoth");
        yield return new TestCaseData((Func<ISequenceModel>)(() => PairedAlleleView(PairedAlleleMode.VaryFirst, PairedAlleleHeads.CountDifference, PoolKind.Max)), AlleleLength).SetArgDisplayNames("DeepAlleleMaxPoolCountDifference");
        yield return new TestCaseData((Func<ISequenceModel>)(() => SingleAllele()), AlleleLength).SetArgDisplayNames("DeepAlleleSingle");
        yield return new TestCaseData((Func<ISequenceModel>)(() => Seeded(() => new DilatedResidualModel(DilatedResidualModel.Length))), DilatedResidualModel.Length).SetArgDisplayNames("DilatedResidual");
        yield return new TestCaseData((Func<ISequenceModel>)(() => BlockToy()), BlockToyLength).SetArgDisplayNames("BlockToy");
        yield return new TestCaseData((Func<ISequenceModel>)(() => SamePoolBlock()), SamePoolBlockModel.Length).SetArgDisplayNames("SamePoolBlock");
    }

    /// <summary>
    /// The allele length of the tiny DeepAllele models: 2L = 82 → 28 → 10 through two ceil-mode pools of 3, both with a
    /// partial last window; an even first kernel (asymmetric 'same' padding).
    /// </summary>
    public const int AlleleLength = 41;

    /// <summary>Tiny DeepAllele options: two residual blocks, pool 3, ceil mode.</summary>
    public static PairedAlleleOptions AlleleOptions(PairedAlleleHeads heads = PairedAlleleHeads.RatioHead, PoolKind pooling = PoolKind.Average) => new()
    {
        Length = AlleleLength,
        FirstFilters = 6,
        FirstKernelSize = 4,
        Filters = 5,
        KernelSize = 3,
        PoolSize = 3,
        ResidualBlocks = 2,
        HiddenSize = 8,
        HiddenLayers = 1,
        Heads = heads,
        Pooling = pooling,
    };

    /// <summary>A seeded paired DeepAllele model seen through a <see cref="Genomics.Models.Adapters.PairedAlleleView"/>; the fixed side is a random allele.</summary>
    public static PairedAlleleView PairedAlleleView(PairedAlleleMode mode, PairedAlleleHeads heads = PairedAlleleHeads.RatioHead, PoolKind pooling = PoolKind.Average)
    {
        var model = PairedAllele(heads, pooling);
        using var fixedSide = TestSequences.RandomOneHot(1, AlleleLength, 29);
        return new PairedAlleleView(model, mode, mode == PairedAlleleMode.Both ? null : fixedSide);
    }

    public static PairedAlleleModel PairedAllele(PairedAlleleHeads heads = PairedAlleleHeads.RatioHead, PoolKind pooling = PoolKind.Average) =>
        Seeded(() => new PairedAlleleModel(AlleleOptions(heads, pooling)));

    /// <summary>A seeded single-allele DeepAllele model; its output layer's bias is raised so that the final ReLU passes.</summary>
    public static SingleAlleleModel SingleAllele()
    {
        var model = Seeded(() => new SingleAlleleModel(AlleleOptions()));
        using var noGrad = torch.no_grad();
        var output = (Linear)model.named_modules().Single(m => m.name == "out.0").module;
        output.bias!.add_(1f);
        return model;
    }

    /// <summary>Disposes a test model: its module and, for adapters, the adapter.</summary>
    public static void Release(ISequenceModel model)
    {
        model.Module.Dispose();
        (model as IDisposable)?.Dispose();
    }

    /// <summary><see cref="TrunkCases"/> plus NeuronMotif's 8-nt demo 1.</summary>
    public static IEnumerable<TestCaseData> TrunkCasesWithDemo1() =>
        TrunkCases().Append(new TestCaseData((Func<ISequenceModel>)(() => NeuronMotif(NeuronMotifDemoOptions.Demo1)), 8).SetArgDisplayNames("NeuronMotifDemo1"));

    public static BassetModel Basset(int length = 60) => Seeded(() => new BassetModel(new BassetOptions
    {
        InputLength = length,
        ConvFilters = [6, 5, 4],
        ConvWidths = [5, 3, 3],
        PoolWidths = [2, 3, 2],
        HiddenUnits = [8],
        HiddenDropouts = [0.3],
        Targets = 3,
    }));

    public static DeepDifEModel DeepDifE() => Seeded(() => new DeepDifEModel(new DeepDifEOptions
    {
        InputLength = 90,
        KernelLength = 5,
        FirstFilters = 6,
        PoolSize = 3,
        ExtraConvKernelSize = 3,
        ExtraConvStride = 2,
        FirstDenseUnits = 8,
        SecondDenseUnits = 4,
    }));

    /// <summary>The input length of <see cref="BlockToy"/>: 30 → 26 → 13 → 7 → 3 with a partial last average-pool window.</summary>
    public const int BlockToyLength = 30;

    /// <summary>A seeded model built only from blocks (<see cref="ToyBlockModel"/>): padded strided convolution, ceil-mode average pool, dense head.</summary>
    public static ToyBlockModel BlockToy() => Seeded(() => new ToyBlockModel(new ToyBlockModelOptions(BlockToyLength, Targets: 3)));

    /// <summary>A seeded block model whose max and average pools pad before the sequence (<see cref="SamePoolBlockModel"/>).</summary>
    public static SamePoolBlockModel SamePoolBlock() => Seeded(() => new SamePoolBlockModel(targets: 3));

    public static NeuronMotifDemoModel NeuronMotif(NeuronMotifDemoOptions options) => Seeded(() => new NeuronMotifDemoModel(options));

    public static T Seeded<T>(Func<T> build)
        where T : torch.nn.Module
    {
        using var seed = new TorchSeedScope(11);
        var model = build();
        using var noGrad = torch.no_grad();
        foreach (var (_, module) in model.named_modules())
        {
            if (module is Genomics.Models.Layers.Conv1dLayer conv)
            {
                // Positive biases keep the tiny networks' ReLUs alive, so substitutions change the outputs.
                conv.Bias?.add_(0.2f);
            }

            if (module is BatchNorm1d norm)
            {
                norm.running_mean!.copy_(torch.randn(norm.running_mean.shape) * 0.3f);
                norm.running_var!.copy_(torch.rand(norm.running_var!.shape) + 0.5f);
                norm.weight?.copy_(torch.rand(norm.weight.shape) + 0.5f);
                norm.bias?.copy_(torch.randn(norm.bias.shape) * 0.1f);
            }
        }

        return model;
    }
}
