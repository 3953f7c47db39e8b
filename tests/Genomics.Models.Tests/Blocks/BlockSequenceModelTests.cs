using Genomics.Models.Abstractions;
using Genomics.Models.Blocks;
using Genomics.Models.Compute;
using Genomics.Models.Layers;
using Genomics.TestKit;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Genomics.Models.Tests.Blocks;

[NonParallelizable]
public sealed class BlockSequenceModelTests
{
    private static ToyBlockModel Seeded()
    {
        using var seed = new TorchSeedScope(7);
        var model = new ToyBlockModel();
        using var noGrad = torch.no_grad();
        foreach (var (_, module) in model.named_modules())
        {
            if (module is TorchSharp.Modules.BatchNorm1d norm)
            {
                norm.running_mean!.copy_(torch.randn(norm.running_mean.shape) * 0.3f);
                norm.running_var!.copy_(torch.rand(norm.running_var!.shape) + 0.5f);
            }
        }

        return model;
    }

    [Test]
    public void ToyModel_ReportsItsLayersFromTheBlocks()
    {
        using var model = Seeded();
        var layers = model.Layers.Select(l => (l.Name, l.Kind, l.OutputChannels, l.ReceptiveField, l.Stride)).ToArray();
        (string, LayerKind, int?, int?, int?)[] expected =
        [
            ("trunk.0.conv", LayerKind.Convolution, 5, 5, 1),
            ("trunk.0.norm", LayerKind.Normalization, 5, 5, 1),
            ("trunk.0.act", LayerKind.Activation, 5, 5, 1),
            ("trunk.0.pool", LayerKind.Pooling, 5, 6, 2),
            ("trunk.1.conv", LayerKind.Convolution, 4, 10, 4),
            ("trunk.1.act", LayerKind.Activation, 4, 10, 4),
            ("trunk.1.pool", LayerKind.Pooling, 4, 18, 12),
            ("head.0", LayerKind.Linear, 6, null, null),
            ("head.1", LayerKind.Activation, 6, null, null),
            ("out", LayerKind.Linear, 2, null, null),
        ];
        var modules = model.named_modules().Select(m => m.name).ToHashSet();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(layers, Is.EqualTo(expected));
            Assert.That(model.Layers.Select(l => l.Name), Is.SubsetOf(modules), "every listed layer is a module at its path");
            Assert.That(model.Input.Length, Is.EqualTo(30));
            Assert.That(model.Output.TargetNames, Is.EqualTo(new[] { "t0", "t1" }));
        }
    }

    [Test]
    public void ToyModel_RegistersEveryModuleUnderItsPathInForwardOrder()
    {
        using var model = Seeded();
        var keys = model.state_dict().Keys.ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(keys, Is.EqualTo(new[]
            {
                "trunk.0.conv.weight", "trunk.0.conv.bias", "trunk.0.norm.weight", "trunk.0.norm.bias",
                "trunk.1.conv.weight", "trunk.1.conv.bias", "head.0.weight", "head.0.bias", "out.weight", "out.bias",
                "trunk.0.norm.running_mean", "trunk.0.norm.running_var", "trunk.0.norm.num_batches_tracked",
            }));
            Assert.That(model.named_children().Select(c => c.name), Is.EqualTo(new[] { "trunk", "head", "out" }));
        }
    }

    [Test]
    public void ToyModel_ReportsItsTrunkStages()
    {
        using var model = Seeded();
        var stages = ((IConvolutionalTrunk)model).TrunkStages
            .Select(s => (s.Name, s.Span, s.Stride, s.PaddingBefore, s.PaddingAfter, s.IsConvolution, s.IsPointwise))
            .ToArray();
        (string, int, int, int, int, bool, bool)[] expected =
        [
            ("trunk.0.conv", 5, 1, 0, 0, true, false),
            ("trunk.0.norm+trunk.0.act", 1, 1, 0, 0, false, true),
            ("trunk.0.pool", 2, 2, 0, 0, false, false),
            ("trunk.1.conv", 3, 2, 1, 1, true, false),
            ("trunk.1.act", 1, 1, 0, 0, false, true),
            ("trunk.1.pool", 3, 3, 0, 2, false, false),
            ("trunk.1.drop", 1, 1, 0, 0, false, true),
        ];
        Assert.That(stages, Is.EqualTo(expected));
    }

    [Test]
    public void ToyModel_TrunkStagesThenHeadEqualTheForwardPass()
    {
        using var model = Seeded();
        model.eval();
        var trunk = (IConvolutionalTrunk)model;
        using var x = TestSequences.RandomOneHot(4, 30, 3);
        using var scope = torch.NewDisposeScope();
        var current = trunk.InputLayout.Prepare(x);
        var lengths = new List<long>();
        foreach (var stage in trunk.TrunkStages)
        {
            var before = (int)current.shape[2];
            current = stage.Forward(current);
            Assert.That(current.shape[2], Is.EqualTo(stage.OutputLength(before)), stage.Name);
            lengths.Add(current.shape[2]);
        }

        var viaTrunk = trunk.EvaluateHead(current);
        var direct = model.Evaluate(x);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lengths, Is.EqualTo(new long[] { 26, 26, 13, 7, 7, 3, 3 }));
            Assert.That(ToyBlockModel.TrunkLength(30), Is.EqualTo(3));
            Assert.That(direct.shape, Is.EqualTo(new long[] { 4, 2 }));
            Assert.That((viaTrunk - direct).abs().max().item<float>(), Is.LessThan(1e-6f));
            Assert.That(direct.abs().max().item<float>(), Is.GreaterThan(0f));
        }
    }

    [Test]
    public void ForwardHooksFireOnEveryBlockModule()
    {
        using var model = Seeded();
        model.eval();
        var seen = new List<string>();
        var handles = model.Architecture.Modules
            .Select(m =>
            {
                var name = m.Name;
                return ((nn.Module<Tensor, Tensor>)m.Module).register_forward_hook((_, _, output) =>
                {
                    seen.Add(name);
                    return output;
                });
            })
            .ToArray();
        try
        {
            using var x = TestSequences.RandomOneHot(2, 30, 4);
            using var y = model.Evaluate(x);
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle.remove();
            }
        }

        Assert.That(seen, Is.EqualTo(new[]
        {
            "trunk.0.conv", "trunk.0.norm", "trunk.0.act", "trunk.0.pool",
            "trunk.1.conv", "trunk.1.act", "trunk.1.pool", "trunk.1.drop",
            "head.0", "head.1", "head.2", "out",
        }));
    }

    [Test]
    public void Forward_RejectsInputsThatDoNotMatchTheSpecification()
    {
        using var model = Seeded();
        using var wrongLength = torch.zeros(1, 4, 29);
        Assert.That(() => model.Evaluate(wrongLength), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("input"));
    }

    [Test]
    public void BlocksAndArchitecturesRejectInvalidArguments()
    {
        using var conv = new Conv1dLayer(4, 2, 3);
        var block = new ConvolutionBlock(NamedModule.Of("c", conv));
        var dna = SequenceInputSpec.Dna(10);
        var output = new SequenceOutputSpec(["t"]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => NamedModule.Of("", conv), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("name"));
            Assert.That(() => NamedModule.Of("a..b", conv), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("name"));
            Assert.That(() => NamedModule.Of<Conv1dLayer>("a", null!), Throws.ArgumentNullException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("module"));
            Assert.That(() => new ConvolutionBlock(NamedModule.Of("c", conv), paddingBefore: -1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("paddingBefore"));
            Assert.That(() => new BlockArchitecture(dna, output, [], FeatureFlattening.ChannelMajor, []), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("trunk"));
            Assert.That(() => new BlockArchitecture(dna, output, [block], (FeatureFlattening)7, []), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("flattening"));
            Assert.That(() => new BlockArchitecture(dna, output, [null!], FeatureFlattening.ChannelMajor, []), Throws.ArgumentNullException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("trunk"));
        }
    }

    [Test]
    public void TwoModulesOnOnePath_AreRejected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new PathClashModel("a.0", "a.0"), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("path").And.Message.Contains("'a.0'"));
            Assert.That(() => new PathClashModel("a", "a.0"), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("path").And.Message.Contains("'a.0'"));
            Assert.That(() => new PathClashModel("a.0", "a"), Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("path").And.Message.Contains("'a'"));
        });
    }

    [Test]
    public void AModelThatNeverDescribesItself_SaysSo()
    {
        using var model = new UndescribedModel();
        Assert.That(() => model.Input, Throws.InvalidOperationException.With.Message.Contains(nameof(UndescribedModel)).And.Message.Contains("Describe"));
    }

    private sealed class PathClashModel(string first, string second)
        : BlockSequenceModel<string>(nameof(PathClashModel), first + "|" + second, o =>
        {
            var paths = o.Split('|');
            return new BlockArchitecture(
                SequenceInputSpec.Dna(8),
                new SequenceOutputSpec(["t"]),
                [new ConvolutionBlock(NamedModule.Of(paths[0], new Conv1dLayer(4, 1, 3)), activation: NamedModule.Of(paths[1], new Activation(ActivationKind.Relu)))],
                FeatureFlattening.ChannelMajor,
                []);
        });

    private sealed class UndescribedModel() : SequenceModel<string>(nameof(UndescribedModel), "options")
    {
        public override Tensor forward(Tensor input) => input.alias();
    }
}
