using NUnit.Framework;
using Genomics.Models.Abstractions;
using Genomics.Models.Architectures.Basset;
using Genomics.Models.Architectures.DeepDifE;
using Genomics.Models.Architectures.NeuronMotifDemo;
using Genomics.Models.Compute;
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

    public static NeuronMotifDemoModel NeuronMotif(NeuronMotifDemoOptions options) => Seeded(() => new NeuronMotifDemoModel(options));

    private static T Seeded<T>(Func<T> build)
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
